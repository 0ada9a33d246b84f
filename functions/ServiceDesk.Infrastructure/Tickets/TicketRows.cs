using System.Text.Json;
using Azure.Data.Tables;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Infrastructure.ServiceLevels;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Tickets;

/// <summary>
/// Row layouts (see functions/ServiceDesk.Infrastructure/README.md):
/// Tickets table, partition = ticket number: the ticket row (RowKey "ticket|{number}") and its activity rows
/// ("a|00000001|{number}"...). The number is repeated in every RowKey although the partition already names the ticket:
/// Azurite (the local emulator) finds an entity by RowKey first and then filters by partition, so a RowKey shared by
/// every ticket made each insert and point read scan all tickets (tests/ServiceDesk.Benchmarks --rowkey-check). In Azure
/// the suffix costs a few bytes per row and changes nothing else.
/// TicketIndex table, partition = customer id: list rows carrying a ticket summary ("t|", "r|", "o|", "g|")
/// and idempotency claims ("i|").
/// </summary>
internal static class TicketRows
{
    public const string TicketRowPrefix = "ticket|";
    public const string ActivityPrefix = "a|";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string TicketRowKey(string number) => TicketRowPrefix + number;

    /// <summary>Ordered by sequence within the ticket's partition: <c>a|{sequence:D8}|{number}</c>.</summary>
    public static string ActivityRowKey(string number, int sequence) => $"{ActivityPrefix}{sequence:D8}|{number}";

    public static TableEntity ToEntity(TicketState s)
    {
        var e = new TableEntity(s.Number, TicketRowKey(s.Number))
        {
            ["Kind"] = s.Kind.ToString(),
            ["CustomerId"] = s.CustomerId,
            ["RequesterId"] = s.Requester.Id,
            ["RequesterName"] = s.Requester.Name,
            ["RequesterEmail"] = s.Requester.Email,
            ["RequesterPhone"] = s.Requester.Phone,
            ["RequesterLanguage"] = s.Requester.Language.ToString(),
            ["Channel"] = s.Channel.ToString(),
            ["Title"] = s.Title,
            ["Description"] = s.Description,
            ["Category"] = s.Category,
            ["Service"] = s.Service,
            ["ConfigurationItem"] = s.ConfigurationItem,
            ["Impact"] = s.Impact.ToString(),
            ["Urgency"] = s.Urgency.ToString(),
            ["Priority"] = (int)PriorityMatrix.For(s.Impact, s.Urgency),
            ["Status"] = s.Status.ToString(),
            ["PendingReason"] = s.PendingReason?.ToString(),
            ["AssignmentGroup"] = s.AssignmentGroup,
            ["AssigneeId"] = s.AssigneeId,
            ["AssigneeName"] = s.AssigneeName,
            ["ResolutionCode"] = s.ResolutionCode?.ToString(),
            ["ResolutionNotes"] = s.ResolutionNotes,
            ["CreatedById"] = s.CreatedBy.Id,
            ["CreatedByName"] = s.CreatedBy.Name,
            ["CreatedAt"] = s.CreatedAt,
            ["UpdatedAt"] = s.UpdatedAt,
            ["FirstResponseAt"] = s.FirstResponseAt,
            ["ResolvedAt"] = s.ResolvedAt,
            ["ClosedAt"] = s.ClosedAt,
            ["ReopenCount"] = s.ReopenCount,
            ["Links"] = JsonSerializer.Serialize(s.Links, Json),
            ["Watchers"] = JsonSerializer.Serialize(s.Watchers, Json),
            ["ActivityCount"] = s.ActivityCount,
            ["Version"] = s.Version,
        };
        // Written only when present, so a ticket without service levels keeps the row shape it always had.
        if (s.Sla is not null)
        {
            e["Sla"] = JsonSerializer.Serialize(s.Sla, SlaJson.Options);
        }
        if (s.Vendor is not null)
        {
            e["Vendor"] = JsonSerializer.Serialize(s.Vendor, SlaJson.Options);
        }
        if (s.MajorIncidentProposedAt is not null)
        {
            e["MajorIncidentProposedAt"] = s.MajorIncidentProposedAt;
        }
        return e;
    }

