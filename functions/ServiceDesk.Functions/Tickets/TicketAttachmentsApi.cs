using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Tickets;

/// <summary>Files attached to a ticket: upload (multipart/form-data, one file in the part <c>file</c>) and download.</summary>
public sealed class TicketAttachmentsApi(ApiEndpoint endpoint, TicketCommands commands, ITicketAttachmentStore files)
{
    /// <summary>The multipart envelope around the file: boundaries and part headers.</summary>
    private const int EnvelopeBytes = 16 * 1024;

    public sealed record AttachmentResponse(string Id, string FileName, string ContentType, long Size, string Ticket);

    [Function("AttachFileToTicket")]
    public Task<IActionResult> Attach(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{number}/attachments")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            if (!req.HasFormContentType || req.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
            {
                throw new UnsupportedMediaTypeException("Send the file as multipart/form-data in a part named 'file'.");
            }
            if (req.ContentLength > AttachmentRules.MaxBytes + EnvelopeBytes)
            {
                throw new PayloadTooLargeException($"A file may be at most {AttachmentRules.MaxBytes / 1024 / 1024} MiB.");
            }
            var form = await req.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? throw Application.Common.ValidationException.For("file", Application.Common.FieldRule.Required, "Send the file in a part named 'file'.");
            if (file.Length > AttachmentRules.MaxBytes)
            {
                throw new PayloadTooLargeException($"A file may be at most {AttachmentRules.MaxBytes / 1024 / 1024} MiB.");
            }
            if (AttachmentRules.Allowed(file.ContentType) is null)
            {
                throw new UnsupportedMediaTypeException(
                    $"Files of type '{file.ContentType}' cannot be attached; allowed: {string.Join(", ", AttachmentRules.ContentTypes.Order())}.");
            }
            using var content = new MemoryStream((int)file.Length);
            await file.CopyToAsync(content, ct);
            var (ticket, id, stored) = await commands.AttachAsync(caller, number, files, new TicketAttachment(file.FileName, file.ContentType, content.ToArray()), ct);
            req.HttpContext.Response.Headers.Location = $"/api/tickets/{ticket.State.Number}/attachments/{id}";
            return ApiResults.Json(new AttachmentResponse(id, stored.FileName, stored.ContentType, stored.Content.Length, ticket.State.Number), StatusCodes.Status201Created);
        });

    [Function("GetTicketAttachment")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tickets/{number}/attachments/{id}")] HttpRequest req, string number, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var file = await commands.ReadAttachmentAsync(caller, number, id, files, ct);
            var headers = req.HttpContext.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
            headers[HeaderNames.CacheControl] = "private, no-store";
            // FileDownloadName makes it Content-Disposition: attachment (never shown inline in the API's origin).
            return new FileContentResult(file.Content, file.ContentType) { FileDownloadName = file.FileName };
        });
}
