namespace ServiceDesk.Application.Mail;

/// <summary>
/// Outbound throttles and retries. The global rate matches the provider's quota (Azure Communication Services
/// default: 30 mails a minute, 100 an hour); per-recipient and per-ticket caps bound a loop that slipped through.
/// Mails over a limit wait for the next window; nothing is dropped.
/// </summary>
public sealed class MailSendingOptions
{
    public const string SectionName = "ServiceDesk:Mail:Sending";

    public int GlobalPerMinute { get; set; } = 30;
    public int GlobalPerHour { get; set; } = 100;
    public int PerRecipientPerHour { get; set; } = 10;
    public int PerTicketPerHour { get; set; } = 10;

    /// <summary>First retry delay after a transient SMTP failure; doubles per attempt up to <see cref="MaxBackoffSeconds"/>.</summary>
    public int FirstBackoffSeconds { get; set; } = 10;
    public int MaxBackoffSeconds { get; set; } = 1800;
}

/// <summary>How to reach the SMTP server (locally smtp4dev; in Azure e.g. the ACS SMTP relay).</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "ServiceDesk:Mail:Smtp";

    /// <summary>Empty: no mail is sent, and notifications are not generated (the handler is not registered).</summary>
    public string Host { get; set; } = "";
    public int Port { get; set; } = 25;

    /// <summary><c>None</c>, <c>Auto</c>, <c>StartTls</c> (ACS: port 587) or <c>SslOnConnect</c>.</summary>
    public string Security { get; set; } = "Auto";
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>The storage queue the sender listens on. A constant because <c>[QueueTrigger]</c> needs one.</summary>
public static class MailQueue
{
    public const string Name = "mail-outbox";
}
