using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Infrastructure.Workflows;

/// <summary>
/// Approval records in partition <c>customer:{id}</c> (row = ticket number, with a Status column so the waiting
/// ones of a customer are one query), a pointer row per ticket for lookups by number, and single-use markers in
/// partition <c>ticket:{number}</c>.
/// </summary>
public sealed class TableApprovalStore(WorkflowTables tables) : IApprovalStore, IWorkflowMailbox
{
    public async Task<ApprovalState?> FindAsync(string ticketNumber, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Approvals);
        var pointer = await client.GetEntityIfExistsAsync<TableEntity>("ticket:" + ticketNumber, "record", cancellationToken: ct);
        if (!pointer.HasValue)
        {
            return null;
        }
        var row = await client.GetEntityIfExistsAsync<TableEntity>("customer:" + pointer.Value!.GetString("CustomerId"), ticketNumber, cancellationToken: ct);
        return row.HasValue ? WorkflowJson.Read<ApprovalState>(row.Value!.GetString("Data")) : null;
    }

    public async Task SaveAsync(ApprovalState record, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Approvals);
        await client.UpsertEntityAsync(new TableEntity("customer:" + record.CustomerId, record.TicketNumber)
        {
            ["Status"] = record.Status.ToString(),
            ["Data"] = WorkflowJson.Write(record),
        }, TableUpdateMode.Replace, ct);
        await client.UpsertEntityAsync(new TableEntity("ticket:" + record.TicketNumber, "record") { ["CustomerId"] = record.CustomerId },
            TableUpdateMode.Replace, ct);
    }

    public async Task<IReadOnlyList<ApprovalState>> ListWaitingAsync(string customerId, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Approvals);
        var list = new List<ApprovalState>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"customer:" + customerId} and Status eq {nameof(WorkflowStatus.Waiting)}");
        await foreach (var e in client.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(WorkflowJson.Read<ApprovalState>(e.GetString("Data")));
        }
        return list;
    }

    public async Task<bool> TryMarkAsync(string ticketNumber, string key, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Approvals);
        try
        {
            await client.AddEntityAsync(new TableEntity("ticket:" + ticketNumber, "used:" + Escape(key)), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task StoreAsync(WorkflowMail mail, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.WorkflowMail);
        await client.UpsertEntityAsync(new TableEntity(mail.TicketNumber, Escape(mail.Key)) { ["Data"] = WorkflowJson.Write(mail) }, TableUpdateMode.Replace, ct);
    }

    public async Task<IReadOnlyList<WorkflowMail>> ListAsync(string ticketNumber, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.WorkflowMail);
        var list = new List<WorkflowMail>();
        await foreach (var e in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ticketNumber}"), cancellationToken: ct))
        {
            list.Add(WorkflowJson.Read<WorkflowMail>(e.GetString("Data")));
        }
        return list.OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Row keys may not contain / \ # ? or control characters.</summary>
    private static string Escape(string key) =>
        new(key.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}
