using Microsoft.Extensions.Options;

namespace ServiceDesk.Application.Mail;

/// <summary>
/// The attachment policy of inbound mail: what fits <see cref="MailOptions"/> (count, size, blocked types) is stored
/// in Blob Storage under the ticket; every attachment stored or dropped gets a note line in Swedish and English.
/// </summary>
public sealed class InboundAttachments(IMailBlobStore blobs, IOptions<MailOptions> options)
{
    /// <summary>Stores what fits the limits; returns one note line per stored and dropped attachment.</summary>
    public async Task<List<string>> StoreAsync(string number, InboundMail mail, CancellationToken ct)
    {
        var o = options.Value;
        var blocked = o.BlockedExtensions;
        var lines = new List<string>();
        var key = MailKeys.KeyOf(mail.MessageId);
        for (var i = 0; i < mail.Attachments.Count; i++)
        {
            var a = mail.Attachments[i];
            var size = Size(a.Content.Length);
            if (i >= o.MaxAttachments)
            {
                lines.Add(InboundMailText.TooMany(a, size, o.MaxAttachments));
            }
            else if (a.Content.Length > o.MaxAttachmentBytes)
            {
                lines.Add(InboundMailText.TooLarge(a, size, Size(o.MaxAttachmentBytes)));
            }
            else if (blocked.Contains(Path.GetExtension(a.FileName).ToLowerInvariant()))
            {
                lines.Add(InboundMailText.Blocked(a, size));
            }
            else
            {
                var blob = await blobs.SaveAttachmentAsync(number, key, i, a, ct);
                lines.Add(InboundMailText.Stored(a, size, blob));
            }
        }
        return lines;
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1048576.0:0.#} MB" : $"{bytes / 1024.0:0.#} KB";
}
