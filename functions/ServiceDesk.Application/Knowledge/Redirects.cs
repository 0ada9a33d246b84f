using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.MajorIncidents;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Knowledge;

/// <summary>
/// What is not the supplier's: each customer's redirect topics (admins write, staff read), the match of a text against
/// them, and the redirect of a ticket — a public comment with the topic's guidance in the requester's language and the
/// ticket resolved as <see cref="ResolutionCode.Redirected"/>. A user's new ticket (portal or mail) that matches a topic
/// is redirected as it is created; the requester's mail is then the guidance alone (no acknowledgement, no
/// "resolved, reply to reopen" mail).
/// </summary>
public sealed class Redirects(IKnowledgeStore store, ICustomerDirectory customers, TimeProvider time) : ITicketLifecycle
{
    public const int MaxTopics = 100;

    private readonly RefreshingCache<IReadOnlyList<RedirectTopic>> _topics = new(time, TimeSpan.FromSeconds(30));

    /// <summary>Loads the customers' topics into memory (startup), so a create reads none.</summary>
    public async Task WarmUpAsync(IEnumerable<string> customerIds, CancellationToken ct)
    {
        foreach (var id in customerIds)
        {
            await TopicsAsync(id, ct);
        }
    }

    private Task<IReadOnlyList<RedirectTopic>?> TopicsAsync(string customerId, CancellationToken ct) =>
        _topics.GetAsync(customerId, async c => (IReadOnlyList<RedirectTopic>?)await store.GetRedirectsAsync(customerId, c), ct);
    public static readonly Actor RedirectActor = new("redirect", "ServiceDesk guidance");

    public async Task<IReadOnlyList<RedirectTopic>> GetAsync(Caller caller, string customerId, CancellationToken ct)
    {
        await RequireCustomerAsync(caller, customerId, write: false, ct);
        return await store.GetRedirectsAsync(customerId, ct);
    }

    public async Task<IReadOnlyList<RedirectTopic>> PutAsync(Caller caller, string customerId, RedirectsInput input, CancellationToken ct)
    {
        await RequireCustomerAsync(caller, customerId, write: true, ct);
        var errors = new FieldErrors();
        var topics = new List<RedirectTopic>();
        if ((input.Topics?.Count ?? 0) > MaxTopics)
        {
            errors.Add("topics", FieldRule.TooMany, $"At most {MaxTopics} topics.", FieldErrors.Args(("max", MaxTopics)));
        }
        foreach (var (t, i) in (input.Topics ?? []).Take(MaxTopics).Select((t, i) => (t, i)))
        {
            var at = $"topics[{i}]";
            var id = errors.Identifier($"{at}.id", t.Id, required: true);
            var name = errors.Bilingual($"{at}.name", t.Name, Limits.ShortTextLength, required: true);
            var guidance = errors.Bilingual($"{at}.guidance", t.Guidance, Limits.ReasonLength, required: true);
            var handledBy = errors.Text($"{at}.handledBy", t.HandledBy, Limits.ShortTextLength, required: true);
            var contact = errors.Text($"{at}.contact", t.Contact, Limits.ReasonLength, required: true);
            var keywords = (t.Keywords ?? []).Select((k, j) => errors.Text($"{at}.keywords[{j}]", k, Limits.ShortTextLength, required: true)).OfType<string>().ToList();
            if (keywords.Count == 0)
            {
                errors.Add($"{at}.keywords", FieldRule.Required, "Give the words or phrases that name the topic (e.g. \"lön\", \"payroll\").");
            }
            if (id is not null && topics.Any(x => x.Id == id))
            {
                errors.Add($"{at}.id", FieldRule.Duplicate, $"The id '{id}' is used twice.");
            }
            if (id is not null && name is not null && guidance is not null && handledBy is not null && contact is not null)
            {
                topics.Add(new RedirectTopic(id, name, keywords, handledBy, contact, guidance));
            }
        }
        errors.ThrowIfAny();
        await store.PutRedirectsAsync(customerId, topics, ct);
        _topics.Forget(customerId);
        return topics;
    }

