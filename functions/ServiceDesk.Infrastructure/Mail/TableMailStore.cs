using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Common;
using Page = ServiceDesk.Application.Common.Page<ServiceDesk.Application.Mail.InboundRecord>;
using ServiceDesk.Application.Mail;
using ServiceDesk.Infrastructure.Intake;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>
/// Table <c>MailMessages</c>: one partition per Message-ID (a hash of it), RowKey <c>in</c> for an inbound message
/// (its claim and outcome) and <c>out</c> for a Message-ID we sent (its ticket); <c>{number}/origin</c> holds the
/// Message-ID that opened a ticket, <c>{number}/raw|{blob}</c> each raw mail linked to it (read by retention) (records written before Attempts/Failed/LastError/ClaimedAt existed read as one
/// attempt that did not fail, claimed when received); <c>bounce|{address}/bounce</c> an address that bounced.
/// </summary>
public sealed class TableMailStore(Tables tables) : IMailStore
{
    private const string InboundRow = "in", SentRow = "out", OriginRow = "origin", BounceRow = "bounce";

    private ValueTask<TableClient> Table() => tables.GetAsync(tables.Names.MailMessages);

    public async Task<InboundClaim> ClaimInboundAsync(InboundRecord record, TimeSpan lease, bool takeOverRejected, CancellationToken ct)
    {
        var table = await Table();
        var claim = record with { Completed = false, Failed = false, Attempts = 1, ClaimedAt = record.ReceivedAt };
        try
        {
            await table.AddEntityAsync(ToEntity(claim), ct);
            return new InboundClaim(InboundClaimState.Claimed, claim);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Held by another delivery: decided below from what it recorded.
        }
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(MailKeys.KeyOf(record.MessageId), InboundRow, cancellationToken: ct);
            if (!row.HasValue)
            {
                try
                {
                    await table.AddEntityAsync(ToEntity(claim), ct);
                    return new InboundClaim(InboundClaimState.Claimed, claim);
                }
                catch (RequestFailedException e) when (e.Status == 409)
                {
                    continue;
                }
            }
            var existing = ToRecord(row.Value!);
            var redrive = takeOverRejected && existing is { Completed: true, Action: MailIngestResult.Rejected };
            if (existing.Completed && !redrive)
            {
                return new InboundClaim(InboundClaimState.Done, existing);
            }
            var expired = (existing.ClaimedAt ?? existing.ReceivedAt) + lease <= record.ReceivedAt;
            if (!redrive && !existing.Failed && !expired)
            {
                return new InboundClaim(InboundClaimState.InProgress, existing);
            }
            var takeOver = record with
            {
                ReceivedAt = existing.ReceivedAt, Completed = false, Failed = false, Attempts = existing.Attempts + 1,
                LastError = existing.LastError, ClaimedAt = record.ReceivedAt,
            };
            try
            {
                await table.UpdateEntityAsync(ToEntity(takeOver), row.Value!.ETag, TableUpdateMode.Replace, ct);
                return new InboundClaim(InboundClaimState.Claimed, takeOver);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Another delivery took it over first.
                return new InboundClaim(InboundClaimState.InProgress, existing);
            }
        }
        throw new InvalidOperationException($"The inbound record of {record.MessageId} kept changing; the delivery will be retried.");
    }

    public async Task CompleteInboundAsync(InboundRecord record, CancellationToken ct)
    {
        if (record.TicketNumber is { Length: > 0 } ticket && record.RawBlob is { Length: > 0 } raw)
        {
            // The ticket's link to its raw mail, for retention (the raw mails of a ticket are found by its partition).
            await (await Table()).UpsertEntityAsync(new TableEntity(ticket, RawLinkPrefix + KeyEncoder.Encode(raw)) { ["RawBlob"] = raw, ["Ticket"] = ticket }, TableUpdateMode.Replace, ct);
        }
        await (await Table()).UpsertEntityAsync(ToEntity(record with { Completed = true, Failed = false }), TableUpdateMode.Replace, ct);
    }

    /// <summary>RowKey prefix of <c>{ticket}/raw|{blob}</c>: a raw mail linked to the ticket (its blob name only).</summary>
    public const string RawLinkPrefix = "raw|";

    public async Task ReleaseInboundAsync(InboundRecord record, string error, CancellationToken ct) =>
        await (await Table()).UpsertEntityAsync(ToEntity(record with
        {
            Completed = false, Failed = true, LastError = error.Length > 1000 ? error[..1000] : error,
        }), TableUpdateMode.Replace, ct);

    public async Task<InboundRecord?> FindInboundAsync(string messageId, CancellationToken ct)
    {
        var row = await (await Table()).GetEntityIfExistsAsync<TableEntity>(MailKeys.KeyOf(messageId), InboundRow, cancellationToken: ct);
        return row.HasValue ? ToRecord(row.Value!) : null;
    }

    public async Task<Page> ListInboundAsync(string? action, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var filter = action switch
        {
            null => TableClient.CreateQueryFilter($"RowKey eq {InboundRow}"),
            MailAdministration.Failed => TableClient.CreateQueryFilter($"RowKey eq {InboundRow} and Failed eq {true} and Completed eq {false}"),
            _ => TableClient.CreateQueryFilter($"RowKey eq {InboundRow} and Action eq {action}"),
        };
        var page = await TablePaging.FirstPageAsync(await Table(), filter, pageSize, continuationToken, ct);
        return new Page(page.Values.Select(ToRecord).ToList(), page.ContinuationToken);
    }

    public async Task<string?> FindTicketBySentIdAsync(string messageId, CancellationToken ct)
    {
        var row = await (await Table()).GetEntityIfExistsAsync<TableEntity>(MailKeys.KeyOf(messageId), SentRow, ["Ticket"], ct);
        return row.HasValue ? row.Value!.GetString("Ticket") : null;
    }

    public async Task RecordSentIdAsync(string messageId, string ticketNumber, CancellationToken ct) =>
        await (await Table()).UpsertEntityAsync(new TableEntity(MailKeys.KeyOf(messageId), SentRow)
        {
            ["MessageId"] = messageId,
            ["Ticket"] = ticketNumber,
        }, TableUpdateMode.Replace, ct);

    public async Task RecordOriginAsync(string ticketNumber, string messageId, CancellationToken ct) =>
        await (await Table()).UpsertEntityAsync(new TableEntity(ticketNumber, OriginRow) { ["MessageId"] = messageId }, TableUpdateMode.Replace, ct);

    public async Task<string?> FindOriginAsync(string ticketNumber, CancellationToken ct)
    {
        var row = await (await Table()).GetEntityIfExistsAsync<TableEntity>(ticketNumber, OriginRow, cancellationToken: ct);
        return row.HasValue ? row.Value!.GetString("MessageId") : null;
    }

    public async Task MarkBouncingAsync(string address, string detail, DateTimeOffset at, CancellationToken ct) =>
        await (await Table()).UpsertEntityAsync(new TableEntity(BouncePartition(address), BounceRow)
        {
            ["Address"] = address,
            ["Detail"] = detail,
            ["At"] = at,
        }, TableUpdateMode.Replace, ct);

    public async Task<bool> IsBouncingAsync(string address, CancellationToken ct) =>
        (await (await Table()).GetEntityIfExistsAsync<TableEntity>(BouncePartition(address), BounceRow, ["Address"], ct)).HasValue;

    private static string BouncePartition(string address) => "bounce|" + KeyEncoder.Encode(address.Trim().ToLowerInvariant());

    private static TableEntity ToEntity(InboundRecord r) => new(MailKeys.KeyOf(r.MessageId), InboundRow)
    {
        ["MessageId"] = r.MessageId,
        ["Transport"] = r.Transport,
        ["ReceivedAt"] = r.ReceivedAt,
        ["From"] = r.From,
        ["Subject"] = r.Subject,
        ["RawBlob"] = r.RawBlob,
        ["Completed"] = r.Completed,
        ["Action"] = r.Action,
        ["Ticket"] = r.TicketNumber,
        ["Reason"] = r.Reason,
        ["Classification"] = r.Classification,
        ["Spf"] = r.Spf,
        ["Dkim"] = r.Dkim,
        ["Dmarc"] = r.Dmarc,
        ["AuthServId"] = r.AuthServId,
        ["Attempts"] = r.Attempts,
        ["Failed"] = r.Failed,
        ["LastError"] = r.LastError,
        ["ClaimedAt"] = r.ClaimedAt,
    };

    private static InboundRecord ToRecord(TableEntity e) => new(
        e.GetString("MessageId") ?? "", e.GetString("Transport") ?? "", e.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue,
        e.GetString("From"), e.GetString("Subject"), e.GetString("RawBlob"), e.GetBoolean("Completed") ?? false,
        e.GetString("Action"), e.GetString("Ticket"), e.GetString("Reason"), e.GetString("Classification"),
        e.GetString("Spf"), e.GetString("Dkim"), e.GetString("Dmarc"), e.GetString("AuthServId"),
        e.GetInt32("Attempts") ?? 0, e.GetBoolean("Failed") ?? false, e.GetString("LastError"), e.GetDateTimeOffset("ClaimedAt"));
}
