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
/// The support mailbox over IMAP (MailKit). Progress is the mailbox's UIDVALIDITY and last done UID in the
/// <c>Checkpoints</c> table (row <c>mail-imap|{host}|{folder}</c>), saved after each message, with the failed attempts of
/// the message it stopped at; a message ingested twice (a crash before the checkpoint, a new UIDVALIDITY) is a duplicate
/// Message-ID and changes nothing; so is a mailbox renumbered under the same UIDVALIDITY (smtp4dev after a restart),
/// which is read again from the start. Nothing is deleted.
/// </summary>
public sealed partial class ImapMailbox(Tables tables, IOptions<ImapOptions> options, ILogger<ImapMailbox> logger) : IMailbox
{
    public async Task<IMailboxSession?> OpenAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Host))
        {
            return null;
        }
        var checkpoints = await tables.GetAsync(tables.Names.Checkpoints);
        var rowKey = KeyEncoder.Encode($"mail-imap|{o.Host}:{o.Port}|{o.UserName}|{o.Folder}");
        var stored = await checkpoints.GetEntityIfExistsAsync<TableEntity>("checkpoint", rowKey, cancellationToken: ct);
        var checkpoint = stored.HasValue ? stored.Value! : new TableEntity("checkpoint", rowKey);

        var client = new ImapClient { Timeout = 30_000 };
        try
        {
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
            return new Session(client, folder, checkpoints, checkpoint, validity, uids, o.MaxPerRun);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Session(ImapClient client, IMailFolder folder, TableClient checkpoints, TableEntity checkpoint, long validity,
        List<UniqueId> uids, int maxPerRun) : IMailboxSession
    {
        public IReadOnlyList<MailboxItem> Pending { get; } = uids.Take(maxPerRun).Select(u => new MailboxItem(u.Id)).ToList();

        public int Total => uids.Count;

        public async Task<byte[]> ReadAsync(MailboxItem item, CancellationToken ct)
        {
            var message = await folder.GetMessageAsync(new UniqueId(item.Id), ct);
            using var raw = new MemoryStream();
            await message.WriteToAsync(raw, ct);
            return raw.ToArray();
        }

        public async Task DoneAsync(MailboxItem item, bool markSeen, CancellationToken ct)
        {
            if (markSeen)
            {
                try
                {
                    await folder.AddFlagsAsync(new UniqueId(item.Id), MessageFlags.Seen, true, ct);
                }
                catch (ImapCommandException)
                {
                    // A server that cannot store flags still works: the checkpoint is the progress.
                }
            }
            checkpoint["UidValidity"] = validity;
            checkpoint["LastUid"] = (long)item.Id;
            await checkpoints.UpsertEntityAsync(checkpoint, TableUpdateMode.Replace, ct);
        }

        public async Task<int> FailedAsync(MailboxItem item, string error, CancellationToken ct)
        {
            var attempts = checkpoint.GetInt64("FailedUid") == item.Id ? (checkpoint.GetInt32("FailedAttempts") ?? 0) + 1 : 1;
            checkpoint["FailedUid"] = (long)item.Id;
            checkpoint["FailedAttempts"] = attempts;
            checkpoint["LastError"] = error.Length > 500 ? error[..500] : error;
            await checkpoints.UpsertEntityAsync(checkpoint, TableUpdateMode.Replace, ct);
            return attempts;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(true);
                }
            }
            finally
            {
                client.Dispose();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP: the mailbox's UIDs are below the checkpoint ({LastUid}) under the same UIDVALIDITY; reading it from the start.")]
    private static partial void LogRenumbered(ILogger logger, long lastUid);
}
