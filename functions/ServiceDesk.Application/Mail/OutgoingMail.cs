namespace ServiceDesk.Application.Mail;

/// <summary>
/// A rendered notification in the outbox, keyed by the ticket event it is about (one mail per event). Mails that are
/// about no ticket (problem-candidate announcements) use a <see cref="TicketNumber"/> that is not a ticket number
/// (<c>candidate.{id}</c>): the sender then records nothing on a ticket (<see cref="IsAboutTicket"/>).
/// </summary>
public sealed record OutgoingMail(
    string TicketNumber,
    string EventId,
    string Template,
    string To,
    string ToName,
    string Subject,
    string Body,
    string MessageId,
    string? InReplyTo,
    string AutoSubmitted,
    string Status = OutgoingMail.Pending,
    int Attempts = 0,
    string? LastError = null,
    DateTimeOffset? SentAt = null)
{
    public const string Pending = "pending", Sent = "sent", Failed = "failed";

    public string Key => TicketNumber + "|" + EventId;

    /// <summary>True when <see cref="TicketNumber"/> is a ticket's number (INC-/REQ-/PRB-…), where sends and failures are recorded.</summary>
    public bool IsAboutTicket => global::ServiceDesk.Domain.Tickets.TicketNumber.TryParse(TicketNumber, out _);
}

/// <summary>The durable outbox: a table row per mail and a queue message that makes the sender deliver it.</summary>
public interface IMailOutbox
{
    /// <summary>Writes the mail unless its event already has one, and queues it for sending; returns the stored mail.</summary>
    Task<OutgoingMail> AddAsync(OutgoingMail mail, CancellationToken cancellationToken);

    Task<OutgoingMail?> GetAsync(string key, CancellationToken cancellationToken);

    Task UpdateAsync(OutgoingMail mail, CancellationToken cancellationToken);

    /// <summary>Queues the mail again, visible after <paramref name="delay"/>.</summary>
    Task EnqueueAsync(OutgoingMail mail, TimeSpan delay, CancellationToken cancellationToken);

    Task<IReadOnlyList<OutgoingMail>> ListAsync(string? status, int max, CancellationToken cancellationToken);
}

/// <summary>Send slots under the global, per-recipient and per-ticket limits.</summary>
public interface IMailThrottle
{
    /// <summary>Takes a slot and returns null, or returns how long to wait before trying again.</summary>
    Task<TimeSpan?> TryAcquireAsync(string ticketNumber, string recipient, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Delivers one mail over SMTP.</summary>
public interface ISmtpTransport
{
    /// <exception cref="MailDeliveryException">The server refused (permanent) or could not be reached (transient).</exception>
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

public sealed class MailDeliveryException(bool permanent, string message, Exception? inner = null, bool authentication = false) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    /// <summary>The SMTP server refused our credentials (or required some): a configuration fault, retried, never the recipient's.</summary>
    public bool Authentication { get; } = authentication;
}
