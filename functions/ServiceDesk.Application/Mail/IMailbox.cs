namespace ServiceDesk.Application.Mail;

/// <summary>The support mailbox as the poll sees it (IMAP in Infrastructure): new messages in order, and their progress.</summary>
public interface IMailbox
{
    /// <summary>A session over the new messages, or null when no mailbox is configured.</summary>
    Task<IMailboxSession?> OpenAsync(CancellationToken cancellationToken);
}

public interface IMailboxSession : IAsyncDisposable
{
    /// <summary>New messages, oldest first, at most a poll's worth.</summary>
    IReadOnlyList<MailboxItem> Pending { get; }

    /// <summary>New messages in all (<see cref="Pending"/> and those left for later polls).</summary>
    int Total { get; }

    Task<byte[]> ReadAsync(MailboxItem item, CancellationToken cancellationToken);

    /// <summary>The message's outcome is recorded: progress moves past it; <paramref name="markSeen"/> flags it \Seen.</summary>
    Task DoneAsync(MailboxItem item, bool markSeen, CancellationToken cancellationToken);

    /// <summary>Processing the message failed: the failure is counted; returns its failed attempts so far.</summary>
    Task<int> FailedAsync(MailboxItem item, string error, CancellationToken cancellationToken);
}

/// <param name="Id">The mailbox's id of the message (an IMAP UID).</param>
public sealed record MailboxItem(uint Id);
