using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>The workflows of a ticket, for whoever may see the ticket (<c>GET /api/tickets/{number}/workflow</c>).</summary>
public sealed class WorkflowQueries(ITicketStore tickets, ICustomerDirectory customers, IApprovalStore approvals, IVendorCaseStore vendorCases)
{
    public async Task<(ApprovalState? Approval, VendorCase? Vendor)> GetAsync(Caller caller, string number, CancellationToken ct)
    {
        var stored = await TicketLoader.LoadVisibleAsync(tickets, customers, caller, number, ct);
        return (await approvals.FindAsync(stored.State.Number, ct), await vendorCases.FindAsync(stored.State.Number, ct));
    }
}
