using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Surveys;
using ServiceDesk.Domain.Statistics;
using ServiceDesk.Domain.Surveys;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Surveys;

/// <summary>
/// The <c>Surveys</c> table. Answers: one row per ticket, PartitionKey = RowKey = the ticket number, the answer as JSON
/// in <c>Data</c>. Satisfaction counters: PartitionKey <c>csat|{customer}</c>, RowKey <c>{yyyyMMdd}|{group}</c>, columns
/// <c>R1</c>…<c>R5</c> and the group's name in <c>Group</c>; an answer moves one count (from its previous rating and day, to its new ones), so the
/// statistics read a range of days and never the answers.
/// </summary>
public sealed class TableSurveyStore(Tables tables) : ISurveyStore
{
    private const int MaxAttempts = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string CounterPartition(string customerId) => "csat|" + customerId;

    public async Task<SurveyAnswer?> FindAsync(string ticketNumber, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Names.Surveys);
        var key = KeyEncoder.Encode(ticketNumber);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(key, key, cancellationToken: ct);
        return response.HasValue
            ? JsonSerializer.Deserialize<SurveyAnswer>(response.Value!.GetString("Data"), Json) ?? throw new InvalidDataException($"Survey row {key} is empty.")
            : null;
    }

    public async Task SaveAsync(SurveyAnswer? previous, SurveyAnswer answer, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Names.Surveys);
        var key = KeyEncoder.Encode(answer.TicketNumber);
        await client.UpsertEntityAsync(new TableEntity(key, key)
        {
            ["Data"] = JsonSerializer.Serialize(answer, Json),
            ["CustomerId"] = answer.CustomerId,
            ["Rating"] = answer.Rating,
        }, TableUpdateMode.Replace, ct);
        if (previous is not null)
        {
            await CountAsync(client, previous, -1, ct);
        }
        await CountAsync(client, answer, +1, ct);
    }

    public async Task<IReadOnlyList<CsatCounter>> ReadCountersAsync(string customerId, string fromDay, string toDay, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Names.Surveys);
        var partition = CounterPartition(customerId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {fromDay + "|"} and RowKey lt {toDay + "|~"}");
        var list = new List<CsatCounter>();
        await foreach (var e in client.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var separator = e.RowKey.IndexOf('|', StringComparison.Ordinal);
            list.Add(new CsatCounter(e.RowKey[..separator], e.GetString("Group") ?? StatsBucket.None, Counts(e)));
        }
        return list;
    }

    private static async Task CountAsync(TableClient client, SurveyAnswer answer, int sign, CancellationToken ct)
    {
        var partition = CounterPartition(answer.CustomerId);
        var row = StatsBucket.DayOf(answer.AnsweredAt) + "|" + KeyEncoder.Encode(answer.AssignmentGroup ?? StatsBucket.None);
        var column = "R" + answer.Rating.ToString(CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await client.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct);
            try
            {
                if (existing.HasValue)
                {
                    var entity = existing.Value!;
                    entity[column] = Math.Max(0, (entity.GetInt64(column) ?? 0) + sign);
                    await client.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, ct);
                }
                else
                {
                    var entity = new TableEntity(partition, row) { ["Group"] = answer.AssignmentGroup ?? StatsBucket.None };
                    for (var r = SurveyRules.MinRating; r <= SurveyRules.MaxRating; r++)
                    {
                        entity["R" + r.ToString(CultureInfo.InvariantCulture)] = 0L;
                    }
                    entity[column] = (long)Math.Max(0, sign);
                    await client.AddEntityAsync(entity, ct);
                }
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(attempt, 5 + 5 * attempt), ct);
            }
        }
    }

    private static long[] Counts(TableEntity e) =>
        Enumerable.Range(SurveyRules.MinRating, SurveyRules.MaxRating).Select(r => e.GetInt64("R" + r.ToString(CultureInfo.InvariantCulture)) ?? 0).ToArray();
}
