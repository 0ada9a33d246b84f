using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Mail;
using ServiceDesk.Domain.Problems;

namespace ServiceDesk.Application.Problems;

/// <summary>
/// Announces a new (or re-opened) problem candidate to the problem managers (<see cref="ProblemOptions.ManagerAddresses"/>)
/// through the email channel's durable outbox: one mail per manager, Swedish and English in one body, with the
/// evidence and the link to <c>GET /api/problems/candidates/{id}</c>. The outbox row is keyed by the candidate, its
/// detection time and the manager (<see cref="ProblemCandidateMail.OutboxKey"/>), so announcing the same candidate
/// again (a retried run, a crash before <c>announcedAt</c> was stored) re-queues at most the unsent mail and never
/// writes a second one. A growing candidate keeps its detection time and is not announced again; a rejected candidate
/// re-opened after its suppression gets a new detection time and one new announcement. Registered only when mail is
/// configured and managers are set (<c>MailRegistration</c>).
/// </summary>
public sealed partial class ProblemCandidateMailAnnouncer(
    IMailOutbox outbox,
    IMailStore store,
    IOptions<ProblemOptions> problems,
    IOptions<MailOptions> mail,
    ILogger<ProblemCandidateMailAnnouncer> logger) : IProblemCandidateAnnouncer
{
    public async Task AnnounceAsync(ProblemCandidate candidate, CancellationToken ct)
    {
        var rendered = ProblemCandidateMail.Render(candidate, problems.Value.PublicBaseUrl);
        foreach (var to in problems.Value.Managers)
        {
            var (partition, row) = ProblemCandidateMail.OutboxKey(candidate, to);
            if (await outbox.GetAsync(partition + "|" + row, ct) is { } existing)
            {
                await outbox.AddAsync(existing, ct); // queues it again only if it is still pending
                continue;
            }
            if (await store.IsBouncingAsync(to, ct))
            {
                LogBouncing(logger, candidate.Id, to);
                continue;
            }
            // Not recorded as a sent id: a reply must not thread into a ticket (there is none for a candidate).
            var messageId = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}.candidate@{mail.Value.MessageIdDomain}";
            await outbox.AddAsync(new OutgoingMail(partition, row, ProblemCandidateMail.Template, to, to, rendered.Subject, rendered.Body,
                messageId, null, "auto-generated"), ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Announcement of candidate {CandidateId} not mailed to {Address}: the address is bouncing.")]
    private static partial void LogBouncing(ILogger logger, string candidateId, string address);
}

/// <summary>The announcement mail of a problem candidate (staff mail: Swedish, then English) and its outbox key.</summary>
public static class ProblemCandidateMail
{
    public const string Template = "problem-candidate";

    /// <summary>Outbox partition of a candidate's mails; not a ticket number, so the sender records nothing on a ticket.</summary>
    public static string OutboxPartition(string candidateId) => "candidate." + candidateId;

    /// <summary>One row per candidate, detection (a re-opened candidate is detected anew) and manager.</summary>
    public static (string Partition, string Row) OutboxKey(ProblemCandidate candidate, string manager)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(manager.Trim().ToLowerInvariant())))[..12].ToLowerInvariant();
        return (OutboxPartition(candidate.Id), $"announce.{candidate.DetectedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}.{hash}");
    }

    public static MailTemplates.Rendered Render(ProblemCandidate c, string publicBaseUrl)
    {
        var link = $"{publicBaseUrl.TrimEnd('/')}/api/problems/candidates/{Uri.EscapeDataString(c.Id)}";
        var inv = CultureInfo.InvariantCulture;
        string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", inv) + " UTC";
        var members = c.Members.Count;
        var shown = string.Join(", ", c.Members.Take(20)) + (members > 20 ? $", … (+{members - 20})" : "");
        var terms = c.TopTerms.Count == 0 ? "–" : string.Join(", ", c.TopTerms);
        var expected = c.Expected.ToString("0.##", inv);
        var (svRule, enRule, svNumbers, enNumbers) = c.Rule switch
        {
            DetectionRule.Volume => ("volym (många incidenter för samma sak inom fönstret)",
                "volume (many incidents for one thing within the window)",
                $"{members} incidenter; tröskel {c.Threshold}, förväntat vid normal takt {expected}",
                $"{members} incidents; threshold {c.Threshold}, expected at the usual rate {expected}"),
            DetectionRule.Reopen => ("återkommande fel (samma användare eller enhet öppnar om samma slags incident)",
                "repeated failures (one requester or device reopening the same kind of incident)",
                $"{members} incidenter; tröskel {c.Threshold}",
                $"{members} incidents; threshold {c.Threshold}"),
            _ => ("textlikhet (incidenter med liknande rubrik och beskrivning)",
                "text similarity (incidents with similar title and description)",
                $"{members} incidenter; minst {c.Threshold}, genomsnittlig likhet {expected}",
                $"{members} incidents; at least {c.Threshold}, mean similarity {expected}"),
        };
        var what = c.Rule == DetectionRule.Similarity ? string.Join(" ", c.TopTerms.Take(4)) : $"{c.Dimension} {c.Value}";
        var subject = $"Problemkandidat / Problem candidate {c.CustomerId}: {what} ({members})";
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Problemdetekteringen föreslår ett problem för kunden {c.CustomerId}.\n\n")
            .Append(CultureInfo.InvariantCulture, $"Regel: {svRule}\n")
            .Append(CultureInfo.InvariantCulture, $"Dimension: {c.Dimension} = {c.Value}\n")
            .Append(CultureInfo.InvariantCulture, $"Fönster: {Time(c.From)} – {Time(c.To)}\n")
            .Append(CultureInfo.InvariantCulture, $"Underlag: {svNumbers}\n")
            .Append(CultureInfo.InvariantCulture, $"Vanligaste ord: {terms}\n")
            .Append(CultureInfo.InvariantCulture, $"Incidenter: {shown}\n\n")
            .Append(CultureInfo.InvariantCulture, $"Granska, acceptera eller avvisa: {link}\n")
            .Append("(POST …/accept eller …/reject med en agents eller administratörs token. Svara inte på det här mailet.)\n\n")
            .Append("----\n\n")
            .Append(CultureInfo.InvariantCulture, $"Problem detection proposes a problem for customer {c.CustomerId}.\n\n")
            .Append(CultureInfo.InvariantCulture, $"Rule: {enRule}\n")
            .Append(CultureInfo.InvariantCulture, $"Dimension: {c.Dimension} = {c.Value}\n")
            .Append(CultureInfo.InvariantCulture, $"Window: {Time(c.From)} – {Time(c.To)}\n")
            .Append(CultureInfo.InvariantCulture, $"Evidence: {enNumbers}\n")
            .Append(CultureInfo.InvariantCulture, $"Top terms: {terms}\n")
            .Append(CultureInfo.InvariantCulture, $"Incidents: {shown}\n\n")
            .Append(CultureInfo.InvariantCulture, $"Review, accept or reject: {link}\n")
            .Append("(POST …/accept or …/reject with an agent's or admin's token. Do not reply to this mail.)\n\n")
            .Append(CultureInfo.InvariantCulture, $"Kandidat / Candidate: {c.Id}\n")
            .ToString();
        return new MailTemplates.Rendered(Template, subject, body);
    }
}
