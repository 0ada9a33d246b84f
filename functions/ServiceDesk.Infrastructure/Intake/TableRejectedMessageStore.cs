using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Common;
using Page = ServiceDesk.Application.Common.Page<ServiceDesk.Application.Intake.RejectedMessage>;
using ServiceDesk.Application.Intake;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Intake;

/// <summary>Table <c>IntakeRejections</c>: one partition (<c>rejection</c>), RowKey = the rejection id.</summary>
public sealed class TableRejectedMessageStore(Tables tables) : IRejectedMessageStore
{
    private const string PartitionKey = "rejection";

    public async Task RecordAsync(RejectedMessage r, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.IntakeRejections);
        await client.UpsertEntityAsync(new TableEntity(PartitionKey, r.Id)
        {
            ["Reason"] = r.Reason,
            ["Detail"] = r.Detail,
            ["Transport"] = r.Transport,
            ["TransportMessageId"] = r.TransportMessageId,
            ["DeliveryCount"] = r.DeliveryCount,
            ["RejectedAt"] = r.RejectedAt,
            ["Source"] = r.Source,
            ["SourceId"] = r.SourceId,
            ["CustomerId"] = r.CustomerId,
            ["Body"] = r.Body,
            ["BodyTruncated"] = r.BodyTruncated,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<Page> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.IntakeRejections);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey}");
        var page = await TablePaging.FirstPageAsync(client, filter, pageSize, continuationToken, cancellationToken);
        return new Page(page.Values.Select(ToRejection).ToList(), page.ContinuationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.IntakeRejections);
        try
        {
            var response = await client.DeleteEntityAsync(PartitionKey, id, ETag.All, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private static RejectedMessage ToRejection(TableEntity e) => new(
        e.RowKey,
        e.GetString("Reason"),
        e.GetString("Detail"),
        e.GetString("Transport"),
        e.GetString("TransportMessageId"),
        e.GetInt64("DeliveryCount") ?? 0,
        e.GetDateTimeOffset("RejectedAt") ?? DateTimeOffset.MinValue,
        e.GetString("Source"),
        e.GetString("SourceId"),
        e.GetString("CustomerId"),
        e.GetString("Body") ?? "",
        e.GetBoolean("BodyTruncated") ?? false);
}
