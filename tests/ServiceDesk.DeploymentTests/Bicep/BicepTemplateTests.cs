using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ServiceDesk.DeploymentTests.Infrastructure;

namespace ServiceDesk.DeploymentTests.Bicep;

/// <summary>The templates compile and lint cleanly, and the resources have the properties the design relies on.</summary>
public partial class BicepTemplateTests
{
    private static CompiledTemplate Template => CompiledTemplate.Main;

    [Fact]
    public void Bicep_cli_is_the_pinned_version()
    {
        var result = BicepCli.Run(RepositoryPaths.Root, "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("0.49.2", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_template_builds_without_errors_or_warnings()
    {
        Assert.Equal(0, Template.BuildResult.ExitCode);
        Assert.Empty(Template.BuildResult.Diagnostics);
        Assert.Contains("subscriptionDeploymentTemplate.json", Template.Root["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bicep_file_lints_without_errors_or_warnings()
    {
        var files = Directory.GetFiles(RepositoryPaths.Infra, "*.bicep", SearchOption.AllDirectories);
        Assert.True(files.Length >= 2, $"Expected main.bicep and its modules under infra/, found {files.Length} files.");

        var result = BicepCli.Run(RepositoryPaths.Root, "lint", "--pattern", "infra/**/*.bicep", "--no-restore");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Diagnostics);
        Assert.Equal("", result.StandardError.Trim());
    }

    [Fact]
    public void Lint_with_the_infra_config_reports_the_problems_it_must_catch()
    {
        // Guards the two tests above: with infra/bicepconfig.json in force, lint does report problems.
        var dir = Directory.CreateTempSubdirectory("servicedesk-bicep-");
        try
        {
            File.Copy(Path.Combine(RepositoryPaths.Infra, "bicepconfig.json"), Path.Combine(dir.FullName, "bicepconfig.json"));
            var file = Path.Combine(dir.FullName, "bad.bicep");
            File.WriteAllText(file, """
                param unused string
                output portal string = 'https://management.azure.com/'
                """);

            var result = BicepCli.Run(dir.FullName, "lint", file, "--no-restore");

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains(result.Diagnostics, d => d.Contains("Warning no-unused-params", StringComparison.Ordinal));
            Assert.Contains(result.Diagnostics, d => d.Contains("Error no-hardcoded-env-urls", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_flex_consumption_from_a_blob_container()
    {
        var plan = Assert.Single(Template.Resources("Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());

        var site = Assert.Single(Template.Resources("Microsoft.Web/sites"));
        Assert.Equal("functionapp,linux", site["kind"]!.GetValue<string>());
        Assert.Equal("UserAssigned", site["identity"]!["type"]!.GetValue<string>());
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Equal("blobContainer", config["deployment"]!["storage"]!["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.Contains("'azd-service-name', 'api'", site["tags"]!.ToJsonString().Replace("\\u0027", "'", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Durable_group_is_always_ready_and_scale_is_parameterised()
    {
        var scale = Assert.Single(Template.Resources("Microsoft.Web/sites"))["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!;
        var groups = scale["alwaysReady"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("durable", groups);
        Assert.StartsWith("[parameters(", scale["instanceMemoryMB"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("[parameters(", scale["maximumInstanceCount"]!.GetValue<string>(), StringComparison.Ordinal);

        var parameters = Template.Root["parameters"]!;
        Assert.Equal(1, parameters["durableAlwaysReadyInstances"]!["defaultValue"]!.GetValue<int>());
        Assert.Equal(2048, parameters["instanceMemoryMB"]!["defaultValue"]!.GetValue<int>());
        Assert.Equal(100, parameters["maximumInstanceCount"]!["defaultValue"]!.GetValue<int>());
    }

    [Fact]
    public void Storage_account_refuses_shared_keys_and_has_the_deployment_container()
    {
        var account = Assert.Single(Template.Resources("Microsoft.Storage/storageAccounts"));
        Assert.False(account["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(account["properties"]!["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Single(Template.Resources("Microsoft.Storage/storageAccounts/blobServices/containers"));
        Assert.Single(Template.Resources("Microsoft.Storage/storageAccounts/queueServices"));
        Assert.Single(Template.Resources("Microsoft.Storage/storageAccounts/tableServices"));
    }

    [Fact]
    public void Ticket_events_topic_has_duplicate_detection_and_the_namespace_no_sas_keys()
    {
        var ns = Assert.Single(Template.Resources("Microsoft.ServiceBus/namespaces"));
        Assert.True(ns["properties"]!["disableLocalAuth"]!.GetValue<bool>());

        var topic = Assert.Single(Template.Resources("Microsoft.ServiceBus/namespaces/topics"));
        Assert.True(topic["properties"]!["requiresDuplicateDetection"]!.GetValue<bool>());

        var module = Template.Resources("Microsoft.Resources/deployments").Single(d => d["name"]!.GetValue<string>() == "servicebus");
        Assert.Equal("ticket-events", module["properties"]!["parameters"]!["topicName"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Communication_services_send_from_an_azure_managed_email_domain()
    {
        var domain = Assert.Single(Template.Resources("Microsoft.Communication/emailServices/domains"));
        Assert.Equal("AzureManaged", domain["properties"]!["domainManagement"]!.GetValue<string>());

        var acs = Assert.Single(Template.Resources("Microsoft.Communication/communicationServices"));
        Assert.NotNull(acs["properties"]!["linkedDomains"]);
        Assert.True(acs["properties"]!["disableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void Key_vault_uses_rbac_and_telemetry_accepts_only_entra_identities()
    {
        var vault = Assert.Single(Template.Resources("Microsoft.KeyVault/vaults"));
        Assert.True(vault["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());

        var insights = Assert.Single(Template.Resources("Microsoft.Insights/components"));
        Assert.True(insights["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.Single(Template.Resources("Microsoft.OperationalInsights/workspaces"));
        Assert.Single(Template.Resources("Microsoft.ManagedIdentity/userAssignedIdentities"));
    }

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner")]
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor")]
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor")]
    [InlineData("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Azure Service Bus Data Sender")]
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User")]
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher")]
    public void App_identity_is_granted_the_built_in_role(string roleDefinitionId, string roleName)
    {
        var rbac = Template.Resources("Microsoft.Resources/deployments").Single(d => d["name"]!.GetValue<string>() == "rbac");
        var rbacTemplate = rbac["properties"]!["template"]!;
        var roles = rbacTemplate["variables"]!["roles"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

        var granted = rbacTemplate["resources"]!.AsArray()
            .Where(r => r!["type"]!.GetValue<string>() == "Microsoft.Authorization/roleAssignments")
            .Where(r => r!["properties"]!["principalId"]!.GetValue<string>() == "[parameters('appPrincipalId')]")
            .Select(r => RoleVariable().Match(r!["properties"]!["roleDefinitionId"]!.GetValue<string>()))
            .Where(m => m.Success)
            .Select(m => roles[m.Groups["name"].Value])
            .ToList();

        Assert.True(granted.Contains(roleDefinitionId), $"The app identity is not granted {roleName} ({roleDefinitionId}) in modules/rbac.bicep.");
    }

    [Fact]
    public void Template_never_reads_keys_or_connection_strings()
    {
        foreach (var forbidden in new[] { "listKeys(", "listConnectionStrings(", "listAccountSas(", "listServiceSas(", "AccountKey=", "SharedAccessKey" })
        {
            Assert.DoesNotContain(forbidden, Template.Json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Parameters_file_feeds_the_template_from_the_azd_environment()
    {
        var file = JsonNode.Parse(File.ReadAllText(RepositoryPaths.MainParameters))!["parameters"]!.AsObject();
        var declared = Template.Root["parameters"]!.AsObject();

        foreach (var (name, _) in file)
        {
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets `{name}`, which main.bicep does not declare.");
        }

        foreach (var (name, parameter) in declared)
        {
            // azd generates a parameter marked @metadata({ azd: { type: 'generate' } }) once and keeps it.
            var generatedByAzd = parameter!["metadata"]?["azd"]?["type"]?.GetValue<string>() == "generate";
            if (parameter["defaultValue"] is null && !generatedByAzd)
            {
                Assert.True(file.ContainsKey(name), $"main.bicep requires `{name}`, which main.parameters.json does not set.");
            }
        }

        Assert.Equal("${AZURE_ENV_NAME}", file["environmentName"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_LOCATION}", file["location"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_PRINCIPAL_ID}", file["principalId"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Link_signing_key_is_generated_once_by_azd_and_written_to_key_vault()
    {
        var parameter = Template.Root["parameters"]!["workflowLinkSigningSecret"]!;
        Assert.Equal("securestring", parameter["type"]!.GetValue<string>());
        Assert.Null(parameter["defaultValue"]); // a newGuid() default would change the key, and break sent links, on every deployment
        Assert.Equal("generate", parameter["metadata"]!["azd"]!["type"]!.GetValue<string>());
        Assert.True(parameter["metadata"]!["azd"]!["config"]!["length"]!.GetValue<int>() >= 32);

        var secret = Assert.Single(Template.Resources("Microsoft.KeyVault/vaults/secrets"));
        Assert.Equal("[parameters('workflowLinkSigningKey')]", secret["properties"]!["value"]!.GetValue<string>());
        var keyVault = Template.Resources("Microsoft.Resources/deployments").Single(d => d["name"]!.GetValue<string>() == "keyvault");
        Assert.Contains("base64(parameters('workflowLinkSigningSecret'))", keyVault["properties"]!["parameters"]!["workflowLinkSigningKey"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Infra_uses_local_modules_only()
    {
        foreach (var file in Directory.GetFiles(RepositoryPaths.Infra, "*.bicep", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.False(text.Contains("'br/", StringComparison.Ordinal) || text.Contains("'br:", StringComparison.Ordinal) || text.Contains("'ts/", StringComparison.Ordinal),
                $"{Path.GetRelativePath(RepositoryPaths.Root, file)} uses a registry module, which cannot be restored offline.");
        }
    }

    // rbac.bicep names every role through its `roles` variable: variables('roles').keyVaultSecretsUser.
    [GeneratedRegex(@"variables\('roles'\)\.(?<name>\w+)")]
    private static partial Regex RoleVariable();
}
