using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Problems;
using ServiceDesk.Application.Tickets;

namespace ServiceDesk.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddServiceDeskApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TicketCommands>();
        services.AddSingleton<TicketQueries>();
        services.AddSingleton<CustomerAdministration>();
        services.AddSingleton<StatisticsQueries>();
        services.AddSingleton<ProblemCandidates>();
        services.AddSingleton<ProblemRecords>();
        services.AddSingleton<Problems.Samples.SampleDataLoader>();
        return services;
    }
}
