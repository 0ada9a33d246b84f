using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ServiceDesk.Application.Mail;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>
/// Table <c>MailOutbox</c> (PartitionKey ticket number, RowKey event id) holds each mail and its status; the queue
/// <c>mail-outbox</c> carries <c>{ticket}|{event id}</c> to the sender. The row is written before the queue message,
/// so a message always finds its mail; a lost queue message is re-sent when the dispatcher redelivers the event.
/// </summary>
public sealed class TableMailOutbox(Tables tables, QueueServiceClient queues) : IMailOutbox
{
    private Task? _queueCreated;

    private ValueTask<TableClient> Table() => tables.GetAsync(tables.Names.MailOutbox);

    public async Task<OutgoingMail> AddAsync(OutgoingMail mail, CancellationToken ct)
    {
        var table = await Table();
        var stored = mail;
        try
        {
            await table.AddEntityAsync(ToEntity(mail), ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            stored = ToMail((await table.GetEntityAsync<TableEntity>(mail.TicketNumber, mail.EventId, cancellationToken: ct)).Value);
        }
        if (stored.Status == OutgoingMail.Pending)
        {
            await EnqueueAsync(stored, TimeSpan.Zero, ct);
        }
        return stored;
    }

    public async Task<OutgoingMail?> GetAsync(string key, CancellationToken ct)
    {
        var bar = key.IndexOf('|');
        if (bar <= 0)
        {
            return null;
        }
        var row = await (await Table()).GetEntityIfExistsAsync<TableEntity>(key[..bar], key[(bar + 1)..], cancellationToken: ct);
        return row.HasValue ? ToMail(row.Value!) : null;
    }

    public async Task UpdateAsync(OutgoingMail mail, CancellationToken ct) =>
        await (await Table()).UpsertEntityAsync(ToEntity(mail), TableUpdateMode.Replace, ct);

    public async Task EnqueueAsync(OutgoingMail mail, TimeSpan delay, CancellationToken ct)
    {
        var queue = queues.GetQueueClient(MailQueue.Name);
        var created = _queueCreated;
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            created = _queueCreated = queue.CreateIfNotExistsAsync(cancellationToken: ct);
        }
        await created;
        // Queue visibility is at most 7 days; throttle waits are far shorter.
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : TimeSpan.FromSeconds(Math.Ceiling(Math.Min(delay.TotalSeconds, 6 * 86400)));
        await queue.SendMessageAsync(mail.Key, visibility, cancellationToken: ct);
    }

    public async Task<IReadOnlyList<OutgoingMail>> ListAsync(string? status, int max, CancellationToken ct)
    {
        var filter = status is null ? null : TableClient.CreateQueryFilter($"Status eq {status}");
        var list = new List<OutgoingMail>();
        await foreach (var row in (await Table()).QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(ToMail(row));
            if (list.Count >= max) break;
        }
        return list;
    }

    private static TableEntity ToEntity(OutgoingMail m) => new(m.TicketNumber, m.EventId)
    {
        ["Template"] = m.Template,
        ["To"] = m.To,
        ["ToName"] = m.ToName,
        ["Subject"] = m.Subject,
        ["Body"] = m.Body,
        ["MessageId"] = m.MessageId,
        ["InReplyTo"] = m.InReplyTo,
        ["AutoSubmitted"] = m.AutoSubmitted,
        ["Status"] = m.Status,
        ["Attempts"] = m.Attempts,
        ["LastError"] = m.LastError,
        ["SentAt"] = m.SentAt,
    };

    private static OutgoingMail ToMail(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetString("Template") ?? "", e.GetString("To") ?? "", e.GetString("ToName") ?? "",
        e.GetString("Subject") ?? "", e.GetString("Body") ?? "", e.GetString("MessageId") ?? "", e.GetString("InReplyTo"),
        e.GetString("AutoSubmitted") ?? "auto-generated", e.GetString("Status") ?? OutgoingMail.Pending, e.GetInt32("Attempts") ?? 0,
        e.GetString("LastError"), e.GetDateTimeOffset("SentAt"));
}
