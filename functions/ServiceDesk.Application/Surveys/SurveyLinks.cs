using ServiceDesk.Application.Common;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Surveys;

namespace ServiceDesk.Application.Surveys;

/// <summary>What a survey link's page shows: the ticket, the preselected rating and the requester's language.</summary>
public sealed record SurveyLinkPreview(string TicketNumber, string Title, Language Language, int Rating, string? Comment);

/// <summary>A survey link that cannot be used: <see cref="Expired"/> (410) or not valid (400). Never a 500.</summary>
public sealed class SurveyLinkRefusedException(bool expired, string detail) : Exception(detail)
{
    public bool Expired { get; } = expired;
}

/// <summary>
/// The survey links of the resolution mail. A GET only shows (mail scanners prefetch links); the POST records the
/// answer for the requester the token names, through the same rules as the portal (<see cref="Surveys.SaveAsync"/>).
/// </summary>
public sealed class SurveyLinks(SurveyLinkSigner signer, ITicketStore tickets, ISurveyStore store, Surveys surveys, TimeProvider time)
{
    public async Task<SurveyLinkPreview> PreviewAsync(string? token, string? rating, CancellationToken ct)
    {
        var (ticket, value) = await CheckAsync(token, rating, ct);
        var answer = await store.FindAsync(ticket.Number, ct);
        return new SurveyLinkPreview(ticket.Number, ticket.Title, ticket.Requester.Language, value, answer?.Comment);
    }

    public async Task<SurveyLinkPreview> RecordAsync(string? token, string? rating, string? comment, CancellationToken ct)
    {
        var (ticket, value) = await CheckAsync(token, rating, ct);
        var errors = new FieldErrors();
        var text = errors.Text("comment", comment, SurveyRules.MaxCommentLength, required: false);
        if (errors.Any)
        {
            throw new SurveyLinkRefusedException(false, $"The comment must be at most {SurveyRules.MaxCommentLength} characters, without control characters.");
        }
        try
        {
            await surveys.SaveAsync(ticket, value, text, reopen: false, ct);
        }
        catch (ConflictException e)
        {
            throw new SurveyLinkRefusedException(true, e.Message);
        }
        catch (NotFoundException e)
        {
            throw new SurveyLinkRefusedException(false, e.Message);
        }
        return new SurveyLinkPreview(ticket.Number, ticket.Title, ticket.Requester.Language, value, text);
    }

    private async Task<(Domain.Tickets.TicketState Ticket, int Rating)> CheckAsync(string? token, string? rating, CancellationToken ct)
    {
        var verified = signer.Verify(token, time.GetUtcNow());
        if (verified.Failure == "expired")
        {
            throw new SurveyLinkRefusedException(true, "The link has expired: the survey is closed.");
        }
        if (verified.Claims is not { } claims || verified.Failure is not null)
        {
            throw new SurveyLinkRefusedException(false, "The link is not valid.");
        }
        if (!int.TryParse(rating, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || !SurveyRules.IsValidRating(value))
        {
            throw new SurveyLinkRefusedException(false, $"Choose a rating from {SurveyRules.MinRating} to {SurveyRules.MaxRating}.");
        }
        var stored = await tickets.FindAsync(claims.TicketNumber, ct);
        if (stored is null || stored.State.Requester.Id != claims.RequesterId)
        {
            throw new SurveyLinkRefusedException(false, "The link is not valid.");
        }
        return (stored.State, value);
    }
}
