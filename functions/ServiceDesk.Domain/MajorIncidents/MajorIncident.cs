using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Domain.MajorIncidents;

public enum MajorIncidentStatus
{
    Open,
    Resolved,
}

/// <summary>One update of a major incident; public ones are broadcast to the affected users and added to every child ticket.</summary>
public sealed record MajorIncidentUpdate(int Sequence, DateTimeOffset At, string By, bool Public, BilingualText Message, DateTimeOffset? NextUpdateAt, int UsersInformed = 0);

/// <summary>
/// A major incident: an outage declared by the desk on its master incident ticket (<see cref="Id"/> is that ticket's
/// number, so declaring twice from one incident is the same major incident). Its scope is one or more customers ("*":
/// all), the affected services and configuration items, and keywords; new incidents in scope are linked to it as
/// children. Update 0 is the declaration; every public update is broadcast.
/// </summary>
public sealed record MajorIncident
{
    public const string AllCustomers = "*";

    public required string Id { get; init; }
    public required IReadOnlyList<string> Customers { get; init; }
    public IReadOnlyList<string> Services { get; init; } = [];
    public IReadOnlyList<string> ConfigurationItems { get; init; } = [];
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public required BilingualText Title { get; init; }
    public required BilingualText Impact { get; init; }
    public required MajorIncidentStatus Status { get; init; }
    public required DateTimeOffset DeclaredAt { get; init; }
    public required string DeclaredBy { get; init; }
    public required IReadOnlyList<MajorIncidentUpdate> Updates { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? ResolutionNotes { get; init; }

    /// <summary>The latest public message (the declaration's if no public update followed).</summary>
    public BilingualText Message => Updates.Last(u => u.Public).Message;

    /// <summary>When users are promised the next update: from the latest public update (an internal note does not change it).</summary>
    public DateTimeOffset? NextUpdateAt => Updates.Last(u => u.Public).NextUpdateAt;

    public bool Covers(string customerId) => Customers.Contains(AllCustomers) || Customers.Contains(customerId, StringComparer.Ordinal);

    /// <summary>
    /// Whether a new ticket belongs to this open major incident: an incident of a customer in scope whose service or
    /// configuration item is affected, or whose title names one of the keywords (whole words, any case).
    /// </summary>
    public bool Matches(TicketState ticket) =>
        Status == MajorIncidentStatus.Open && ticket.Kind == TicketKind.Incident && ticket.Number != Id && Covers(ticket.CustomerId) &&
        (Services.Contains(ticket.Service ?? "\0", StringComparer.OrdinalIgnoreCase) ||
         ConfigurationItems.Contains(ticket.ConfigurationItem ?? "\0", StringComparer.OrdinalIgnoreCase) ||
         Keywords.Any(k => Words.Contains(ticket.Title, k)));

    public MajorIncident WithUpdate(DateTimeOffset at, string by, bool isPublic, BilingualText message, DateTimeOffset? nextUpdateAt) =>
        this with { Updates = [.. Updates, new MajorIncidentUpdate(Updates.Count, at, by, isPublic, message, nextUpdateAt)] };
}

/// <summary>
/// Whole-word, case-insensitive matching of a keyword or phrase in a text, with Swedish letters folded (å, ä → a;
/// ö → o; é → e), so users who type without them still match. <see cref="StartsWord"/> also lets a keyword match the
/// start of a longer word ("lön" in "lönen", "löneutbetalning").
/// </summary>
public static class Words
{
    public static bool Contains(string text, string keyword) => Find(text, keyword, prefix: false);

    public static bool StartsWord(string text, string keyword) => Find(text, keyword, prefix: true);

    private static bool Find(string text, string keyword, bool prefix)
    {
        if (string.IsNullOrWhiteSpace(keyword))
        {
            return false;
        }
        var t = Fold(text);
        var k = Fold(keyword.Trim());
        for (var i = t.IndexOf(k, StringComparison.Ordinal); i >= 0; i = t.IndexOf(k, i + 1, StringComparison.Ordinal))
        {
            var end = i + k.Length;
            if ((i == 0 || !char.IsLetterOrDigit(t[i - 1])) && (prefix || end == t.Length || !char.IsLetterOrDigit(t[end])))
            {
                return true;
            }
        }
        return false;
    }

    private static string Fold(string s)
    {
        var chars = s.ToLowerInvariant().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] switch
            {
                'å' or 'ä' or 'á' or 'à' => 'a',
                'ö' or 'ó' or 'ø' => 'o',
                'é' or 'è' => 'e',
                'ü' => 'u',
                var c => c,
            };
        }
        return new string(chars);
    }
}
