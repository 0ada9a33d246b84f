using System.Globalization;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Knowledge;

/// <summary><c>POST /api/knowledge/articles/{id}/solved</c>: the user says the article solved it (optionally the ticket they opened anyway).</summary>
public sealed record SolvedInput(string? TicketNumber);

/// <summary>Deflections and redirects per customer and period, by article and by topic.</summary>
public sealed record GuidanceStats(string CustomerId, string From, string To, int Deflections, int Redirects,
    IReadOnlyDictionary<string, int> DeflectionsByArticle, IReadOnlyDictionary<string, int> RedirectsByTopic);

/// <summary>
/// What guidance achieved: a user says an article solved it (a deflection: no ticket, or their ticket resolved at once
/// as <see cref="ResolutionCode.SolvedByArticle"/>), and redirects (recorded as they happen); both counted per customer.
/// </summary>
public sealed class Guidance(IKnowledgeStore store, KnowledgeArticles articles, TicketUpdater updater, ITicketStore tickets, ICustomerDirectory customers, TimeProvider time)
{
    public async Task SolvedAsync(Caller caller, string articleId, SolvedInput input, CancellationToken ct)
    {
        var article = await articles.GetAsync(caller, articleId, ct);
        var customerId = caller.CustomerId;
        string? number = null;
        if (input.TicketNumber is { } n)
        {
            var ticket = await TicketLoader.LoadVisibleAsync(tickets, customers, caller, n, ct);
            if (!caller.IsStaff && ticket.State.Requester.Id != caller.UserId)
            {
                throw new ForbiddenException("Only the requester may say an article solved their ticket.");
            }
            customerId = ticket.State.CustomerId;
            number = ticket.State.Number;
            await updater.ChangeAsync(number, (_, t, now) =>
            {
                if (!t.Status.IsOpen())
                {
                    return ValueTask.FromResult(false);
                }
                t.Resolve(ResolutionCode.SolvedByArticle, $"Löst med artikeln {article.Id}. / Solved by article {article.Id}.", caller.Actor, now);
                return ValueTask.FromResult(true);
            }, ct);
        }
        if (!CustomerId.IsValid(customerId))
        {
            throw ValidationException.For("ticketNumber", FieldRule.Forbidden, "Staff record a deflection on a ticket: give 'ticketNumber'.");
        }
        await store.RecordOutcomeAsync(new GuidanceOutcome(customerId, GuidanceOutcome.Deflection, article.Id, number, caller.UserId, time.GetUtcNow()), ct);
    }

    public async Task<GuidanceStats> StatsAsync(Caller caller, string? customerId, string? from, string? to, CancellationToken ct)
    {
        var errors = new FieldErrors();
        DateOnly Day(string field, string? value)
        {
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }
            errors.Add(field, FieldRule.Date, $"Give '{field}' as a UTC date, e.g. 2026-12-01.");
            return default;
        }
        var f = Day("from", from);
        var t = Day("to", to);
        if (customerId is null || !CustomerId.IsValid(customerId))
        {
            errors.Add("customerId", FieldRule.Required, "Give the customer: ?customerId=contoso.");
        }
        errors.ThrowIfAny();
        if (!caller.IsStaff || !caller.Serves(customerId!))
        {
            throw caller.IsStaff ? new NotFoundException($"Customer '{customerId}' was not found.") : new ForbiddenException("Statistics are for service desk staff.");
        }
        var outcomes = await store.ListOutcomesAsync(customerId!, new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), ct);
        var deflections = outcomes.Where(o => o.Kind == GuidanceOutcome.Deflection).ToList();
        var redirects = outcomes.Where(o => o.Kind == GuidanceOutcome.Redirect).ToList();
        return new GuidanceStats(customerId!, from!, to!, deflections.Count, redirects.Count,
            deflections.GroupBy(o => o.Reference).ToDictionary(g => g.Key, g => g.Count()),
            redirects.GroupBy(o => o.Reference).ToDictionary(g => g.Key, g => g.Count()));
    }
}
