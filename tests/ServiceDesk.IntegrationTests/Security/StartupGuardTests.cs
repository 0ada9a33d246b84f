using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Functions;
using ServiceDesk.Functions.Operations;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Security;

public sealed class StartupGuardTests
{
    private static void Compose(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        new ServiceCollection().AddServiceDesk(configuration);
    }

    [Fact]
    public void The_app_refuses_to_start_in_Azure_with_development_tokens_on()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Compose(new()
        {
            ["ServiceDesk:Auth:DevelopmentTokens"] = "true",
            ["ServiceDesk:Auth:DevelopmentSigningKey"] = TestApp.SigningKey,
            ["WEBSITE_INSTANCE_ID"] = "abc123",
        }));
        Assert.Contains("Azure", e.Message);
    }

    [Fact]
    public void Development_tokens_need_a_strong_signing_key()
    {
        Assert.Throws<InvalidOperationException>(() => Compose(new()
        {
            ["ServiceDesk:Auth:DevelopmentTokens"] = "true",
            ["ServiceDesk:Auth:DevelopmentSigningKey"] = "short",
        }));
    }

    [Fact]
    public async Task Without_development_tokens_the_token_route_does_not_exist()
    {
        await using var app = await TestApp.StartAsync(s =>
        {
            s["ServiceDesk:Auth:DevelopmentTokens"] = "false";
            s["ServiceDesk:Auth:DevelopmentSigningKey"] = null;
        });
        var response = await app.SendAsync(r => app.Get<DevTokenApi>().Run(r), "POST", "/api/dev/token",
            new { userId = "x", name = "x", customerId = "contoso", roles = new[] { "Admin" } });
        Assert.Equal(404, response.Status);
    }

    [Fact]
    public async Task Without_development_tokens_a_development_token_is_refused()
    {
        await using var dev = await TestApp.StartAsync();
        var token = await dev.TokenAsync("u-1", "contoso", "Admin");
        await using var prod = await TestApp.StartAsync(s =>
        {
            s["ServiceDesk:Auth:DevelopmentTokens"] = "false";
            s["ServiceDesk:Auth:Issuer"] = null;
        });
        var response = await new Api(prod).Get(token, "INC-000001");
        Assert.Equal(401, response.Status);
    }
}
