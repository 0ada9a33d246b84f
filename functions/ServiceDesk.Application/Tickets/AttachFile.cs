using System.Text;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>What may be attached: the size limit and the content types a browser may open safely or download.</summary>
public static class AttachmentRules
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxFileNameLength = 200;

    public static readonly IReadOnlySet<string> ContentTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp",
        "application/pdf", "text/plain", "text/csv",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
        "application/zip", "message/rfc822",
    };

    /// <summary>The media type without parameters, lower case, when it is allowed; else null.</summary>
    public static string? Allowed(string? contentType)
    {
        var media = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return media is not null && ContentTypes.Contains(media) ? media : null;
    }

    /// <summary>The last path segment, without control characters, trimmed to the length limit; null when nothing is left.</summary>
    public static string? CleanFileName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var last = name.Replace('\\', '/').Split('/')[^1];
        var clean = new StringBuilder(last.Length);
        foreach (var c in last.Normalize(NormalizationForm.FormC))
        {
            if (!char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or '*' or '?' or ':')) clean.Append(c);
        }
        var result = clean.ToString().Trim().TrimStart('.');
        if (result.Length > MaxFileNameLength)
        {
            var ext = Path.GetExtension(result);
            result = result[..(MaxFileNameLength - ext.Length)] + ext;
        }
        return result.Length == 0 ? null : result;
    }
}

/// <summary>Attaching a file to a ticket (stored in blobs, recorded as a public activity) and reading it back.</summary>
public sealed partial class TicketCommands
{
    public async Task<(StoredTicket Ticket, string AttachmentId, TicketAttachment Stored)> AttachAsync(
        Caller caller, string number, ITicketAttachmentStore files, TicketAttachment upload, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var fileName = AttachmentRules.CleanFileName(upload.FileName);
        if (fileName is null) errors.Add("file", FieldRule.Required, "The file needs a name.");
        var contentType = AttachmentRules.Allowed(upload.ContentType);
        if (contentType is null) errors.Add("file", FieldRule.NotAllowed, $"Files of type '{upload.ContentType}' cannot be attached.");
        if (upload.Content.Length == 0) errors.Add("file", FieldRule.Required, "The file is empty.");
        if (upload.Content.Length > AttachmentRules.MaxBytes) errors.Add("file", FieldRule.TooLarge, $"The file is larger than {AttachmentRules.MaxBytes / 1024 / 1024} MiB.",
            new Dictionary<string, object> { ["maxMiB"] = AttachmentRules.MaxBytes / 1024 / 1024 });
        errors.ThrowIfAny();

        // The caller must see and comment on the ticket before anything is stored.
        var visible = await TicketLoader.LoadVisibleAsync(store, customers, caller, number, ct);
        if (!TicketAccess.CanPerform(caller, visible.State, TicketAction.Comment))
        {
            throw new ForbiddenException($"You may not attach files to ticket {number}.");
        }
        var id = Guid.NewGuid().ToString("N");
        var stored = upload with { FileName = fileName!, ContentType = contentType! };
        await files.SaveAsync(visible.State.Number, id, stored, ct);
        var saved = await ChangeAsync(caller, number, ifMatch: null, ifMatchRequired: false, TicketAction.Comment,
            (t, actor, now) => t.AttachFile(id, fileName!, contentType!, upload.Content.Length, actor, now), ct);
        return (saved, id, stored);
    }

    /// <summary>An attachment of a ticket the caller may see; 404 for anything else (another customer's ticket included).</summary>
    public async Task<TicketAttachment> ReadAttachmentAsync(Caller caller, string number, string attachmentId, ITicketAttachmentStore files, CancellationToken ct)
    {
        var visible = await TicketLoader.LoadVisibleAsync(store, customers, caller, number, ct);
        if (attachmentId.Length != 32 || !attachmentId.All(Uri.IsHexDigit))
        {
            throw new NotFoundException($"Ticket {number} has no attachment '{attachmentId}'.");
        }
        return await files.ReadAsync(visible.State.Number, attachmentId, ct)
            ?? throw new NotFoundException($"Ticket {number} has no attachment '{attachmentId}'.");
    }
}
