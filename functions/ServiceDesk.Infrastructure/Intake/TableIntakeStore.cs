using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Intake;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Tickets;
using AppPage = ServiceDesk.Application.Common.Page<ServiceDesk.Application.Intake.CorrelationState>;

namespace ServiceDesk.Infrastructure.Intake;

/// <summary>
/// Table <c>IntakeCorrelations</c>, one partition per correlated problem (<c>{customerId}|{hash}</c>): the row
/// <c>state|{hash}</c> (episode, ticket, counters, the episode's ticket draft) and one claim row per message
/// (<c>m|{source}|{sourceId}</c>). A message's claim and its state change are one entity-group transaction.
/// </summary>
public sealed class TableIntakeStore(Tables tables) : IIntakeStore
{
    public const string StateRowPrefix = "state|";
    private const int MaxEncodedSourceId = 600;

    public static string PartitionKey(CorrelationId id) => $"{id.CustomerId}|{id.Hash}";

    /// <summary>
    /// The hash is repeated in the RowKey because Azurite finds an entity by RowKey first: one RowKey shared by every
    /// partition made each point read scan all correlations (see TicketRows). In Azure it changes nothing.
    /// </summary>
    public static string StateRowKey(CorrelationId id) => StateRowPrefix + id.Hash;

    public static string ClaimRowKey(string source, string sourceId)
    {
        var encoded = KeyEncoder.Encode(sourceId);
        if (encoded.Length > MaxEncodedSourceId)
        {
            // Keys are limited to 1 KiB; a longer id is represented by its hash (collisions are not a practical concern).
            encoded = "h-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sourceId))).ToLowerInvariant();
        }
        return $"m|{KeyEncoder.Encode(source)}|{encoded}";
    }

    public async Task<CorrelationState?> GetAsync(CorrelationId id, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.IntakeCorrelations);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(PartitionKey(id), StateRowKey(id), cancellationToken: cancellationToken);
        return response.HasValue ? ToState(response.Value!) : null;
    }

    public async Task<(CommitResult Result, MessageClaim? Existing)> CommitAsync(
        CorrelationId id, MessageClaim claim, CorrelationState? state, CorrelationState? expected, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.IntakeCorrelations);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, ToEntity(id, claim)) };
        if (state is not null)
        {
            actions.Add(expected is null
                ? new TableTransactionAction(TableTransactionActionType.Add, ToEntity(id, state))
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(id, state), new ETag(expected.ETag)));
        }
        try
        {
            await client.SubmitTransactionAsync(actions, cancellationToken);
            return (CommitResult.Committed, null);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            // Either the claim exists (a duplicate) or the state moved on (a conflict): the claim row tells which.
            var existing = await GetClaimAsync(id, claim.Source, claim.SourceId, cancellationToken);
            return existing is null ? (CommitResult.Conflict, null) : (CommitResult.Duplicate, existing);
        }
    }

    public async Task<MessageClaim?> GetClaimAsync(CorrelationId id, string source, string sourceId, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.IntakeCorrelations);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(PartitionKey(id), ClaimRowKey(source, sourceId), cancellationToken: cancellationToken);
        return response.HasValue ? ToClaim(response.Value!) : null;
    }

    public async Task<bool> CompleteAsync(
        CorrelationId id, MessageClaim? claim, CorrelationState? state, CorrelationState? expected, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.IntakeCorrelations);
        var actions = new List<TableTransactionAction>();
        if (claim is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertMerge, ToEntity(id, claim with { Applied = true })));
        }
        if (state is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(id, state), new ETag(expected!.ETag)));
        }
        if (actions.Count == 0)
        {
            return true;
        }
        try
        {
            await client.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<AppPage> ListAsync(string customerId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.IntakeCorrelations);
        var from = customerId + "|";
        var to = customerId + "}";
        var (stateFrom, stateTo) = IndexKeys.Range(StateRowPrefix);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {from} and PartitionKey lt {to} and RowKey ge {stateFrom} and RowKey lt {stateTo}");
        var page = await TablePaging.FirstPageAsync(client, filter, pageSize, continuationToken, cancellationToken);
        return new AppPage(page.Values.Select(ToState).OrderByDescending(s => s.LastSeenAt).ToList(), page.ContinuationToken);
    }

    private static TableEntity ToEntity(CorrelationId id, CorrelationState s) => new(PartitionKey(id), StateRowKey(id))
    {
        ["CustomerId"] = s.CustomerId,
        ["CorrelationKey"] = s.Key,
        ["Hash"] = s.Hash,
        ["Episode"] = s.Episode,
        ["TicketNumber"] = s.TicketNumber,
        ["Draft"] = s.Draft,
        ["Source"] = s.Source,
        ["Occurrences"] = s.Occurrences,
        ["EpisodeOpenedAt"] = s.EpisodeOpenedAt,
        ["FirstSeenAt"] = s.FirstSeenAt,
        ["LastSeenAt"] = s.LastSeenAt,
        ["LastStatus"] = s.LastStatus.ToString(),
        ["NotedOccurrences"] = s.NotedOccurrences,
        ["NotedAt"] = s.NotedAt,
    };

    private static CorrelationState ToState(TableEntity e) => new(
        e.GetString("CustomerId"),
        e.GetString("CorrelationKey"),
        e.GetString("Hash"),
        e.GetInt32("Episode") ?? 0,
        e.GetString("TicketNumber"),
        e.GetString("Draft") ?? "{}",
        e.GetString("Source"),
        e.GetInt32("Occurrences") ?? 0,
        e.GetDateTimeOffset("EpisodeOpenedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("FirstSeenAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("LastSeenAt") ?? DateTimeOffset.MinValue,
        Enum.Parse<AlertStatus>(e.GetString("LastStatus") ?? nameof(AlertStatus.Firing)),
        e.GetInt32("NotedOccurrences") ?? 0,
        e.GetDateTimeOffset("NotedAt"),
        e.ETag.ToString());

    private static TableEntity ToEntity(CorrelationId id, MessageClaim c) => new(PartitionKey(id), ClaimRowKey(c.Source, c.SourceId))
    {
        ["Source"] = c.Source,
        ["SourceId"] = c.SourceId,
        ["Outcome"] = c.Outcome.ToString(),
        ["Episode"] = c.Episode,
        ["TicketNumber"] = c.TicketNumber,
        ["ReceivedAt"] = c.ReceivedAt,
        ["Applied"] = c.Applied,
    };

    private static MessageClaim ToClaim(TableEntity e) => new(
        e.GetString("Source"),
        e.GetString("SourceId"),
        Enum.Parse<IntakeOutcome>(e.GetString("Outcome")),
        e.GetInt32("Episode") ?? 0,
        e.GetString("TicketNumber"),
        e.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue,
        e.GetBoolean("Applied") ?? false);
}
