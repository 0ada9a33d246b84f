using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;

namespace ServiceDesk.Application.Knowledge;

/// <summary>An agent redirects a ticket by one of its customer's topics (<c>POST /api/tickets/{number}/redirect</c>).</summary>
public sealed class TicketRedirects(Redirects redirects, TicketUpdater updater, ITicketStore tickets, ICustomerDirectory customers)
{
    /// <summary>Staff redirect a ticket by topic: the guidance as a public comment, then resolved as Redirected.</summary>
    public async Task<StoredTicket> RedirectAsync(Caller caller, string number, string topicId, CancellationToken ct)
    {
        if (!caller.IsStaff)
        {
            throw new ForbiddenException("Only service desk staff may redirect tickets.");
        }
        var ticket = await TicketLoader.LoadVisibleAsync(tickets, customers, caller, number, ct);
        var topic = await redirects.FindAsync(ticket.State.CustomerId, topicId, ct)
            ?? throw new UnprocessableException($"Customer '{ticket.State.CustomerId}' has no redirect topic '{(topicId.Length <= 60 ? topicId : topicId[..60])}'.");
        var saved = (await updater.ChangeAsync(number, (_, t, now) =>
        {
            try
            {
                Redirects.Apply(t, topic, caller.Actor, now);
            }
            catch (DomainRuleException e)
            {
                throw new ConflictException(e.Code, e.Message);
            }
            return ValueTask.FromResult(true);
        }, ct))!;
        await redirects.RecordAsync(Domain.Tickets.Ticket.Restore(saved.State), topic, saved.State.UpdatedAt, ct);
        return saved;
    }

}
