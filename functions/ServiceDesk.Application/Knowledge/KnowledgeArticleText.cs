namespace ServiceDesk.Application.Knowledge;

/// <summary>
/// One language version of a knowledge article as the search index sees it. An article that exists in
/// Swedish and English is two <see cref="SearchableArticle"/>s with the same <see cref="Id"/>.
/// </summary>
/// <param name="Id">The article id, shared by its language versions.</param>
/// <param name="Type">The article type (for example "howto", "known-error", "process"); a filter value.</param>
/// <param name="Language">"sv" or "en".</param>
/// <param name="Title">The title.</param>
/// <param name="Body">Plain text or Markdown.</param>
/// <param name="Tags">Free tags (searched like the title).</param>
/// <param name="Services">The services the article is about; a filter value.</param>
/// <param name="Audience">"internal" (staff only), "all", or "customers" (only the customers listed in <paramref name="Customers"/>).</param>
/// <param name="Customers">The customer ids an audience "customers" article is for.</param>
public sealed record SearchableArticle(
    string Id,
    string Type,
    string Language,
    string Title,
    string Body,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Services,
    string Audience,
    IReadOnlyList<string> Customers)
{
    public const string AudienceInternal = "internal";
    public const string AudienceAll = "all";
    public const string AudienceCustomers = "customers";
}

/// <summary>
/// Who is searching: staff see every article; a customer's user sees audience "all" and the
/// audience "customers" articles that list their customer, never "internal" ones.
/// </summary>
public sealed record SearchScope(bool Staff, string? CustomerId)
{
    public static SearchScope ForStaff { get; } = new(true, null);
    public static SearchScope ForCustomer(string customerId) => new(false, customerId);
}

/// <summary>Optional filters on a search; null means any.</summary>
public sealed record SearchFilters(string? Type = null, string? Service = null);

/// <summary>One article in a result page; <see cref="Snippet"/> is HTML-escaped text with the matches in &lt;mark&gt;.</summary>
public sealed record SearchHit(string Id, string Language, string Title, string Type, double Score, string Snippet);

/// <summary>A page of hits (one hit per article, in the language version that fits the caller best).</summary>
public sealed record SearchResultPage(IReadOnlyList<SearchHit> Hits, int Total, int Page, int PageSize);

/// <summary>An article suggested for a draft ticket, with a short reason in the caller's language.</summary>
public sealed record KnowledgeSuggestion(string Id, string Language, string Title, double Score, string Reason);

/// <summary>How one query word matched a candidate: its weight (rarity in the knowledge base), the match (0–1), and whether the knowledge base knows the word at all.</summary>
public sealed record TermMatch(string Word, double Weight, double Match, bool Known);

/// <summary>A candidate article for a draft with its coverage, final score and word matches (see <see cref="KnowledgeIndex.Explain"/>).</summary>
public sealed record SuggestionExplanation(string Id, double Coverage, double Score, IReadOnlyList<TermMatch> Terms);
