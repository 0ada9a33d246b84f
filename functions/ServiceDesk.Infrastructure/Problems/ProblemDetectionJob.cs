using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Problems;
using ServiceDesk.Domain.Problems;
using ServiceDesk.Domain.Statistics;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Problems;

/// <summary>
/// The detection run: per customer, bring the statistics (and with them the facts rows) up to date, read the facts of
/// the detection horizon (one RowKey range of the Statistics partition), run <see cref="ProblemDetector"/> and turn
/// its findings into candidates through <see cref="CandidateMatcher"/> (create, grow, or leave a suppressed one alone).
/// The thresholds are the global <see cref="ProblemOptions"/> with the customer's own overrides over them
/// (<see cref="ProblemOptions.ToSettings(ServiceDesk.Domain.Customers.Customer?)"/>).
/// New candidates get deterministic ids, so two overlapping runs create one. New and re-opened candidates are passed
/// to every registered <see cref="IProblemCandidateAnnouncer"/> (with mail configured: the problem managers' mail),
/// then get <c>AnnouncedAt</c>; open candidates still without it are announced at the end of every run.
/// </summary>
public sealed partial class ProblemDetectionJob(
    Tables tables, StatisticsUpdater statistics, IProblemStore store, ICustomerDirectory customers,
    IEnumerable<IProblemCandidateAnnouncer> announcers, IOptions<ProblemOptions> options, TimeProvider time,
    ILogger<ProblemDetectionJob> logger)
{
    /// <summary>How often the timer runs; a replay steps through the past at the same pace.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public sealed record Result(int Customers, int Facts, int Findings, int Created, int Updated);

    /// <summary>
    /// All customers, a few at a time: each customer's run is independent (its own partition, horizon and candidates)
    /// and mostly CPU (the detector) after one range read, so customers run side by side on the instance's cores.
    /// Memory is one horizon of facts per customer in flight.
    /// </summary>
    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var total = new Result(0, 0, 0, 0, 0);
        var gate = new Lock();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 1, 4), CancellationToken = ct };
        await Parallel.ForEachAsync(await customers.ListAsync(ct), parallel, async (customer, token) =>
        {
            var r = await RunAsync(customer.Id, null, token);
            lock (gate)
            {
                total = new Result(total.Customers + 1, total.Facts + r.Facts, total.Findings + r.Findings, total.Created + r.Created, total.Updated + r.Updated);
            }
        });
        return total;
    }

    /// <summary>
    /// Detects now; with <paramref name="replaySince"/>, first replays the runs the timer would have made since then
    /// (for sample data loaded into the past, or after an outage), then now.
    /// </summary>
    public async Task<Result> RunAsync(string customerId, DateTimeOffset? replaySince, CancellationToken ct)
    {
        await statistics.RunAsync(customerId, ct);
        // The customer's own thresholds over the global options; an unknown customer gets the global ones.
        var settings = options.Value.ToSettings(await customers.FindAsync(customerId, ct));
        var now = time.GetUtcNow();
        var total = new Result(1, 0, 0, 0, 0);
        var at = replaySince is { } since && since < now ? since : now;
        while (true)
        {
            var r = await DetectAtAsync(customerId, settings, at, ct);
            total = total with { Facts = Math.Max(total.Facts, r.Facts), Findings = total.Findings + r.Findings, Created = total.Created + r.Created, Updated = total.Updated + r.Updated };
            if (at >= now)
            {
                break;
            }
            at = at + Interval > now ? now : at + Interval;
        }
        await AnnounceOwedAsync(customerId, ct);
        LogRun(logger, customerId, total.Facts, total.Findings, total.Created, total.Updated);
        return total;
    }

    /// <summary>
    /// Open candidates still without <c>AnnouncedAt</c> (an announcer failed, the run stopped between storing and
    /// announcing, or announcers were registered after they were found) are announced now. Announcers are
    /// idempotent per candidate, so a repeat changes nothing. Costs one partition query, and only with announcers.
    /// </summary>
    private async Task AnnounceOwedAsync(string customerId, CancellationToken ct)
    {
        if (!announcers.Any())
        {
            return;
        }
        foreach (var owed in (await store.ListCandidatesAsync(customerId, ct))
                     .Where(c => c.Value.Status == CandidateStatus.Open && c.Value.AnnouncedAt is null))
        {
            await AnnounceAsync(owed.Value, null, ct);
        }
    }

    private async Task<Result> DetectAtAsync(string customerId, DetectionSettings settings, DateTimeOffset now, CancellationToken ct)
    {
        var facts = await ReadFactsAsync(customerId, now - settings.Horizon, now, ct);
        var findings = ProblemDetector.Detect(facts, settings, now);
        int created = 0, updated = 0;
        if (findings.Count == 0)
        {
            return new Result(1, facts.Count, 0, 0, 0);
        }
        var existing = (await store.ListCandidatesAsync(customerId, ct)).ToDictionary(c => c.Value.Id, StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            switch (CandidateMatcher.Decide(existing.Values.Select(c => c.Value).ToList(), finding, now))
            {
                case CandidateDecision.Create:
                    var candidate = ProblemCandidate.Propose(CandidateId(customerId, finding), customerId, finding, now);
                    if (await store.AddCandidateAsync(candidate, ct))
                    {
                        created++;
                        candidate = await AnnounceAsync(candidate, null, ct);
                    }
                    var added = await store.FindCandidateAsync(customerId, candidate.Id, ct);
                    if (added is not null)
                    {
                        existing[candidate.Id] = added;
                    }
                    break;
                case CandidateDecision.Update update:
                    try
                    {
                        var etag = existing[update.Candidate.Id].ETag;
                        await store.ReplaceCandidateAsync(update.Candidate, etag, ct);
                        updated++;
                        if (update.Reopened)
                        {
                            await AnnounceAsync(update.Candidate, null, ct);
                        }
                        existing[update.Candidate.Id] = (await store.FindCandidateAsync(customerId, update.Candidate.Id, ct))!;
                    }
                    catch (PreconditionFailedException)
                    {
                        // Decided or grown by someone else meanwhile: the next run sees the new state.
                    }
                    break;
            }
        }
        return new Result(1, facts.Count, findings.Count, created, updated);
    }

    private async Task<ProblemCandidate> AnnounceAsync(ProblemCandidate candidate, string? etag, CancellationToken ct)
    {
        var list = announcers.ToList();
        if (list.Count == 0)
        {
            return candidate; // AnnouncedAt stays empty: the announcement is owed (see IProblemCandidateAnnouncer).
        }
        try
        {
            foreach (var announcer in list)
            {
                await announcer.AnnounceAsync(candidate, ct);
            }
            var stored = await store.FindCandidateAsync(candidate.CustomerId, candidate.Id, ct);
            if (stored is null)
            {
                return candidate;
            }
            var announced = stored.Value with { AnnouncedAt = time.GetUtcNow() };
            await store.ReplaceCandidateAsync(announced, etag ?? stored.ETag, ct);
            return announced;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // AnnouncedAt stays empty: the next run's AnnounceOwedAsync tries again (announcers are idempotent).
            LogAnnounceFailed(logger, candidate.Id, e);
            return candidate;
        }
    }

    /// <summary>Facts of the customer's tickets created in [from, to], streamed from one RowKey range.</summary>
    public async Task<IReadOnlyList<TicketFacts>> ReadFactsAsync(string customerId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var table = await tables.GetAsync(tables.Names.Statistics);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {customerId} and RowKey ge {StatisticsRows.FactsFrom(from)} and RowKey lt {StatisticsRows.FactsFrom(to.AddTicks(1))} and Kind eq {"Incident"}");
        var facts = new List<TicketFacts>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            facts.Add(StatisticsRows.ToFacts(row));
        }
        return facts;
    }

    /// <summary>Deterministic: the same finding found by two overlapping runs is one candidate.</summary>
    private static string CandidateId(string customerId, ProblemFinding finding)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{finding.Fingerprint}|{finding.Members[0]}"));
        return $"{customerId}.{Convert.ToHexString(hash)[..12].ToLowerInvariant()}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing problem candidate {CandidateId} failed; the next run tries again.")]
    private static partial void LogAnnounceFailed(ILogger logger, string candidateId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Problem detection for {CustomerId}: {Facts} incidents in the horizon, {Findings} findings, {Created} candidates created, {Updated} updated.")]
    private static partial void LogRun(ILogger logger, string customerId, int facts, int findings, int created, int updated);
}
