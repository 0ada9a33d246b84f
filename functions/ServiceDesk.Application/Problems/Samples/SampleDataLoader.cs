using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Problems.Samples;

public sealed record SampleLoadResult(int Incidents, int Created, int Replayed, int Planted, IReadOnlyList<string> Customers, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Loads a generated incident stream through the real ticket use cases (create, assign, start, resolve, reopen), each
/// step run at the time the stream says, by a <see cref="TicketCommands"/> whose clock is set to that time. Steps
/// later than now are left out. Creates carry an Idempotency-Key from seed and incident, so loading twice adds nothing.
/// </summary>
public sealed class SampleDataLoader(ITicketStore store, ITicketNumberAllocator numbers, ICustomerDirectory customers, TimeProvider time)
{
    public async Task<SampleLoadResult> LoadAsync(Caller admin, int seed, IReadOnlyList<string>? customerIds, int days, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var defaults = new SampleStreamOptions();
        var options = defaults with
        {
            End = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(now.UtcDateTime.Hour),
            Days = days,
            Customers = defaults.Customers.Where(c => customerIds is null || customerIds.Contains(c.Id, StringComparer.Ordinal)).ToList(),
        };
        foreach (var c in options.Customers)
        {
            if (await customers.FindAsync(c.Id, ct) is null)
            {
                await customers.UpsertAsync(new Customer(c.Id, char.ToUpperInvariant(c.Id[0]) + c.Id[1..], [c.Id + ".example"], c.Language, false), ct);
            }
        }
        var stream = IncidentStreamGenerator.Generate(seed, options);
        int created = 0, replayed = 0;
        await Parallel.ForEachAsync(stream.Incidents, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (incident, token) =>
        {
            if (await LoadOneAsync(admin, seed, incident, now, token))
            {
                Interlocked.Increment(ref created);
            }
            else
            {
                Interlocked.Increment(ref replayed);
            }
        });
        return new SampleLoadResult(stream.Incidents.Count, created, replayed, stream.Problems.Count, options.Customers.Select(c => c.Id).ToList(), stream.Start, stream.End);
    }

    private async Task<bool> LoadOneAsync(Caller admin, int seed, SampleIncident i, DateTimeOffset now, CancellationToken ct)
    {
        var clock = new SampleClock(i.CreatedAt);
        var commands = new TicketCommands(store, numbers, customers, new TicketUpdater(store, clock), clock);
        var result = await commands.CreateAsync(admin, new CreateTicketInput
        {
            Kind = nameof(TicketKind.Incident),
            CustomerId = i.CustomerId,
            Title = i.Title,
            Description = i.Description,
            Category = i.Category,
            Service = i.Service,
            ConfigurationItem = i.ConfigurationItem,
            Impact = i.Impact.ToString(),
            Urgency = i.Urgency.ToString(),
            Channel = i.Channel.ToString(),
            Requester = new RequesterInput { Id = i.RequesterId, Name = i.RequesterName, Email = $"{i.RequesterId}@{i.CustomerId}.example", Language = i.Language.ToString() },
        }, $"sample:{seed}:{i.Key}", ct);
        if (result.Replayed)
        {
            return false;
        }
        var number = result.Ticket.State.Number;
        var version = result.Ticket.State.Version;
        foreach (var step in SampleTimeline.Steps(i, now))
        {
            clock.Now = step.At;
            var input = step.Action switch
            {
                SampleAction.Assign => new TransitionInput { Group = SampleTimeline.Group },
                SampleAction.Start => new TransitionInput(),
                SampleAction.Resolve => new TransitionInput { ResolutionCode = nameof(ResolutionCode.Solved), ResolutionNotes = SampleTimeline.ResolutionNotes },
                _ => new TransitionInput { Reason = SampleTimeline.ReopenReason },
            };
            version = (await commands.TransitionAsync(admin, number, TicketETag.Format(version), step.Action.ToString().ToLowerInvariant(), input, ct)).State.Version;
        }
        return true;
    }

    private sealed class SampleClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
