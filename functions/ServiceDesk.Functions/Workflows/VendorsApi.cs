using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Tickets;

namespace ServiceDesk.Functions.Workflows;

public sealed record ConfirmVendorResolutionInput
{
    public string? ResolutionNotes { get; init; }
}

/// <summary>The vendor registry, hand-over to a vendor, the vendor's signed callback and the agent's follow-up.</summary>
public sealed class VendorsApi(ApiEndpoint endpoint, VendorAdministration registry, VendorCases cases, RateLimits limits)
{
    [Function("PutVendor")]
    public Task<IActionResult> Put(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "customers/{customerId}/vendors/{vendorId}")] HttpRequest req, string customerId, string vendorId) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await registry.PutAsync(caller, customerId, vendorId, await RequestBody.ReadJsonAsync<VendorInput>(req), ct)));

    [Function("ListVendors")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/{customerId}/vendors")] HttpRequest req, string customerId) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await registry.ListAsync(caller, customerId, ct) }));

    [Function("HandTicketToVendor")]
    public Task<IActionResult> HandOver(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{number}/vendor")] HttpRequest req, string number,
        [DurableClient] DurableTaskClient client) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<HandoverInput>(req);
            var vendorCase = await cases.HandOverAsync(caller, number, input, new DurableVendorClient(client), ct);
            return ApiResults.Json(new { vendorCase.TicketNumber, vendorCase.VendorId, vendorCase.InstanceId, vendorCase.Status }, StatusCodes.Status202Accepted);
        });

    [Function("ConfirmVendorResolution")]
    public Task<IActionResult> Confirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{number}/vendor/confirm")] HttpRequest req, string number,
        [DurableClient] DurableTaskClient client) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = req.ContentLength is null or 0 ? new ConfirmVendorResolutionInput() : await RequestBody.ReadJsonAsync<ConfirmVendorResolutionInput>(req);
            await cases.ConfirmResolutionAsync(caller, number, input.ResolutionNotes, new DurableVendorClient(client), ct);
            return new StatusCodeResult(StatusCodes.Status202Accepted);
        });

    [Function("PublishVendorMessage")]
    public Task<IActionResult> Publish(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{number}/vendor/messages/{index:int}/publish")] HttpRequest req, string number, int index) =>
        endpoint.RunAsync(req, async (caller, ct) => TicketsApi.TicketResult(req, await cases.PublishAsync(caller, number, index, ct)));

    /// <summary>Authenticated by the vendor's HMAC signature, not by a bearer token.</summary>
    [Function("VendorCallback")]
    public async Task<IActionResult> Callback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "vendors/{vendorId}/callback")] HttpRequest req, string vendorId,
        [DurableClient] DurableTaskClient client)
    {
        if (limits.Refuse(RateLimitedSurface.VendorCallbacks, req) is { } refused) return refused;
        try
        {
            if (req.ContentLength > RequestBody.DefaultMaxBytes)
            {
                throw new PayloadTooLargeException($"The body is larger than {RequestBody.DefaultMaxBytes / 1024} KiB.");
            }
            using var buffer = new MemoryStream();
            await req.Body.CopyToAsync(buffer, req.HttpContext.RequestAborted);
            await cases.AcceptCallbackAsync(vendorId, buffer.ToArray(), req.Headers[VendorSignature.TimestampHeader].FirstOrDefault(),
                req.Headers[VendorSignature.SignatureHeader].FirstOrDefault(), new DurableVendorClient(client), req.HttpContext.RequestAborted);
            return new StatusCodeResult(StatusCodes.Status202Accepted);
        }
        catch (ServiceDeskException e)
        {
            return Problems.For(e, req);
        }
    }
}
