using Microsoft.Extensions.Configuration;

namespace ServiceDesk.Functions.Security;

/// <summary>Facts about where the app runs, from the settings App Service sets.</summary>
public static class HostingEnvironment
{
    /// <summary>App Service / Azure Functions set WEBSITE_INSTANCE_ID and WEBSITE_SITE_NAME on every instance.</summary>
    public static bool IsAzure(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["WEBSITE_INSTANCE_ID"]) || !string.IsNullOrEmpty(configuration["WEBSITE_SITE_NAME"]);

    /// <summary>App Service Authentication is on: the platform strips client-sent X-MS-CLIENT-PRINCIPAL headers.</summary>
    public static bool AppServiceAuthenticationEnabled(IConfiguration configuration) =>
        string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase);
}
