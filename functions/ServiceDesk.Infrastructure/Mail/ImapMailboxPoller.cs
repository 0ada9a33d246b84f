using Azure.Data.Tables;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Mail;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>
/// Reads new messages of the support mailbox over IMAP and feeds them to <see cref="MailIngestion"/>. Progress is the
/// mailbox's UIDVALIDITY and last ingested UID in the <c>Checkpoints</c> table (row <c>mail-imap|{host}|{folder}</c>),
/// saved after each message; a message ingested twice (a crash before the checkpoint, a new UIDVALIDITY) is a duplicate
/// Message-ID and changes nothing; so is a mailbox renumbered under the same UIDVALIDITY (smtp4dev after a restart), which
/// is read again from the start. Messages are flagged \Seen once their outcome is recorded; nothing is deleted. A message
/// whose ingestion fails stays unseen and the poll stops there (the next poll tries it again, attempts counted in the
/// checkpoint); after <see cref="ImapOptions.MaxAttempts"/> it is recorded as rejected with its raw blob (an operator lists
/// and redrives it) and the poller moves on.
/// </summary>
public sealed partial class ImapMailboxPoller(
    MailIngestion ingestion, Tables tables, IOptions<ImapOptions> options, ILogger<ImapMailboxPoller> logger)
{
    public sealed record Result(int Ingested, int Remaining);

    /// <param name="router">Workflows that may take replies first (see <see cref="MailIngestion.IngestAsync"/>).</param>
    public async Task<Result> RunAsync(CancellationToken ct, IMailReplyRouter? router = null)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Host))
        {
            return new Result(0, 0);
        }
        var checkpoints = await tables.GetAsync(tables.Names.Checkpoints);
        var rowKey = KeyEncoder.Encode($"mail-imap|{o.Host}:{o.Port}|{o.UserName}|{o.Folder}");
        var stored = await checkpoints.GetEntityIfExistsAsync<TableEntity>("checkpoint", rowKey, cancellationToken: ct);
        var checkpoint = stored.HasValue ? stored.Value! : new TableEntity("checkpoint", rowKey);

        using var client = new ImapClient { Timeout = 30_000 };
        await client.ConnectAsync(o.Host, o.Port, o.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "sslonconnect" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        }, ct);
        // smtp4dev accepts any login; a real mailbox needs its credentials.
        await client.AuthenticateAsync(o.UserName.Length > 0 ? o.UserName : "servicedesk", o.Password.Length > 0 ? o.Password : "servicedesk", ct);
        var folder = await client.GetFolderAsync(o.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);

        var validity = (long)folder.UidValidity;
        var lastUid = checkpoint.GetInt64("UidValidity") == validity ? checkpoint.GetInt64("LastUid") ?? 0 : 0;
        var all = await folder.SearchAsync(SearchQuery.All, ct);
        if (lastUid > 0 && (folder.UidNext is { } next ? next.Id <= lastUid : all.Count > 0 && all.Max(u => u.Id) < lastUid))
        {
            // The mailbox was renumbered under the same UIDVALIDITY (smtp4dev's in-memory store starts again at 1 on every
            // run): read it from the start; what was ingested already is a duplicate Message-ID.
            LogRenumbered(logger, lastUid);
            lastUid = 0;
        }
        var uids = all.Where(u => u.Id > lastUid).OrderBy(u => u.Id).ToList();
        var ingested = 0;
        foreach (var uid in uids.Take(o.MaxPerRun))
        {
            var message = await folder.GetMessageAsync(uid, ct);
            using var raw = new MemoryStream();
            await message.WriteToAsync(raw, ct);
            try
            {
                await ingestion.IngestAsync(raw.ToArray(), "imap", ct, router);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                var attempts = checkpoint.GetInt64("FailedUid") == uid.Id ? (checkpoint.GetInt32("FailedAttempts") ?? 0) + 1 : 1;
                checkpoint["FailedUid"] = (long)uid.Id;
                checkpoint["FailedAttempts"] = attempts;
                checkpoint["LastError"] = e.GetType().Name + ": " + (e.Message.Length > 500 ? e.Message[..500] : e.Message);
                if (attempts < o.MaxAttempts)
                {
                    await checkpoints.UpsertEntityAsync(checkpoint, TableUpdateMode.Replace, ct);
                    LogFailed(logger, e, uid.Id, attempts, o.MaxAttempts);
                    break;
                }
                // Given up on: recorded for an operator (raw blob kept), then skipped; it stays unseen in the mailbox.
                await ingestion.RecordFailureAsync(raw.ToArray(), "imap", $"failed-after-{attempts}-attempts", ct);
                LogGaveUp(logger, e, uid.Id, attempts);
                checkpoint["UidValidity"] = validity;
                checkpoint["LastUid"] = (long)uid.Id;
                await checkpoints.UpsertEntityAsync(checkpoint, TableUpdateMode.Replace, ct);
                continue;
            }
            try
            {
                await folder.AddFlagsAsync(uid, MessageFlags.Seen, true, ct);
            }
            catch (ImapCommandException)
            {
                // A server that cannot store flags still works: the checkpoint is the progress.
            }
            checkpoint["UidValidity"] = validity;
            checkpoint["LastUid"] = (long)uid.Id;
            await checkpoints.UpsertEntityAsync(checkpoint, TableUpdateMode.Replace, ct);
            ingested++;
        }
        await client.DisconnectAsync(true, ct);
        if (ingested > 0)
        {
            LogPolled(logger, ingested, uids.Count - ingested);
        }
        return new Result(ingested, uids.Count - ingested);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP poll: the mailbox's UIDs are below the checkpoint ({LastUid}) under the same UIDVALIDITY; reading it from the start.")]
    private static partial void LogRenumbered(ILogger logger, long lastUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP poll: message UID {Uid} failed (attempt {Attempts} of {MaxAttempts}); it stays for the next poll")]
    private static partial void LogFailed(ILogger logger, Exception exception, uint uid, int attempts, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "IMAP poll: message UID {Uid} failed {Attempts} times; recorded as rejected (failed-after-attempts) for an operator to redrive")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, uint uid, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "IMAP poll: {Ingested} messages ingested, {Remaining} left for the next poll.")]
    private static partial void LogPolled(ILogger logger, int ingested, int remaining);
}
