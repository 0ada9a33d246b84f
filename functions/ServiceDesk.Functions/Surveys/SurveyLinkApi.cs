using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Surveys;
using ServiceDesk.Domain.Common;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Surveys;

/// <summary>
/// The survey links of the resolution mail. GET shows a page with the rating preselected and a comment box and
/// records nothing (mail scanners prefetch links); POST (form: token, rating, comment) records. A link that cannot be
/// used shows a bilingual page: 410 when the survey has closed, 400 otherwise.
/// </summary>
public sealed class SurveyLinkApi(SurveyLinks links, RateLimits limits)
{
    [Function("ShowSurveyLink")]
    public async Task<IActionResult> Show([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "surveys/link")] HttpRequest req)
    {
        if (limits.Refuse(RateLimitedSurface.SignedLinks, req) is { } refused) return refused;
        var token = req.Query["token"].FirstOrDefault();
        try
        {
            return SurveyPages.Form(await links.PreviewAsync(token, req.Query["rating"].FirstOrDefault(), req.HttpContext.RequestAborted), token!);
        }
        catch (SurveyLinkRefusedException e)
        {
            return SurveyPages.Refused(e);
        }
    }

    [Function("UseSurveyLink")]
    public async Task<IActionResult> Use([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "surveys/link")] HttpRequest req)
    {
        if (limits.Refuse(RateLimitedSurface.SignedLinks, req) is { } refused) return refused;
        try
        {
            var form = req.HasFormContentType ? await req.ReadFormAsync(req.HttpContext.RequestAborted) : null;
            var recorded = await links.RecordAsync(form?["token"].FirstOrDefault(), form?["rating"].FirstOrDefault(), form?["comment"].FirstOrDefault(),
                req.HttpContext.RequestAborted);
            return SurveyPages.Thanks(recorded);
        }
        catch (SurveyLinkRefusedException e)
        {
            return SurveyPages.Refused(e);
        }
        catch (InvalidDataException)
        {
            return SurveyPages.Refused(new SurveyLinkRefusedException(false, "The form could not be read."));
        }
    }
}

/// <summary>The survey link pages, in Swedish and English with the requester's language first.</summary>
internal static class SurveyPages
{
    public static IActionResult Form(SurveyLinkPreview p, string token)
    {
        var options = string.Join("", Enumerable.Range(1, 5).Select(r =>
            $"<label><input type=\"radio\" name=\"rating\" value=\"{r}\"{(r == p.Rating ? " checked" : "")}> {r}</label> "));
        var sv = $"""<p lang="sv">Hur nöjd är du med hjälpen med ärendet {E(p.TicketNumber)} ({E(p.Title)})? 1 = inte alls nöjd, 5 = mycket nöjd. Lägg gärna till en kommentar och skicka.</p>""";
        var en = $"""<p lang="en">How satisfied are you with the help on ticket {E(p.TicketNumber)} ({E(p.Title)})? 1 = not at all satisfied, 5 = very satisfied. Add a comment if you like, and send.</p>""";
        return Page(StatusCodes.Status200OK, "Hur nöjd är du? / How satisfied are you?", Ordered(p.Language, sv, en) + $"""
            <form method="post" action="link"><input type="hidden" name="token" value="{E(token)}">
            <p>{options}</p>
            <p><label>Kommentar / Comment<br><textarea name="comment" maxlength="2000" rows="5" cols="60">{E(p.Comment ?? "")}</textarea></label></p>
            <button type="submit">Skicka / Send</button></form>
            """);
    }

    public static IActionResult Thanks(SurveyLinkPreview p) => Page(StatusCodes.Status200OK, "Tack / Thank you", Ordered(p.Language,
        $"""<p lang="sv">Tack! Ditt betyg {p.Rating} av 5 för ärendet {E(p.TicketNumber)} är sparat. Du kan ändra det via länken i mailet eller i portalen så länge enkäten är öppen.</p>""",
        $"""<p lang="en">Thank you! Your rating {p.Rating} out of 5 for ticket {E(p.TicketNumber)} is saved. You can change it through the link in the mail or in the portal while the survey is open.</p>"""));

    public static IActionResult Refused(SurveyLinkRefusedException e) => e.Expired
        ? Page(StatusCodes.Status410Gone, "Enkäten är stängd / The survey is closed", """
            <p lang="sv">Tiden för att svara på enkäten har gått ut. Inget har sparats.</p>
            <p lang="en">The time to answer the survey has passed. Nothing was saved.</p>
            """)
        : Page(StatusCodes.Status400BadRequest, "Länken kan inte användas / The link cannot be used", $"""
            <p lang="sv">Länken kan inte användas. Inget har sparats. Du kan svara på enkäten under ärendet i portalen.</p>
            <p lang="en">{E(e.Message)} Nothing was saved. You can answer the survey on the ticket in the portal.</p>
            """);

    private static string Ordered(Language language, string sv, string en) => language == Language.En ? en + sv : sv + en;

    private static ContentResult Page(int status, string title, string body) => new()
    {
        StatusCode = status,
        ContentType = "text/html; charset=utf-8",
        Content = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>{E(title)}</title></head><body><h1>{E(title)}</h1>{body}</body></html>",
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
