using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Problems;
using ServiceDesk.Domain.Problems;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Problems;

/// <summary>
/// ProblemCandidates table: partition = customer id, RowKey = candidate id, the candidate as JSON (members, evidence,
/// decision). Problems table: partition = PRB number, RowKey <c>problem</c>, the problem record as JSON.
/// </summary>
public sealed class TableProblemStore(Tables tables) : IProblemStore
{
    private const string RecordRow = "problem";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<IReadOnlyList<Stored<ProblemCandidate>>> ListCandidatesAsync(string customerId, CancellationToken ct)
    {
        var table = await tables.GetAsync(tables.Names.ProblemCandidates);
        var result = new List<Stored<ProblemCandidate>>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerId}"), cancellationToken: ct))
        {
            result.Add(new Stored<ProblemCandidate>(FromRow<ProblemCandidate>(row), row.ETag.ToString()));
        }
        return result;
    }

    public async Task<Stored<ProblemCandidate>?> FindCandidateAsync(string customerId, string id, CancellationToken ct)
    {
        var table = await tables.GetAsync(tables.Names.ProblemCandidates);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(customerId, KeyEncoder.Encode(id), cancellationToken: ct);
        return row.HasValue ? new Stored<ProblemCandidate>(FromRow<ProblemCandidate>(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task<bool> AddCandidateAsync(ProblemCandidate candidate, CancellationToken ct)
    {
        var table = await tables.GetAsync(tables.Names.ProblemCandidates);
        try
        {
            await table.AddEntityAsync(ToRow(candidate.CustomerId, KeyEncoder.Encode(candidate.Id), candidate, candidate.Status.ToString()), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task ReplaceCandidateAsync(ProblemCandidate candidate, string etag, CancellationToken ct)
    {
        var table = await tables.GetAsync(tables.Names.ProblemCandidates);
        await Guarded(() => table.UpdateEntityAsync(ToRow(candidate.CustomerId, KeyEncoder.Encode(candidate.Id), candidate, candidate.Status.ToString()),
            new ETag(etag), TableUpdateMode.Replace, ct), $"Candidate {candidate.Id} changed meanwhile; read it again.");
    }

    public async Task<Stored<ProblemRecord>?> FindRecordAsync(string number, CancellationToken ct)
    {
        var table = await tables.GetAsync(tables.Names.Problems);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(number, RecordRow, cancellationToken: ct);
        return row.HasValue ? new Stored<ProblemRecord>(FromRow<ProblemRecord>(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task SaveRecordAsync(ProblemRecord record, string? etag, CancellationToken ct)
    {
        var table = await tables.GetAsync(tables.Names.Problems);
        var row = ToRow(record.Number, RecordRow, record, record.KnownError ? "KnownError" : "Problem");
        row["CustomerId"] = record.CustomerId;
        await Guarded(() => etag is null
            ? table.AddEntityAsync(row, ct)
            : table.UpdateEntityAsync(row, new ETag(etag), TableUpdateMode.Replace, ct), $"Problem {record.Number} changed meanwhile.");
    }

    private static async Task Guarded(Func<Task<Response>> write, string message)
    {
        try
        {
            await write();
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new PreconditionFailedException(message);
        }
    }

    private static TableEntity ToRow<T>(string partition, string row, T value, string status) => new(partition, row)
    {
        ["Status"] = status,
        ["Data"] = JsonSerializer.Serialize(value, Json),
    };

    private static T FromRow<T>(TableEntity row) => JsonSerializer.Deserialize<T>(row.GetString("Data"), Json)!;
}
