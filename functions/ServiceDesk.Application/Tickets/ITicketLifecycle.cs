using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>
/// What happens to every ticket on its one write path, whatever the channel: on opening (routing, starting the service
/// level clocks) and after each change (advancing them). Implemented by the service levels feature; <see cref="None"/>
/// where a composition has none (tools that only load sample data).
/// </summary>
public interface ITicketLifecycle
{
    Task OpenedAsync(Ticket ticket, DateTimeOffset now, CancellationToken cancellationToken);

    Task ChangedAsync(Ticket ticket, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The ticket as it reads at <paramref name="now"/> (clocks advanced, nothing saved), for showing it.</summary>
    Task<TicketState> AsOfAsync(TicketState state, DateTimeOffset now, CancellationToken cancellationToken);

    public static readonly ITicketLifecycle None = new NoLifecycle();

    private sealed class NoLifecycle : ITicketLifecycle
    {
        public Task OpenedAsync(Ticket ticket, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task ChangedAsync(Ticket ticket, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task<TicketState> AsOfAsync(TicketState state, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(state);
    }
}
