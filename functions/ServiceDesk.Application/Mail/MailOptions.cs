namespace ServiceDesk.Application.Mail;

/// <summary>The email channel: the support mailbox, inbound rules and limits.</summary>
public sealed class MailOptions
{
    public const string SectionName = "ServiceDesk:Mail";

    /// <summary>The support mailbox: From and Reply-To of every mail we send, and where users write.</summary>
    public string SupportAddress { get; set; } = "support@servicedesk.local";

    /// <summary>Display name of the support mailbox.</summary>
    public string SupportName { get; set; } = "ServiceDesk";

    /// <summary>Domain of the Message-IDs we generate (and of our loop header); mail with it coming in is ours.</summary>
    public string MessageIdDomain { get; set; } = "servicedesk.local";

    /// <summary>Mail from a domain no customer registered: <c>Reject</c> (recorded, no ticket) or <c>Triage</c> (a ticket for <see cref="TriageCustomerId"/>).</summary>
    public string UnknownDomainPolicy { get; set; } = "Reject";

    /// <summary>The customer record that collects mail from unknown domains under the Triage policy.</summary>
    public string TriageCustomerId { get; set; } = "";

    /// <summary>A reply to a resolved ticket reopens it within this many days of its resolution; later ones open a new linked ticket.</summary>
    public int ReopenWindowDays { get; set; } = 14;

    /// <summary>Larger raw messages are rejected (the HTTP endpoint answers 413).</summary>
    public int MaxMessageBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Attachments (and inline images) larger than this are dropped with a note on the ticket.</summary>
    public int MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>At most this many attachments of one mail are stored; the rest are dropped with a note.</summary>
    public int MaxAttachments { get; set; } = 20;

    /// <summary>File extensions never stored (comma-separated, with dots).</summary>
    public string BlockedAttachmentExtensions { get; set; } = ".exe,.bat,.cmd,.com,.scr,.pif,.js,.jse,.vbs,.vbe,.wsf,.ps1,.msi,.jar,.lnk,.hta,.cpl,.reg";

    /// <summary>When set, <c>POST /api/inbound/email</c> also requires <c>X-ServiceDesk-Signature: sha256=&lt;hex HMAC of the body&gt;</c> with this key.</summary>
    public string InboundSigningKey { get; set; } = "";

    /// <summary>Ticket events older than this many hours are not mailed (a handler registered late does not mail history).</summary>
    public int MaxEventAgeHours { get; set; } = 24;

    /// <summary>
    /// A delivery's claim on a Message-ID lasts this long: a second delivery meanwhile is answered "in progress, retry"
    /// (503 with Retry-After); after it, or at once when the first delivery failed, the next delivery processes the mail.
    /// </summary>
    public int ClaimLeaseSeconds { get; set; } = 120;

    public TimeSpan ClaimLease => TimeSpan.FromSeconds(ClaimLeaseSeconds);

    public TimeSpan ReopenWindow => TimeSpan.FromDays(ReopenWindowDays);

    public bool TriageUnknownDomains => string.Equals(UnknownDomainPolicy, "Triage", StringComparison.OrdinalIgnoreCase);

    public IReadOnlySet<string> BlockedExtensions =>
        BlockedAttachmentExtensions.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.StartsWith('.') ? e.ToLowerInvariant() : "." + e.ToLowerInvariant()).ToHashSet();
}
