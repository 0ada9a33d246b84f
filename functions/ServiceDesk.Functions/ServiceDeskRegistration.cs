using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Operations;
using ServiceDesk.Functions.Security;
using ServiceDesk.Infrastructure;
using ServiceDesk.Infrastructure.Workflows;

namespace ServiceDesk.Functions;

/// <summary>
/// The one service-registration method shared by Program.cs (Azure Functions) and the local host,
/// so both run the same composition.
/// </summary>
public static class ServiceDeskRegistration
{
    public static IServiceCollection AddServiceDesk(this IServiceCollection services, IConfiguration configuration)
    {
        GuardDevelopmentTokens(configuration);
        services.AddServiceDeskTelemetry(configuration);
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName));
        services.AddOptions<Portal.PortalOptions>().Bind(configuration.GetSection(Portal.PortalOptions.SectionName));
        services.AddServiceDeskApplication();
        services.AddServiceDeskInfrastructure(configuration);
        services.AddServiceDeskWorkflows(configuration, allowGeneratedKey: !HostingEnvironment.IsAzure(configuration));
        Workflows.HttpVendorWebhook.Register(services);
        services.AddSingleton<CallerAuthenticator>();
        services.AddSingleton<ApiEndpoint>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName))
            .Validate(o => o.IsValid, "ServiceDesk:RateLimits: each PermitLimit must be 1 to 1000000 and each Window 00:00:01 to 1.00:00:00.")
            .ValidateOnStart();
        services.AddSingleton<RateLimits>();
        return services;
    }

    /// <summary>Development tokens would let anyone mint any identity: never in Azure, and never with a weak key.</summary>
    private static void GuardDevelopmentTokens(IConfiguration configuration)
    {
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (!auth.DevelopmentTokens)
        {
            return;
        }
        if (HostingEnvironment.IsAzure(configuration))
        {
            throw new InvalidOperationException(
                "ServiceDesk:Auth:DevelopmentTokens is enabled but the app runs in Azure. Development tokens are for local runs only; remove the setting.");
        }
        if (auth.DevelopmentSigningKey is null || auth.DevelopmentSigningKey.Length < 32)
        {
            throw new InvalidOperationException(
                "ServiceDesk:Auth:DevelopmentTokens is enabled but ServiceDesk:Auth:DevelopmentSigningKey is missing or shorter than 32 characters.");
        }
    }
}
