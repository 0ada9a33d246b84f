using Azure.Data.Tables;
using ServiceDesk.Application.Workflows;

namespace ServiceDesk.Infrastructure.Workflows;

/// <summary>One row per ticket handed to a vendor (partition = ticket number), the case as JSON.</summary>
public sealed class TableVendorCaseStore(WorkflowTables tables) : IVendorCaseStore
{
    public async Task<VendorCase?> FindAsync(string ticketNumber, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.VendorCases);
        var row = await client.GetEntityIfExistsAsync<TableEntity>(ticketNumber, "case", cancellationToken: ct);
        return row.HasValue ? WorkflowJson.Read<VendorCase>(row.Value!.GetString("Data")) : null;
    }

    public async Task SaveAsync(VendorCase vendorCase, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.VendorCases);
        await client.UpsertEntityAsync(new TableEntity(vendorCase.TicketNumber, "case") { ["Data"] = WorkflowJson.Write(vendorCase) },
            TableUpdateMode.Replace, ct);
    }
}