    public static TicketState ToState(TableEntity e) => new()
    {
        Number = e.PartitionKey,
        Kind = Enum.Parse<TicketKind>(e.GetString("Kind")),
        CustomerId = e.GetString("CustomerId"),
        Requester = new Requester(
            e.GetString("RequesterId"), e.GetString("RequesterName"), e.GetString("RequesterEmail"),
            e.GetString("RequesterPhone"), Enum.Parse<Language>(e.GetString("RequesterLanguage"))),
        Channel = Enum.Parse<Channel>(e.GetString("Channel")),
        Title = e.GetString("Title"),
        Description = e.GetString("Description"),
        Category = e.GetString("Category"),
        Service = e.GetString("Service"),
        ConfigurationItem = e.GetString("ConfigurationItem"),
        Impact = Enum.Parse<Impact>(e.GetString("Impact")),
        Urgency = Enum.Parse<Urgency>(e.GetString("Urgency")),
        Status = Enum.Parse<TicketStatus>(e.GetString("Status")),
        PendingReason = ParseOptional<PendingReason>(e.GetString("PendingReason")),
        AssignmentGroup = e.GetString("AssignmentGroup"),
        AssigneeId = e.GetString("AssigneeId"),
        AssigneeName = e.GetString("AssigneeName"),
        ResolutionCode = ParseOptional<ResolutionCode>(e.GetString("ResolutionCode")),
        ResolutionNotes = e.GetString("ResolutionNotes"),
        CreatedBy = new Actor(e.GetString("CreatedById"), e.GetString("CreatedByName")),
        CreatedAt = e.GetDateTimeOffset("CreatedAt")!.Value,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt")!.Value,
        FirstResponseAt = e.GetDateTimeOffset("FirstResponseAt"),
        ResolvedAt = e.GetDateTimeOffset("ResolvedAt"),
        ClosedAt = e.GetDateTimeOffset("ClosedAt"),
        ReopenCount = e.GetInt32("ReopenCount") ?? 0,
        Links = JsonSerializer.Deserialize<List<TicketLink>>(e.GetString("Links") ?? "[]", Json) ?? [],
        Watchers = JsonSerializer.Deserialize<List<string>>(e.GetString("Watchers") ?? "[]", Json) ?? [],
        ActivityCount = e.GetInt32("ActivityCount") ?? 0,
        Version = e.GetInt64("Version") ?? 0,
        Sla = e.GetString("Sla") is { } sla ? JsonSerializer.Deserialize<SlaState>(sla, SlaJson.Options) : null,
        Vendor = e.GetString("Vendor") is { } vendor ? JsonSerializer.Deserialize<VendorClock>(vendor, SlaJson.Options) : null,
        MajorIncidentProposedAt = e.GetDateTimeOffset("MajorIncidentProposedAt"),
    };

    public static TableEntity ToEntity(string number, Activity a) => new(number, ActivityRowKey(number, a.Sequence))
    {
        ["Type"] = a.Type.ToString(),
        ["ActorId"] = a.Actor.Id,
        ["ActorName"] = a.Actor.Name,
        ["At"] = a.At,
        ["Text"] = a.Text,
        ["Data"] = JsonSerializer.Serialize(a.Data, Json),
    };

