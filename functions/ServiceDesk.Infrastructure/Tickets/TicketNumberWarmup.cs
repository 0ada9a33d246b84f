using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceDesk.Infrastructure.Customers;

namespace ServiceDesk.Infrastructure.Tickets;

/// <summary>
/// At startup, in the background: reserves ticket-number blocks and loads the customer registry and the customers'
/// service level settings the open major incidents and the redirect topics, so requests do not pay for them. A failure here only means the first requests pay for it.
/// </summary>
public sealed partial class TicketNumberWarmup(
    TableTicketNumberAllocator allocator, TableCustomerDirectory customers, Application.ServiceLevels.ServiceLevelCatalog serviceLevels,
    Application.MajorIncidents.MajorIncidentCatalog majorIncidents, Application.Knowledge.Redirects redirects, ILogger<TicketNumberWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = WarmUpAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WarmUpAsync()
    {
        try
        {
            await allocator.WarmUpAsync(CancellationToken.None);
            await customers.WarmUpAsync(CancellationToken.None);
            var all = await customers.ListAsync(CancellationToken.None);
            await serviceLevels.WarmUpAsync(all.Select(c => c.Id), CancellationToken.None);
            await majorIncidents.OpenAsync(CancellationToken.None);
            await redirects.WarmUpAsync(all.Select(c => c.Id), CancellationToken.None);
        }
        catch (Exception e)
        {
            LogWarmupFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Startup warm-up (ticket numbers, customer registry, service levels, open major incidents, redirect topics) failed; the first requests will load them.")]
    private static partial void LogWarmupFailed(ILogger logger, Exception exception);
}
