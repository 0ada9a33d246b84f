using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Mail;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>
/// Fixed-window counters in table <c>MailThrottles</c>: <c>global</c> per minute and per hour, <c>r|{recipient}</c> and
/// <c>t|{ticket}</c> per hour; each increment is an ETag-guarded update, so instances share the limits. A slot is taken
/// on all counters or the caller waits until the fullest window ends. Counters of different partitions are not one
/// transaction: a conflict half-way counts a slot twice, which errs on the safe side (sending less).
/// </summary>
public sealed class TableMailThrottle(Tables tables, IOptions<MailSendingOptions> options) : IMailThrottle
{
    public async Task<TimeSpan?> TryAcquireAsync(string ticketNumber, string recipient, DateTimeOffset now, CancellationToken ct)
    {
        var o = options.Value;
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var counters = new List<(string Partition, string Row, int Limit, DateTimeOffset Ends)>
        {
            ("global", "m" + minute.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture), o.GlobalPerMinute, minute.AddMinutes(1)),
            ("global", "h" + hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture), o.GlobalPerHour, hour.AddHours(1)),
            ("r|" + KeyEncoder.Encode(recipient.ToLowerInvariant()), "h" + hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture), o.PerRecipientPerHour, hour.AddHours(1)),
        };
        // The per-ticket cap bounds a mail loop on one ticket; a major-incident broadcast ("broadcast.{id}") is one
        // "ticket" with thousands of recipients, so it is held back only by the global and per-recipient limits.
        if (!ticketNumber.StartsWith("broadcast.", StringComparison.Ordinal))
        {
            counters.Add(("t|" + ticketNumber, "h" + hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture), o.PerTicketPerHour, hour.AddHours(1)));
        }
        var table = await tables.GetAsync(tables.Names.MailThrottles);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var rows = new List<(TableEntity Row, bool Exists)>();
            TimeSpan? wait = null;
            foreach (var (partition, row, limit, ends) in counters)
            {
                var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct);
                var entity = existing.HasValue ? existing.Value! : new TableEntity(partition, row) { ["Count"] = 0 };
                if ((entity.GetInt32("Count") ?? 0) >= limit)
                {
                    var until = ends - now + TimeSpan.FromSeconds(1);
                    wait = wait is null || until > wait ? until : wait;
                }
                rows.Add((entity, existing.HasValue));
            }
            if (wait is not null)
            {
                return wait;
            }
            try
            {
                foreach (var (row, exists) in rows)
                {
                    row["Count"] = (row.GetInt32("Count") ?? 0) + 1;
                    if (exists) await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
                    else await table.AddEntityAsync(row, ct);
                }
                return null;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another sender took a slot meanwhile: read the counters again.
            }
        }
        return TimeSpan.FromSeconds(1);
    }
}
