using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Events;

namespace ServiceDesk.Infrastructure.Events;

/// <summary>
/// Registers the Service Bus publisher only when Service Bus is configured, with the Functions convention for a
/// connection named <c>ServiceBus</c>: <c>ServiceBus__fullyQualifiedNamespace</c> (+ <c>__credential=managedidentity</c>,
/// <c>__clientId</c>) in Azure, or <c>ServiceBus</c> holding a connection string elsewhere. Without it, events stay in
/// the outbox and <c>GET /api/events/pending</c> lists them.
/// </summary>
public static class ServiceBusRegistration
{
    public const string ConnectionName = "ServiceBus";

    public static bool IsConfigured(IConfiguration configuration)
    {
        var section = configuration.GetSection(ConnectionName);
        return !string.IsNullOrWhiteSpace(section.Value) || !string.IsNullOrWhiteSpace(section["fullyQualifiedNamespace"]);
    }

    public static IServiceCollection AddServiceBusTicketEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TicketEventOptions>()
            .Bind(configuration.GetSection(TicketEventOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.TopicName), "ServiceDesk:Events:TopicName must not be empty.")
            .ValidateOnStart();
        if (!IsConfigured(configuration))
        {
            return services;
        }
        services.AddSingleton(_ => CreateClient(configuration));
        services.AddSingleton(sp => sp.GetRequiredService<ServiceBusClient>().CreateSender(sp.GetRequiredService<IOptions<TicketEventOptions>>().Value.TopicName));
        services.AddSingleton<ITicketEventHandler, ServiceBusTicketEventPublisher>();
        return services;
    }

    private static ServiceBusClient CreateClient(IConfiguration configuration)
    {
        var section = configuration.GetSection(ConnectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new ServiceBusClient(section.Value);
        }
        var clientId = section["clientId"];
        var credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : (Azure.Core.TokenCredential)new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
        return new ServiceBusClient(section["fullyQualifiedNamespace"], credential);
    }
}
