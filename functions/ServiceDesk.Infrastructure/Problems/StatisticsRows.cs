using System.Globalization;
using Azure.Data.Tables;
using ServiceDesk.Domain.Statistics;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Problems;

/// <summary>
/// Row layouts of the Statistics table (partition = customer id): per ticket its last applied facts
/// (<c>f|{createdTicks}|{number}</c>, ordered by creation so detection reads its horizon as one range) and the
/// aggregate buckets (<c>d|{dimension}|{yyyyMMdd or current}|{value}</c>, so a period of one dimension is one range).
/// </summary>
internal static class StatisticsRows
{
    public const string FactsPrefix = "f|";
    public const string BucketPrefix = "d|";

    public static string FactsKey(DateTimeOffset createdAt, string number) => $"{FactsPrefix}{createdAt.UtcTicks:D19}|{number}";

    public static string FactsFrom(DateTimeOffset at) => $"{FactsPrefix}{at.UtcTicks:D19}";

    public static string BucketKey(StatsBucket b) => $"{BucketPrefix}{b.Dimension}|{b.Day}|{KeyEncoder.Encode(b.Value)}";

    /// <summary>All buckets of one dimension and day (or <see cref="StatsBucket.Current"/>).</summary>
    public static string DayPrefix(string dimension, string day) => $"{BucketPrefix}{dimension}|{day}|";

    public static TableEntity ToEntity(string customerId, TicketFacts f) => new(customerId, FactsKey(f.CreatedAt, f.Number))
    {
        ["Number"] = f.Number,
        ["Kind"] = f.Kind.ToString(),
        ["Version"] = f.Version,
        ["Status"] = f.Status.ToString(),
        ["Priority"] = (int)f.Priority,
        ["Service"] = f.Service,
        ["ConfigurationItem"] = f.ConfigurationItem,
        ["Category"] = f.Category,
        ["RequesterId"] = f.RequesterId,
        ["CreatedAt"] = f.CreatedAt,
        ["UpdatedAt"] = f.UpdatedAt,
        ["FirstResponseAt"] = f.FirstResponseAt,
        ["ResolvedAt"] = f.ResolvedAt,
        ["ReopenCount"] = f.ReopenCount,
        ["LinkedToProblem"] = f.LinkedToProblem,
        ["Terms"] = string.Join(' ', f.Terms),
        // Written only when present, so facts of tickets without service levels keep the row shape they had.
        ["Sla"] = f.Sla.Count == 0 ? null : string.Join(';', f.Sla.Select(FormatSla)),
        ["VendorId"] = f.VendorId,
        ["VendorResolve"] = f.VendorResolve is { } v ? FormatSla(v) : null,
    };

    /// <summary>"Target:1:ticks" (1 met, 0 breached; ticks of the UTC instant it was decided).</summary>
    private static string FormatSla(SlaFact f) =>
        $"{f.Target}:{(f.Met ? 1 : 0)}:{f.DecidedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}";

    private static SlaFact ParseSla(string text)
    {
        var parts = text.Split(':');
        return new SlaFact(Enum.Parse<Domain.ServiceLevels.SlaTargetKind>(parts[0]), parts[1] == "1",
            new DateTimeOffset(long.Parse(parts[2], CultureInfo.InvariantCulture), TimeSpan.Zero));
    }

    public static TicketFacts ToFacts(TableEntity e) => new()
    {
        Number = e.GetString("Number"),
        CustomerId = e.PartitionKey,
        Kind = Enum.Parse<TicketKind>(e.GetString("Kind")),
        Version = e.GetInt64("Version") ?? 0,
        Status = Enum.Parse<TicketStatus>(e.GetString("Status")),
        Priority = (Priority)(e.GetInt32("Priority") ?? 3),
        Service = e.GetString("Service"),
        ConfigurationItem = e.GetString("ConfigurationItem"),
        Category = e.GetString("Category"),
        RequesterId = e.GetString("RequesterId"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt")!.Value,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt")!.Value,
        FirstResponseAt = e.GetDateTimeOffset("FirstResponseAt"),
        ResolvedAt = e.GetDateTimeOffset("ResolvedAt"),
        ReopenCount = e.GetInt32("ReopenCount") ?? 0,
        LinkedToProblem = e.GetBoolean("LinkedToProblem") ?? false,
        Terms = (e.GetString("Terms") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Sla = (e.GetString("Sla") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(ParseSla).ToList(),
        VendorId = e.GetString("VendorId"),
        VendorResolve = e.GetString("VendorResolve") is { Length: > 0 } v ? ParseSla(v) : null,
    };

    public static TableEntity ToEntity(string customerId, StatsBucket b, StatsCounters c) => new(customerId, BucketKey(b))
    {
        ["Dimension"] = b.Dimension,
        ["Day"] = b.Day,
        ["Value"] = b.Value,
        ["Opened"] = c.Opened,
        ["Resolved"] = c.Resolved,
        ["Reopened"] = c.Reopened,
        ["FirstContact"] = c.FirstContact,
        ["Backlog"] = c.Backlog,
        ["Response"] = Join(c.Response),
        ["Resolution"] = Join(c.Resolution),
        ["SlaMet"] = Join(c.SlaMet),
        ["SlaBreached"] = Join(c.SlaBreached),
        ["VendorMet"] = c.VendorMet,
        ["VendorBreached"] = c.VendorBreached,
    };

    public static (StatsBucket Bucket, StatsCounters Counters) ToBucket(TableEntity e) => (
        new StatsBucket(e.GetString("Day"), e.GetString("Dimension"), e.GetString("Value")),
        new StatsCounters
        {
            Opened = e.GetInt64("Opened") ?? 0,
            Resolved = e.GetInt64("Resolved") ?? 0,
            Reopened = e.GetInt64("Reopened") ?? 0,
            FirstContact = e.GetInt64("FirstContact") ?? 0,
            Backlog = e.GetInt64("Backlog") ?? 0,
            Response = Split(e.GetString("Response")),
            Resolution = Split(e.GetString("Resolution")),
            SlaMet = Split(e.GetString("SlaMet"), StatsCounters.SlaTargets),
            SlaBreached = Split(e.GetString("SlaBreached"), StatsCounters.SlaTargets),
            VendorMet = e.GetInt64("VendorMet") ?? 0,
            VendorBreached = e.GetInt64("VendorBreached") ?? 0,
        });

    private static string Join(long[] bins) => string.Join(',', bins.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static long[] Split(string? text, int? length = null)
    {
        var bins = new long[length ?? DurationHistogram.Bins];
        var parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length && i < bins.Length; i++)
        {
            bins[i] = long.Parse(parts[i], CultureInfo.InvariantCulture);
        }
        return bins;
    }
}
