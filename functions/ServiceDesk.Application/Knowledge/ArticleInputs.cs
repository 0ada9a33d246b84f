namespace ServiceDesk.Application.Knowledge;

/// <summary><c>POST /api/knowledge/articles</c> and <c>PUT /api/knowledge/articles/{id}</c> (the working copy).</summary>
public sealed record ArticleInput
{
    public string? Type { get; init; }
    /// <summary>By language: "sv" and/or "en"; at least one.</summary>
    public Dictionary<string, TranslationInput?>? Translations { get; init; }
    public List<string>? Tags { get; init; }
    public List<string>? Services { get; init; }
    public List<string>? ConfigurationItems { get; init; }
    /// <summary>internal, allCustomers or listedCustomers (with <see cref="Customers"/>).</summary>
    public string? Audience { get; init; }
    public List<string>? Customers { get; init; }
    public string? Owner { get; init; }
    /// <summary>"yyyy-MM-dd": the owner is reminded to review the article by then.</summary>
    public string? ReviewBy { get; init; }
}

public sealed record TranslationInput(string? Title, string? Body);

/// <summary><c>POST /api/knowledge/articles/{id}/feedback</c>.</summary>
public sealed record FeedbackInput(bool? Helpful, string? Comment);

/// <summary><c>PUT /api/customers/{id}/redirects</c>: the customer's topics that are not the supplier's.</summary>
public sealed record RedirectsInput(List<RedirectTopicInput>? Topics);

public sealed record RedirectTopicInput(
    string? Id, Common.TextInput? Name, List<string>? Keywords, string? HandledBy, string? Contact, Common.TextInput? Guidance);