    /// <summary>
    /// The first topic of the customer one of whose keywords starts a word of the text (any case, å/ä/ö folded: "lon"
    /// and "lönen" both match "lön"), or null.
    /// </summary>
    public async Task<RedirectTopic?> MatchAsync(string customerId, string text, CancellationToken ct) =>
        (await TopicsAsync(customerId, ct) ?? []).FirstOrDefault(t => t.Keywords.Any(k => Words.StartsWord(text, k)));

    /// <summary>
    /// A user's own incident or request, from the portal or by mail, that names a redirect topic: the guidance, and
    /// resolved as Redirected. Tickets staff open for someone (phone), alerts (queue) and problem records are not
    /// redirected automatically; an agent redirects them by topic.
    /// </summary>
    public async Task OpenedAsync(Ticket ticket, DateTimeOffset now, CancellationToken ct)
    {
        if (ticket.State.Channel is Channel.Portal or Channel.Email && ticket.State.Kind is TicketKind.Incident or TicketKind.ServiceRequest &&
            ticket.Status.IsOpen() && ticket.State.PendingReason is null &&
            await MatchAsync(ticket.CustomerId, ticket.State.Title + "\n" + ticket.State.Description, ct) is { } topic)
        {
            Apply(ticket, topic, RedirectActor, now);
            await RecordAsync(ticket, topic, now, ct);
        }
    }

    public Task ChangedAsync(Ticket ticket, DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;

    public Task<TicketState> AsOfAsync(TicketState state, DateTimeOffset now, CancellationToken ct) => Task.FromResult(state);

    /// <summary>The requester's guidance, in their language, as a public comment; then resolved as Redirected.</summary>
    public static string Guidance(RedirectTopic topic, Language language) => language == Language.En
        ? $"{topic.Guidance.En}\n\nThis is handled by {topic.HandledBy}: {topic.Contact}"
        : $"{topic.Guidance.Sv}\n\nDetta hanteras av {topic.HandledBy}: {topic.Contact}";

    public async Task<RedirectTopic?> FindAsync(string customerId, string topicId, CancellationToken ct) =>
        (await TopicsAsync(customerId, ct) ?? []).FirstOrDefault(x => x.Id == topicId);

    /// <summary>Counts the redirect for the statistics (only redirected tickets pay this write).</summary>
    internal Task RecordAsync(Ticket ticket, RedirectTopic topic, DateTimeOffset now, CancellationToken ct) =>
        store.RecordOutcomeAsync(new GuidanceOutcome(ticket.CustomerId, GuidanceOutcome.Redirect, topic.Id, ticket.Number, ticket.State.Requester.Id, now), ct);

    internal static void Apply(Ticket ticket, RedirectTopic topic, Actor actor, DateTimeOffset now)
    {
        var text = Guidance(topic, ticket.State.Requester.Language);
        ticket.Comment(text, isInternal: false, actor, now);
        var language = ticket.State.Requester.Language;
        ticket.Resolve(ResolutionCode.Redirected, language == Language.En ? $"Redirected: {topic.Name.En}." : $"Hänvisat: {topic.Name.Sv}.", actor, now);
    }

    private async Task RequireCustomerAsync(Caller caller, string customerId, bool write, CancellationToken ct)
    {
        if (write ? !caller.Has(Role.Admin) : !caller.IsStaff)
        {
            throw new ForbiddenException(write ? "Only administrators may change redirect topics." : "Only service desk staff may read redirect topics.");
        }
        if (!CustomerId.IsValid(customerId) || !caller.Serves(customerId) || await customers.FindAsync(customerId, ct) is null)
        {
            throw new NotFoundException($"Customer '{(CustomerId.IsValid(customerId) ? customerId : "(invalid id)")}' was not found.");
        }
    }
}
