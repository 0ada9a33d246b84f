using System.Text.RegularExpressions;
using ServiceDesk.DeploymentTests.Infrastructure;

namespace ServiceDesk.DeploymentTests.Bicep;

/// <summary>The Function App's app settings are identity-based, carry no secrets and keep development modes off.</summary>
public class AppSettingsTests
{
    private static IReadOnlyDictionary<string, string> Settings => CompiledTemplate.Main.AppSettings();

    [Theory]
    [InlineData("AzureWebJobsStorage__accountName")]
    [InlineData("AzureWebJobsStorage__blobServiceUri")]
    [InlineData("AzureWebJobsStorage__queueServiceUri")]
    [InlineData("AzureWebJobsStorage__tableServiceUri")]
    [InlineData("AzureWebJobsStorage__clientId")]
    [InlineData("ServiceBus__fullyQualifiedNamespace")]
    [InlineData("ServiceBus__clientId")]
    [InlineData("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")]
    public void Identity_based_connection_setting_is_set(string name)
    {
        Assert.True(Settings.ContainsKey(name), $"App setting {name} is missing.");
        Assert.False(string.IsNullOrWhiteSpace(Settings[name]));
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__credential")]
    [InlineData("ServiceBus__credential")]
    public void Connections_authenticate_with_the_managed_identity(string name) =>
        Assert.Equal("managedidentity", Settings[name]);

    [Fact]
    public void Telemetry_authenticates_with_entra()
    {
        Assert.Contains("Authorization=AAD", Settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("ServiceBus")]
    [InlineData("ServiceBusConnection")]
    public void No_connection_string_form_of_a_connection_is_set(string name) =>
        Assert.False(Settings.ContainsKey(name), $"{name} would be a connection string; use the identity-based {name}__* settings.");

    [Fact]
    public void No_setting_carries_a_key()
    {
        foreach (var (name, value) in Settings)
        {
            Assert.False(value.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase), $"{name} contains an account key.");
            Assert.False(value.Contains("SharedAccessKey", StringComparison.OrdinalIgnoreCase), $"{name} contains a shared access key.");
            Assert.False(value.Contains("listKeys(", StringComparison.OrdinalIgnoreCase), $"{name} is read from listKeys().");
        }
    }

    [Fact]
    public void Development_tokens_are_never_turned_on()
    {
        foreach (var (name, value) in Settings.Where(s => s.Key.EndsWith("__DevelopmentTokens", StringComparison.OrdinalIgnoreCase)))
        {
            Assert.True(string.Equals(value, "false", StringComparison.OrdinalIgnoreCase),
                $"{name} must be the literal false in Azure, not `{value}`.");
        }
    }

    [Theory]
    [InlineData("ServiceDesk__Mail__Smtp__Password", "smtp-password")]
    [InlineData("ServiceDesk__Mail__Imap__Password", "mail-imap-password")]
    [InlineData("ServiceDesk__Mail__InboundSigningKey", "mail-inbound-signing-key")]
    [InlineData("ServiceDesk__Workflows__LinkSigningKey", "parameters('workflowLinkSigningKeySecretName')")]
    public void Secret_bearing_setting_is_a_key_vault_reference(string name, string secretName)
    {
        // functionapp.bicep builds each reference in a variable; the setting is that variable (or empty while the feature is off).
        var value = Settings[name];
        var variable = Regex.Match(value, @"variables\('(?<name>\w+)'\)");
        Assert.True(variable.Success, $"{name} is `{value}`, not a Key Vault reference variable.");

        var functionApp = CompiledTemplate.Main.Resources("Microsoft.Resources/deployments").Single(d => d["name"]!.GetValue<string>() == "functionapp");
        var reference = functionApp["properties"]!["template"]!["variables"]![variable.Groups["name"].Value]!.GetValue<string>();
        Assert.Contains("@Microsoft.KeyVault(VaultName={0};SecretName=", reference.Replace("'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(secretName, reference, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_signing_key_is_never_set()
    {
        Assert.DoesNotContain(Settings.Keys, k => k.Contains("DevelopmentSigningKey", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_WORKER_RUNTIME_VERSION")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    public void Settings_that_flex_consumption_does_not_use_are_not_set(string name) =>
        Assert.False(Settings.ContainsKey(name), $"{name} is not used on Flex Consumption (functionAppConfig replaces it).");

    [Fact]
    public void Auth_issuer_is_the_entra_v2_issuer_of_the_configured_tenant()
    {
        Assert.Equal("[parameters('authIssuer')]", Settings["ServiceDesk__Auth__Issuer"]);
        Assert.Equal("[parameters('authAudience')]", Settings["ServiceDesk__Auth__Audience"]);

        var issuer = CompiledTemplate.Main.Root["variables"]!["authIssuer"]!.GetValue<string>();
        Assert.Contains("environment().authentication.loginEndpoint", issuer, StringComparison.Ordinal);
        Assert.Contains("parameters('authTenantId')", issuer, StringComparison.Ordinal);
        Assert.Contains("/v2.0", issuer, StringComparison.Ordinal);
    }
}
