using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

internal static class TicketLoader
{
    /// <summary>Loads a ticket the caller may see; anything else (missing, malformed, another customer's) is "not found".</summary>
    public static async Task<StoredTicket> LoadVisibleAsync(
        ITicketStore store, ICustomerDirectory customers, Caller caller, string number, CancellationToken ct)
    {
        var notFound = new NotFoundException($"Ticket {Sanitize(number)} was not found.", ProblemCodes.TicketNotFound);
        if (!TicketNumber.TryParse(number, out _))
        {
            throw notFound;
        }
        var stored = await store.FindAsync(number, ct) ?? throw notFound;
        var needsCustomer = !caller.Serves(stored.State.CustomerId) && caller.CustomerId == stored.State.CustomerId;
        var customer = needsCustomer ? await customers.FindAsync(stored.State.CustomerId, ct) : null;
        return TicketAccess.CanSee(caller, stored.State, customer) ? stored : throw notFound;
    }

    private static string Sanitize(string value) =>
        value.Length > TicketNumber.MaxLength || value.Any(char.IsControl) ? "(invalid number)" : value;
}