    public static Activity ToActivity(TableEntity e) => new(
        ActivitySequence(e.RowKey),
        Enum.Parse<ActivityType>(e.GetString("Type")),
        new Actor(e.GetString("ActorId"), e.GetString("ActorName")),
        e.GetDateTimeOffset("At")!.Value,
        e.GetString("Text"),
        JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString("Data") ?? "{}", Json) ?? []);

    private static int ActivitySequence(string rowKey)
    {
        var rest = rowKey.AsSpan(ActivityPrefix.Length);
        var end = rest.IndexOf('|');
        return int.Parse(end < 0 ? rest : rest[..end], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The rows a write adds to the customer partition besides the list rows: a change-feed row (for statistics
    /// and other incremental readers) and the ticket's pending-dispatch marker (for the event dispatcher).
    /// </summary>
    public static IReadOnlyList<TableEntity> ChangeRows(TicketState s) =>
    [
        new TableEntity(s.CustomerId, IndexKeys.Change(s.UpdatedAt, s.Number, s.Version))
        {
            ["Number"] = s.Number,
            ["Version"] = s.Version,
            ["Status"] = s.Status.ToString(),
            ["UpdatedAt"] = s.UpdatedAt,
        },
        new TableEntity(s.CustomerId, IndexKeys.PendingDispatch(s.Number))
        {
            ["Number"] = s.Number,
            ["Version"] = s.Version,
        },
    ];

    /// <summary>The list rows a ticket in this state has in its customer's index partition.</summary>
    public static IReadOnlyList<TableEntity> IndexRows(TicketState s)
    {
        var keys = new List<string>(4)
        {
            IndexKeys.All(s.Number),
            IndexKeys.Requester(s.Requester.Id, s.Number),
        };
        if (s.Status.IsOpen())
        {
            keys.Add(IndexKeys.Open(s.Number));
        }
        if (s.AssignmentGroup is not null)
        {
            keys.Add(IndexKeys.Group(s.AssignmentGroup, s.Status, s.Number));
        }
        return keys.Select(k => IndexRow(s, k)).ToList();
    }

    private static TableEntity IndexRow(TicketState s, string rowKey)
    {
        var row = IndexRowWithoutSla(s, rowKey);
        if (s.Sla is { } sla)
        {
            row["SlaBreached"] = sla.Breached;
            row["SlaDueAt"] = sla.DueAt;
        }
        return row;
    }

    private static TableEntity IndexRowWithoutSla(TicketState s, string rowKey) => new(s.CustomerId, rowKey)
    {
        ["Number"] = s.Number,
        ["Kind"] = s.Kind.ToString(),
        ["Title"] = s.Title,
        ["Status"] = s.Status.ToString(),
        ["Open"] = s.Status.IsOpen(),
        ["PendingReason"] = s.PendingReason?.ToString(),
        ["Priority"] = (int)PriorityMatrix.For(s.Impact, s.Urgency),
        ["AssignmentGroup"] = s.AssignmentGroup,
        ["AssigneeId"] = s.AssigneeId,
        ["RequesterId"] = s.Requester.Id,
        ["RequesterName"] = s.Requester.Name,
        // For major-incident broadcasts: who to tell about an outage of a service, without reading the tickets.
        ["RequesterEmail"] = s.Requester.Email,
        ["RequesterLanguage"] = s.Requester.Language.ToString(),
        ["Service"] = s.Service,
        ["ConfigurationItem"] = s.ConfigurationItem,
        ["CreatedAt"] = s.CreatedAt,
        ["UpdatedAt"] = s.UpdatedAt,
        ["Version"] = s.Version,
    };

    public static TicketSummary ToSummary(TableEntity e) => new(
        e.GetString("Number"),
        Enum.Parse<TicketKind>(e.GetString("Kind")),
        e.PartitionKey,
        e.GetString("Title"),
        Enum.Parse<TicketStatus>(e.GetString("Status")),
        ParseOptional<PendingReason>(e.GetString("PendingReason")),
        (Priority)(e.GetInt32("Priority") ?? 3),
        e.GetString("AssignmentGroup"),
        e.GetString("AssigneeId"),
        e.GetString("RequesterId"),
        e.GetString("RequesterName"),
        e.GetDateTimeOffset("CreatedAt")!.Value,
        e.GetDateTimeOffset("UpdatedAt")!.Value,
        e.GetInt64("Version") ?? 0,
        e.GetBoolean("SlaBreached") ?? false,
        e.GetDateTimeOffset("SlaDueAt"));

    private static T? ParseOptional<T>(string? value) where T : struct, Enum =>
        string.IsNullOrEmpty(value) ? null : Enum.Parse<T>(value);
}

/// <summary>RowKeys of the TicketIndex table. Free text parts are escaped with <see cref="KeyEncoder"/>.</summary>
internal static class IndexKeys
{
    public static string All(string number) => "t|" + number;
    public static string Requester(string requesterId, string number) => $"r|{KeyEncoder.Encode(requesterId)}|{number}";
    public static string Open(string number) => "o|" + number;
    public static string Group(string group, TicketStatus status, string number) => $"g|{KeyEncoder.Encode(group)}|{status}|{number}";
    public static string Idempotency(string userId, string key) => $"i|{KeyEncoder.Encode(userId)}|{KeyEncoder.Encode(key)}";

    /// <summary>Change feed: one row per write, ordered by time, so readers resume from a watermark.</summary>
    public static string Change(DateTimeOffset at, string number, long version) => $"c|{at.UtcTicks:D19}|{number}|{version:D10}";

    public static string ChangeFrom(DateTimeOffset at) => $"c|{at.UtcTicks:D19}";

    /// <summary>"This ticket has activities the dispatcher may not have delivered yet."</summary>
    public static string PendingDispatch(string number) => "p|" + number;

    /// <summary>The RowKey range [from, to) of all keys starting with <paramref name="prefix"/>.</summary>
    public static (string From, string To) Range(string prefix) => (prefix, prefix[..^1] + (char)(prefix[^1] + 1));
}
