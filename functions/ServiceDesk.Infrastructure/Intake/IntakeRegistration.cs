using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDesk.Application.Events;
using ServiceDesk.Application.Intake;
using ServiceDesk.Infrastructure.Events;

namespace ServiceDesk.Infrastructure.Intake;

/// <summary>The service-to-service intake and the outbound event channel.</summary>
public static class IntakeRegistration
{
    public static IServiceCollection AddServiceDeskIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntakeOptions>()
            .Bind(configuration.GetSection(IntakeOptions.SectionName))
            .Validate(o => o.MaxMessageBytes is >= 1024 and <= 1024 * 1024, "ServiceDesk:Intake:MaxMessageBytes must be 1024 to 1048576.")
            .Validate(o => o.RecurrenceNoteSeconds is >= 0 and <= 86_400, "ServiceDesk:Intake:RecurrenceNoteSeconds must be 0 to 86400.")
            .ValidateOnStart();
        services.TryAddSingleton<IIntakeStore, TableIntakeStore>();
        services.TryAddSingleton<IRejectedMessageStore, TableRejectedMessageStore>();
        services.TryAddSingleton<IOutboxReader, TableOutboxReader>();
        services.TryAddSingleton<IncidentIntake>();
        services.TryAddSingleton<IntakeAdministration>();
        services.TryAddSingleton<OutboxAdministration>();
        services.AddServiceBusTicketEvents(configuration);
        return services;
    }
}
