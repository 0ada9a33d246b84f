using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Workflows;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Workflows;

/// <summary>
/// Deciding approvals: the approver's own API, and the signed links from the approval mail. A link's GET only
/// shows a confirmation page (mail scanners prefetch links); its POST decides.
/// </summary>
public sealed class ApprovalsApi(ApiEndpoint endpoint, ApprovalDecisions decisions, RateLimits limits)
{
    [Function("ListMyApprovals")]
    public Task<IActionResult> Mine([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "approvals/mine")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await decisions.ListMineAsync(caller, ct) }));

    [Function("DecideApproval")]
    public Task<IActionResult> Decide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "approvals/{ticket}/{step:int}")] HttpRequest req, string ticket, int step,
        [DurableClient] DurableTaskClient client) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<ApproverDecisionInput>(req);
            await decisions.DecideAsync(caller, ticket, step, input, new DurableApprovalClient(client), ct);
            return ApiResults.Json(new { ticket, step, accepted = true }, StatusCodes.Status202Accepted);
        });

    [Function("ShowApprovalLink")]
    public async Task<IActionResult> ShowLink([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "approvals/link")] HttpRequest req)
    {
        if (limits.Refuse(RateLimitedSurface.SignedLinks, req) is { } refused) return refused;
        var token = req.Query["token"].FirstOrDefault();
        try
        {
            var preview = await decisions.PreviewLinkAsync(token, req.HttpContext.RequestAborted);
            return ApprovalPages.Confirm(preview, token!);
        }
        catch (ServiceDeskException e)
        {
            return ApprovalPages.Refused(e.Message);
        }
    }

    [Function("UseApprovalLink")]
    public async Task<IActionResult> UseLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "approvals/link")] HttpRequest req, [DurableClient] DurableTaskClient client)
    {
        if (limits.Refuse(RateLimitedSurface.SignedLinks, req) is { } refused) return refused;
        try
        {
            var token = req.HasFormContentType ? (await req.ReadFormAsync(req.HttpContext.RequestAborted))["token"].FirstOrDefault() : req.Query["token"].FirstOrDefault();
            var done = await decisions.DecideByLinkAsync(token, req.HttpContext.Connection.RemoteIpAddress?.ToString(), new DurableApprovalClient(client),
                req.HttpContext.RequestAborted);
            return ApprovalPages.Done(done);
        }
        catch (ServiceDeskException e)
        {
            return ApprovalPages.Refused(e.Message);
        }
    }
}

/// <summary>The small bilingual HTML pages of the decision links.</summary>
internal static class ApprovalPages
{
    public static IActionResult Confirm(LinkPreview p, string token)
    {
        var (sv, en) = p.Decision == ApprovalDecision.Approve ? ("Godkänn", "Approve") : ("Avslå", "Reject");
        return Page(StatusCodes.Status200OK, $"{sv} / {en} {p.TicketNumber}", $"""
            <p lang="sv">{E(p.ApproverName)}, bekräfta att du vill <strong>{sv.ToLowerInvariant()}</strong> beställningen {E(p.Item)} ({E(p.TicketNumber)}, steg {p.Step + 1}).</p>
            <p lang="en">{E(p.ApproverName)}, please confirm that you want to <strong>{en.ToLowerInvariant()}</strong> the request {E(p.Item)} ({E(p.TicketNumber)}, step {p.Step + 1}).</p>
            <form method="post" action="link"><input type="hidden" name="token" value="{E(token)}"><button type="submit">{sv} / {en}</button></form>
            """);
    }

    public static IActionResult Done(LinkPreview p) => Page(StatusCodes.Status200OK, "Tack / Thank you", $"""
        <p lang="sv">Ditt beslut om {E(p.Item)} ({E(p.TicketNumber)}) är mottaget.</p>
        <p lang="en">Your decision on {E(p.Item)} ({E(p.TicketNumber)}) was received.</p>
        """);

    public static IActionResult Refused(string reason) => Page(StatusCodes.Status403Forbidden, "Länken kan inte användas / The link cannot be used", $"""
        <p lang="sv">Länken kan inte användas. Inget har ändrats.</p>
        <p lang="en">{E(reason)} Nothing was changed.</p>
        """);

    private static ContentResult Page(int status, string title, string body) => new()
    {
        StatusCode = status,
        ContentType = "text/html; charset=utf-8",
        Content = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>{E(title)}</title></head><body><h1>{E(title)}</h1>{body}</body></html>",
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
