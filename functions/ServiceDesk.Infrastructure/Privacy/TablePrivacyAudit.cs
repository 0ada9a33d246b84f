using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Privacy;
using ServiceDesk.Infrastructure.Intake;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Privacy;

/// <summary>
/// Table <c>PrivacyAudit</c>, append-only (rows are only ever added, never updated or deleted by the app): partition =
/// customer id, RowKey = inverted ticks of the entry's time + job id + action, so a partition reads newest first.
/// </summary>
public sealed class TablePrivacyAudit(Tables tables) : IPrivacyAudit
{
    private ValueTask<TableClient> Table() => tables.GetAsync(tables.Names.PrivacyAudit);

    public async Task AppendAsync(PrivacyAuditEntry entry, CancellationToken ct)
    {
        var rowKey = $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}|{KeyEncoder.Encode(entry.JobId)}|{entry.Action}";
        try
        {
            await (await Table()).AddEntityAsync(new TableEntity(entry.CustomerId, rowKey)
            {
                ["JobId"] = entry.JobId,
                ["Action"] = entry.Action,
                ["ActorId"] = entry.ActorId,
                ["At"] = entry.At,
                ["Subject"] = entry.Subject,
                ["Counts"] = JsonSerializer.Serialize(entry.Counts, TablePrivacyJobStore.Json),
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Appended by an earlier delivery of the same job.
        }
    }

    public async Task<ServiceDesk.Application.Common.Page<PrivacyAuditEntry>> ListAsync(string customerId, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var page = await TablePaging.FirstPageAsync(await Table(), TableClient.CreateQueryFilter($"PartitionKey eq {customerId}"), pageSize, continuationToken, ct);
        return new ServiceDesk.Application.Common.Page<PrivacyAuditEntry>(page.Values.Select(e => new PrivacyAuditEntry(
            e.PartitionKey, e.GetString("JobId"), e.GetString("Action"), e.GetString("ActorId"), e.GetDateTimeOffset("At")!.Value, e.GetString("Subject"),
            JsonSerializer.Deserialize<Dictionary<string, StoreCounts>>(e.GetString("Counts") ?? "{}", TablePrivacyJobStore.Json) ?? [])).ToList(),
            page.ContinuationToken);
    }
}
