using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Workflows;

namespace ServiceDesk.Functions.Mail;

/// <summary>
/// Raw RFC 5322 messages from a mail gateway (Logic Apps, Graph, Mailgun's MIME route, SendGrid Inbound Parse raw).
/// In Azure the function key protects it (AuthorizationLevel.Function); with <c>ServiceDesk:Mail:InboundSigningKey</c>
/// set it also requires <c>X-ServiceDesk-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>.
/// Replies threaded to a ticket go to the workflows first (approval decisions, vendor replies) over the invocation's
/// Durable client.
/// </summary>
public sealed partial class InboundEmailApi(MailIngestion ingestion, WorkflowMailRouting routing, IOptions<MailOptions> options, RateLimits limits, ILogger<InboundEmailApi> logger)
{
    public const string SignatureHeader = "X-ServiceDesk-Signature";

    [Function("InboundEmail")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "post", Route = "inbound/email")] HttpRequest req,
        [DurableClient] DurableTaskClient client)
    {
        if (limits.Refuse(RateLimitedSurface.InboundMail, req) is { } refused) return refused;
        try
        {
            if (!string.Equals(req.ContentType?.Split(';')[0].Trim(), "message/rfc822", StringComparison.OrdinalIgnoreCase))
            {
                throw new UnsupportedMediaTypeException("Send the raw message with Content-Type: message/rfc822.");
            }
            var raw = await ReadAsync(req, options.Value.MaxMessageBytes);
            if (!SignatureValid(req, raw))
            {
                throw new UnauthenticatedException($"The {SignatureHeader} header is missing or does not match the body.");
            }
            var result = await ingestion.IngestAsync(raw, "http", req.HttpContext.RequestAborted,
                routing.For(new DurableApprovalClient(client), new DurableVendorClient(client)));
            return ApiResults.Json(new { action = result.Action, ticketNumber = result.TicketNumber, reason = result.Reason, messageId = result.MessageId },
                StatusCodes.Status202Accepted);
        }
        catch (ServiceDeskException e)
        {
            return Problems.For(e, req);
        }
        catch (Exception e) when (Problems.IsStorageOutage(e))
        {
            LogStorageOutage(logger, e);
            return Problems.StorageUnavailable(req);
        }
        catch (Exception e) when (!req.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The mail's claim was released: the gateway's retry processes it again.
            LogUnexpected(logger, e);
            return Problems.Unexpected(req, req.HttpContext.TraceIdentifier);
        }
    }

    private bool SignatureValid(HttpRequest req, byte[] raw)
    {
        var key = options.Value.InboundSigningKey;
        if (key.Length == 0)
        {
            return true;
        }
        var header = req.Headers[SignatureHeader].FirstOrDefault();
        if (header is null || !header.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), raw);
        byte[] given;
        try
        {
            given = Convert.FromHexString(header["sha256=".Length..]);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static async Task<byte[]> ReadAsync(HttpRequest req, int max)
    {
        if (req.ContentLength > max)
        {
            throw new PayloadTooLargeException($"The message is larger than {max} bytes.");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await req.Body.ReadAsync(chunk, req.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > max)
            {
                throw new PayloadTooLargeException($"The message is larger than {max} bytes.");
            }
        }
        if (buffer.Length == 0)
        {
            throw ValidationException.For("body", FieldRule.Required, "Send the raw message as the request body.");
        }
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure while ingesting an inbound mail")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable while ingesting an inbound mail")]
    private static partial void LogStorageOutage(ILogger logger, Exception exception);
}
