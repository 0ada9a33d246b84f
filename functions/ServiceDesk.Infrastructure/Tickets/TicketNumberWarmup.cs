using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ServiceDesk.Infrastructure.Tickets;

/// <summary>At startup, reserves number blocks in the background; a failure here only means the first create pays for it.</summary>
public sealed partial class TicketNumberWarmup(TableTicketNumberAllocator allocator, ILogger<TicketNumberWarmup> logger) : IHostedService
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
        }
        catch (Exception e)
        {
            LogWarmupFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reserve ticket numbers at startup; the first creates will reserve them.")]
    private static partial void LogWarmupFailed(ILogger logger, Exception exception);
}
