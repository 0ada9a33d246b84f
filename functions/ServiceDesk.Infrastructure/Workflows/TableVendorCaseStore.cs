using Azure.Data.Tables;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Workflows;

/// <summary>One row per ticket handed to a vendor (partition = ticket number), the case as JSON; plus one index row per vendor reference.</summary>
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
        if (vendorCase.VendorReference is { Length: > 0 } reference)
        {
            await client.UpsertEntityAsync(new TableEntity(ReferencePartition(vendorCase.CustomerId, vendorCase.VendorId), KeyEncoder.Encode(reference))
            {
                ["TicketNumber"] = vendorCase.TicketNumber,
            }, TableUpdateMode.Replace, ct);
        }
    }

    public async Task<VendorCase?> FindByVendorReferenceAsync(string customerId, string vendorId, string vendorReference, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.VendorCases);
        var row = await client.GetEntityIfExistsAsync<TableEntity>(ReferencePartition(customerId, vendorId), KeyEncoder.Encode(vendorReference), cancellationToken: ct);
        return row.HasValue && row.Value!.GetString("TicketNumber") is { } number ? await FindAsync(number, ct) : null;
    }

    /// <summary>Index rows (vendor reference to ticket) share the table; ticket partitions never start with "ref|".</summary>
    private static string ReferencePartition(string customerId, string vendorId) => KeyEncoder.Encode($"ref|{customerId}|{vendorId}");
}
