using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.MajorIncidents;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.MajorIncidents;

/// <summary>
/// The broadcast of one public update, run from the broadcast queue. It plans the recipients — requesters of the scoped
/// customers' open tickets on the affected services and configuration items, the customers' subscribers for those
/// services, and the requesters of every child ticket; never anyone outside the scope; minus those who opted out where
/// the customer allows it — deduplicated by address, and writes one mail per recipient into the mail outbox keyed by
/// update and address, so a broadcast that is interrupted and run again sends nobody a second mail. The outbox drains
/// at the configured rate (the provider's quota). It also adds the update to every open child ticket, and the
/// resolution update resolves them.
/// </summary>
public sealed class MajorIncidentBroadcasts(
    IMajorIncidentStore store,
    IAffectedUsers affected,
    TicketUpdater updater,
    ITicketStore tickets,
    Customers.ICustomerDirectory directory,
    IMailOutbox outbox,
    IOptions<MailOptions> mailOptions)
{
    public sealed record Result(int Recipients, int Mailed, int Children);

    public async Task<Result> RunAsync(BroadcastRequest request, CancellationToken ct)
    {
        if (await store.FindAsync(request.Id, ct) is not { } found || request.Sequence >= found.Incident.Updates.Count)
        {
            return new Result(0, 0, 0);
        }
        var incident = found.Incident;
        var update = incident.Updates[request.Sequence];
        var children = await store.ChildrenAsync(incident.Id, ct);
        var recipients = await PlanAsync(incident, children, ct);

        var mailed = 0;
        {
            var domain = mailOptions.Value.MessageIdDomain;
            await Parallel.ForEachAsync(recipients, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (r, c) =>
            {
                var key = $"{update.Sequence}:{r.Email}";
                if (await outbox.GetAsync(BroadcastKey(incident.Id) + "|" + key, c) is not null)
                {
                    return;   // written by an earlier, interrupted run
                }
                var (subject, body) = MajorIncidentMails.Broadcast(incident, update, r.Language);
                var messageId = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}.mi@{domain}";
                await outbox.AddAsync(new OutgoingMail(BroadcastKey(incident.Id), key, "major-incident", r.Email, r.Name, subject, body, messageId, null, "auto-generated"), c);
                Interlocked.Increment(ref mailed);
            });
        }
        var resolution = incident.Status == MajorIncidentStatus.Resolved && update.Sequence == incident.Updates.Count - 1;
        foreach (var child in children)
        {
            await updater.ChangeAsync(child, (_, t, now) =>
            {
                if (!t.Status.IsOpen() || !t.State.Links.Contains(new TicketLink(LinkType.Parent, incident.Id)))
                {
                    return ValueTask.FromResult(false);
                }
                t.RecordWorkflowStep($"{incident.Id}: {update.Message.For(t.State.Requester.Language)}", new Dictionary<string, string>
                {
                    ["majorIncident"] = incident.Id,
                    ["update"] = update.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }, isInternal: false, MajorIncidentAutoLink.LinkActor, now);
                if (resolution)
                {
                    t.Resolve(ResolutionCode.Solved, incident.ResolutionNotes ?? update.Message.En, MajorIncidentAutoLink.LinkActor, now);
                }
                return ValueTask.FromResult(true);
            }, ct);
        }
        await RecordInformedAsync(incident.Id, update.Sequence, recipients.Count, ct);
        return new Result(recipients.Count, mailed, children.Count);
    }

    /// <summary>The outbox "ticket" of a broadcast: not a ticket number, so the per-ticket cap does not hold a broadcast back.</summary>
    public static string BroadcastKey(string id) => "broadcast." + id;

    /// <summary>Who hears about the incident, one entry per address (first found wins: subscriber, requester, child).</summary>
    public async Task<IReadOnlyList<BroadcastRecipient>> PlanAsync(MajorIncident incident, IReadOnlyList<string> children, CancellationToken ct)
    {
        var byAddress = new Dictionary<string, BroadcastRecipient>(StringComparer.OrdinalIgnoreCase);
        var customers = incident.Customers.Contains(MajorIncident.AllCustomers)
            ? (await directory.ListAsync(ct)).Select(c => c.Id).ToList()
            : incident.Customers.ToList();
        var optedOut = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var customer in customers)
        {
            var settings = await store.GetSettingsAsync(customer, ct) ?? MajorIncidentSettings.Default(customer);
            optedOut[customer] = settings.AllowOptOut ? await store.OptedOutAsync(customer, ct) : new HashSet<string>();
            void Add(BroadcastRecipient r)
            {
                if (!optedOut[customer].Contains(r.Email))
                {
                    byAddress.TryAdd(r.Email, r);
                }
            }
            foreach (var s in settings.Subscribers.Where(s => s.Services.Count == 0 || s.Services.Intersect(incident.Services, StringComparer.OrdinalIgnoreCase).Any()))
            {
                Add(new BroadcastRecipient(s.Email, s.Name, s.Language));
            }
            if (incident.Services.Count + incident.ConfigurationItems.Count > 0)
            {
                foreach (var r in await affected.OpenTicketRequestersAsync(customer, incident.Services, incident.ConfigurationItems, ct))
                {
                    Add(r);
                }
            }
        }
        foreach (var number in children)
        {
            if (await tickets.FindAsync(number, ct) is { State: var t } && incident.Covers(t.CustomerId) && t.Requester.Email is { Length: > 0 } email
                && !(optedOut.TryGetValue(t.CustomerId, out var o) && o.Contains(email)))
            {
                byAddress.TryAdd(email, new BroadcastRecipient(email, t.Requester.Name, t.Requester.Language));
            }
        }
        return byAddress.Values.OrderBy(r => r.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private async Task RecordInformedAsync(string id, int sequence, int count, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            if (await store.FindAsync(id, ct) is not { } found)
            {
                return;
            }
            var updates = found.Incident.Updates.Select(u => u.Sequence == sequence ? u with { UsersInformed = count } : u).ToList();
            try
            {
                await store.SaveAsync(found.Incident with { Updates = updates }, found.ETag, ct);
                return;
            }
            catch (Common.PreconditionFailedException)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }
    }
}
