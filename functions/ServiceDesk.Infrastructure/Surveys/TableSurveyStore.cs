using System.Text.Json;
using Azure.Data.Tables;
using ServiceDesk.Application.Surveys;
using ServiceDesk.Domain.Surveys;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Surveys;

/// <summary>
/// Survey answers in the <c>Surveys</c> table: PartitionKey the customer id is unknown on a read by number, so one row
/// per ticket with PartitionKey = RowKey = the ticket number; the answer as JSON in <c>Data</c>, plus the columns a
/// report filters on (customer, group, rating, answered at).
/// </summary>
public sealed class TableSurveyStore(Tables tables) : ISurveyStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SurveyAnswer?> FindAsync(string ticketNumber, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Names.Surveys);
        var key = KeyEncoder.Encode(ticketNumber);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(key, key, cancellationToken: ct);
        return response.HasValue
            ? JsonSerializer.Deserialize<SurveyAnswer>(response.Value!.GetString("Data"), Json) ?? throw new InvalidDataException($"Survey row {key} is empty.")
            : null;
    }

    public async Task SaveAsync(SurveyAnswer answer, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Names.Surveys);
        var key = KeyEncoder.Encode(answer.TicketNumber);
        await client.UpsertEntityAsync(new TableEntity(key, key)
        {
            ["Data"] = JsonSerializer.Serialize(answer, Json),
            ["CustomerId"] = answer.CustomerId,
            ["AssignmentGroup"] = answer.AssignmentGroup ?? "",
            ["Rating"] = answer.Rating,
            ["AnsweredAt"] = answer.AnsweredAt,
        }, TableUpdateMode.Replace, ct);
    }
}
