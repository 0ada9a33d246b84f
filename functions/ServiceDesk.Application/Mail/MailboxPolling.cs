using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ServiceDesk.Application.Mail;

/// <summary>
/// The <c>MailboxPoll</c> timer's use case: new messages of the support mailbox, in order, through
/// <see cref="MailIngestion"/>. A message whose ingestion fails stays where it is (not seen) and the poll stops there,
/// so the next poll tries it again; after <see cref="ImapOptions.MaxAttempts"/> failed polls it is recorded as rejected
/// with its raw blob (an operator lists and redrives it) and the poll moves past it.
/// </summary>
public sealed partial class MailboxPolling(IMailbox mailbox, MailIngestion ingestion, IOptions<ImapOptions> options, ILogger<MailboxPolling> logger)
{
    public sealed record Result(int Ingested, int Remaining);

    /// <param name="router">Workflows that may take replies first (see <see cref="MailIngestion.IngestAsync"/>).</param>
    public async Task<Result> RunAsync(CancellationToken ct, IMailReplyRouter? router = null)
    {
        await using var session = await mailbox.OpenAsync(ct);
        if (session is null)
        {
            return new Result(0, 0);
        }
        var ingested = 0;
        foreach (var item in session.Pending)
        {
            var raw = await session.ReadAsync(item, ct);
            try
            {
                await ingestion.IngestAsync(raw, "imap", ct, router);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                var attempts = await session.FailedAsync(item, e.GetType().Name + ": " + e.Message, ct);
                if (attempts < options.Value.MaxAttempts)
                {
                    LogFailed(logger, e, item.Id, attempts, options.Value.MaxAttempts);
                    break;
                }
                // Given up on: recorded for an operator (raw blob kept), then skipped; it stays unseen in the mailbox.
                await ingestion.RecordFailureAsync(raw, "imap", $"failed-after-{attempts}-attempts", ct);
                LogGaveUp(logger, e, item.Id, attempts);
                await session.DoneAsync(item, markSeen: false, ct);
                continue;
            }
            await session.DoneAsync(item, markSeen: true, ct);
            ingested++;
        }
        if (ingested > 0)
        {
            LogPolled(logger, ingested, session.Total - ingested);
        }
        return new Result(ingested, session.Total - ingested);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox poll: message {Id} failed (attempt {Attempts} of {MaxAttempts}); it stays for the next poll")]
    private static partial void LogFailed(ILogger logger, Exception exception, uint id, int attempts, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mailbox poll: message {Id} failed {Attempts} times; recorded as rejected (failed-after-attempts) for an operator to redrive")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, uint id, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mailbox poll: {Ingested} messages ingested, {Remaining} left for the next poll.")]
    private static partial void LogPolled(ILogger logger, int ingested, int remaining);
}
