namespace ServiceDesk.Application.Privacy;

/// <summary>
/// The person a privacy job is about, within one customer: the ids and addresses the request named plus the names and
/// phone numbers found for them in the customer's data before anything was changed (kept in the job while it runs, so a
/// resumed job still knows what to look for after the first rows were pseudonymised).
/// </summary>
public sealed record Person(
    string CustomerId,
    string? UserId,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Phones)
{
    /// <summary>Adds identifiers found in the data, leaving out what an earlier erasure already put there (pseudonyms, removed phones).</summary>
    public Person WithFound(IEnumerable<string> emails, IEnumerable<string> names, IEnumerable<string> phones) => this with
    {
        Emails = Emails.Concat(emails).Where(e => !string.IsNullOrWhiteSpace(e) && !IsPseudonym(e)).Select(e => e.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        // Names shorter than 3 characters ("Bo") would redact unrelated words.
        Names = Names.Concat(names).Where(n => n is { Length: >= 3 } && !string.IsNullOrWhiteSpace(n) && !IsPseudonym(n)).Select(n => n.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        Phones = Phones.Concat(phones).Where(p => Redactor.Digits(p).Length >= 6).Select(p => p.Trim()).Distinct().ToList(),
    };

    private static bool IsPseudonym(string value) =>
        value.StartsWith("person-", StringComparison.OrdinalIgnoreCase) || value.EndsWith("@" + Pseudonyms.EmailDomain, StringComparison.OrdinalIgnoreCase);
}
