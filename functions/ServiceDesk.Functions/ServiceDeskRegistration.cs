using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceDesk.Functions;

/// <summary>
/// The one service-registration method shared by Program.cs (Azure Functions) and the local host,
/// so both run the same composition.
/// </summary>
public static class ServiceDeskRegistration
{
    public static IServiceCollection AddServiceDesk(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
