using Azure.Data.Tables;
using ServiceDesk.Application.MajorIncidents;
using ServiceDesk.Domain.Common;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.MajorIncidents;

/// <summary>
/// Requesters of a customer's open tickets on some services or configuration items, from the customer's open-ticket
/// index rows ("o|…", which carry the service, configuration item and the requester's address and language): one range
/// query of the customer's open tickets, no ticket read. Index rows written before those columns existed are not found
/// until the ticket's next change.
/// </summary>
public sealed class TableAffectedUsers(Tables tables) : IAffectedUsers
{
    public async Task<IReadOnlyList<BroadcastRecipient>> OpenTicketRequestersAsync(
        string customerId, IReadOnlyList<string> services, IReadOnlyList<string> configurationItems, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Names.TicketIndex);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {"o|"} and RowKey lt {"o}"}");
        var wantedServices = services.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var wantedItems = configurationItems.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var found = new List<BroadcastRecipient>();
        await foreach (var row in client.QueryAsync<TableEntity>(filter,
                           select: ["Service", "ConfigurationItem", "RequesterEmail", "RequesterName", "RequesterLanguage"], cancellationToken: ct))
        {
            var email = row.GetString("RequesterEmail");
            if (string.IsNullOrWhiteSpace(email) ||
                !(wantedServices.Contains(row.GetString("Service") ?? "\0") || wantedItems.Contains(row.GetString("ConfigurationItem") ?? "\0")))
            {
                continue;
            }
            var language = Enum.TryParse<Language>(row.GetString("RequesterLanguage"), out var l) ? l : Language.Sv;
            found.Add(new BroadcastRecipient(email, row.GetString("RequesterName") ?? email, language));
        }
        return found;
    }
}
