using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Knowledge;

namespace ServiceDesk.Application.Knowledge;

/// <summary><c>POST /api/tickets/{number}/articles</c>: link an article (an internal note) or send it to the requester (a public comment).</summary>
public sealed record TicketArticleInput(string? ArticleId, bool? Send);

/// <summary>
/// Articles on a ticket, for agents: the same suggestions users get while writing (for the ticket's text, customer and
/// requester's language), and linking or sending an article — sent, it is a public comment with the article in the
/// requester's language (or, when that translation is missing, the other one with a note saying so).
/// </summary>
public sealed class TicketArticles(KnowledgeSearch search, IKnowledgeStore store, ITicketStore tickets, ICustomerDirectory customers, TicketUpdater updater)
{
    public async Task<SuggestResult> SuggestAsync(Caller caller, string number, CancellationToken ct)
    {
        RequireStaff(caller);
        var t = (await TicketLoader.LoadVisibleAsync(tickets, customers, caller, number, ct)).State;
        return await search.SuggestAsync(caller, new SuggestInput(t.Title, t.Description, t.Requester.Language.ToString(), t.CustomerId), ct);
    }

    public async Task<StoredTicket> AddAsync(Caller caller, string number, TicketArticleInput input, CancellationToken ct)
    {
        RequireStaff(caller);
        var ticket = await TicketLoader.LoadVisibleAsync(tickets, customers, caller, number, ct);
        if (string.IsNullOrWhiteSpace(input.ArticleId))
        {
            throw ValidationException.For("articleId", FieldRule.Required, "'articleId' is required.");
        }
        var article = (input.ArticleId.Length <= 40 ? await store.FindAsync(input.ArticleId, ct) : null)?.Article;
        if (article?.Current is not { } current || !Article.Visible(current.Content, false, ticket.State.CustomerId))
        {
            throw new UnprocessableException($"Article '{input.ArticleId}' is not published for customer '{ticket.State.CustomerId}'.");
        }
        var send = input.Send ?? true;
        var language = ticket.State.Requester.Language;
        var translation = current.Content.Translations.GetValueOrDefault(language);
        var note = "";
        if (translation is null)
        {
            translation = current.Content.Translations.Values.First();
            note = language == Language.Sv ? "(Artikeln finns bara på engelska.)\n\n" : "(This article exists only in Swedish.)\n\n";
        }
        var text = send
            ? $"{(language == Language.Sv ? "Den här artikeln kan hjälpa dig" : "This article may help you")}: {translation.Title} [{article.Id}]\n\n{note}{translation.Body}"
            : $"Article linked: {translation.Title} [{article.Id}]";
        return (await updater.ChangeAsync(ticket.State.Number, (_, t, now) =>
        {
            try
            {
                t.Comment(text, isInternal: !send, caller.Actor, now);
            }
            catch (Domain.Common.DomainRuleException e)
            {
                throw new ConflictException(e.Code, e.Message);
            }
            return ValueTask.FromResult(true);
        }, ct))!;
    }

    private static void RequireStaff(Caller caller)
    {
        if (!caller.IsStaff)
        {
            throw new ForbiddenException("Only service desk staff may link or send articles on tickets.");
        }
    }
}
