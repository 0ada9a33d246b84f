using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Privacy;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Privacy;

/// <summary>Table <c>PrivacyJobs</c>: partition <c>job</c>, RowKey = job id, the job as one JSON document (<c>Data</c>).</summary>
public sealed class TablePrivacyJobStore(Tables tables) : IPrivacyJobStore
{
    private const string Partition = "job";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private ValueTask<TableClient> Table() => tables.GetAsync(tables.Names.PrivacyJobs);

    public async Task CreateAsync(PrivacyJob job, CancellationToken ct) => await (await Table()).AddEntityAsync(ToEntity(job), ct);

    public async Task<PrivacyJob?> FindAsync(string id, CancellationToken ct)
    {
        var row = await (await Table()).GetEntityIfExistsAsync<TableEntity>(Partition, KeyEncoder.Encode(id), cancellationToken: ct);
        return row.HasValue ? JsonSerializer.Deserialize<PrivacyJob>(row.Value!.GetString("Data"), Json) : null;
    }

    public async Task SaveAsync(PrivacyJob job, CancellationToken ct) =>
        await (await Table()).UpsertEntityAsync(ToEntity(job), TableUpdateMode.Replace, ct);

    private static TableEntity ToEntity(PrivacyJob job) => new(Partition, KeyEncoder.Encode(job.Id))
    {
        ["Kind"] = job.Kind.ToString(),
        ["CustomerId"] = job.CustomerId,
        ["Status"] = job.Status.ToString(),
        ["Data"] = JsonSerializer.Serialize(job, Json),
    };
}
