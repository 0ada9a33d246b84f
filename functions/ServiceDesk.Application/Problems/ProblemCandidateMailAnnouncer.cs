using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Staff;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Problems;

namespace ServiceDesk.Application.Problems;

/// <summary>
/// Announces a new (or re-opened) problem candidate through the email channel's durable outbox, one mail per
/// recipient (<see cref="ProblemCandidateMail.Recipients"/>): every address of <see cref="ProblemOptions.ManagerAddresses"/>
/// (e.g. a distribution list; Swedish and English in one body) and every member of the staff directory with the
/// <c>ProblemManager</c> role who serves the candidate's customer (in the member's own language), with the evidence
/// and the link to <c>GET /api/problems/candidates/{id}</c>. The outbox row is keyed by the candidate, its detection
/// time and the recipient's address (<see cref="ProblemCandidateMail.OutboxKey"/>), so announcing the same candidate
/// again (a retried run, a crash before <c>announcedAt</c> was stored) re-queues at most the unsent mail and never
/// writes a second one. A growing candidate keeps its detection time and is not announced again; a rejected candidate
/// re-opened after its suppression gets a new detection time and one new announcement. Registered when mail is
/// configured (<c>MailRegistration</c>).
/// </summary>
public sealed partial class ProblemCandidateMailAnnouncer(
    IMailOutbox outbox,
    IMailStore store,
    IStaffDirectory staff,
    IOptions<ProblemOptions> problems,
    IOptions<MailOptions> mail,
    ILogger<ProblemCandidateMailAnnouncer> logger) : IProblemCandidateAnnouncer
{
    public async Task AnnounceAsync(ProblemCandidate candidate, CancellationToken ct)
    {
        var recipients = ProblemCandidateMail.Recipients(candidate.CustomerId, problems.Value.Managers, await staff.ListAsync(ct));
        if (recipients.Count == 0)
        {
            LogNobody(logger, candidate.Id, candidate.CustomerId);
        }
        foreach (var to in recipients)
        {
            var (partition, row) = ProblemCandidateMail.OutboxKey(candidate, to.Address);
            if (await outbox.GetAsync(partition + "|" + row, ct) is { } existing)
            {
                await outbox.AddAsync(existing, ct); // queues it again only if it is still pending
                continue;
            }
            if (await store.IsBouncingAsync(to.Address, ct))
            {
                LogBouncing(logger, candidate.Id);
                continue;
            }
            var text = ProblemCandidateMail.Render(candidate, problems.Value.PublicBaseUrl, to.Language);
            // Not recorded as a sent id: a reply must not thread into a ticket (there is none for a candidate).
            var messageId = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}.candidate@{mail.Value.MessageIdDomain}";
            await outbox.AddAsync(new OutgoingMail(partition, row, ProblemCandidateMail.Template, to.Address, to.Name, text.Subject, text.Body,
                messageId, null, "auto-generated"), ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Announcement of candidate {CandidateId} not mailed to one recipient: the address is bouncing (no address in logs).")]
    private static partial void LogBouncing(ILogger logger, string candidateId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Candidate {CandidateId} announced to nobody: no ManagerAddresses and no problem manager in the staff directory serves {CustomerId}.")]
    private static partial void LogNobody(ILogger logger, string candidateId, string customerId);
}

/// <summary>One recipient of a candidate announcement; <c>Language</c> null means the bilingual mail (a configured address).</summary>
public sealed record CandidateRecipient(string Address, string Name, Language? Language);

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

    /// <summary>
    /// Who gets the announcement of a candidate of <paramref name="customerId"/>: every staff member with the
    /// ProblemManager role serving the customer (or "*"), in their language, then every configured address not already
    /// among them, bilingual. One recipient per address (case-insensitive): a problem manager whose address is also
    /// configured gets the mail once, in their language.
    /// </summary>
    public static IReadOnlyList<CandidateRecipient> Recipients(string customerId, IEnumerable<string> managerAddresses, IEnumerable<StaffMember> staff)
    {
        var recipients = new List<CandidateRecipient>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in staff.Where(m => m.Has(Role.ProblemManager) && m.Serves(customerId)).OrderBy(m => m.UserId, StringComparer.Ordinal))
        {
            if (seen.Add(member.Email.Trim()))
            {
                recipients.Add(new CandidateRecipient(member.Email.Trim(), member.Name, member.Language));
            }
        }
        foreach (var address in managerAddresses)
        {
            if (seen.Add(address.Trim()))
            {
                recipients.Add(new CandidateRecipient(address.Trim(), address.Trim(), null));
            }
        }
        return recipients;
    }

    /// <summary>The bilingual mail (Swedish, then English) for configured addresses.</summary>
    public static MailTemplates.Rendered Render(ProblemCandidate c, string publicBaseUrl) => Render(c, publicBaseUrl, null);

    /// <summary>The mail in <paramref name="language"/> only, or in both (Swedish, then English) when it is null.</summary>
    public static MailTemplates.Rendered Render(ProblemCandidate c, string publicBaseUrl, Language? language)
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
        var subject = language switch
        {
            Language.Sv => $"Problemkandidat {c.CustomerId}: {what} ({members})",
            Language.En => $"Problem candidate {c.CustomerId}: {what} ({members})",
            _ => $"Problemkandidat / Problem candidate {c.CustomerId}: {what} ({members})",
        };
        var swedish = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Problemdetekteringen föreslår ett problem för kunden {c.CustomerId}.\n\n")
            .Append(CultureInfo.InvariantCulture, $"Regel: {svRule}\n")
            .Append(CultureInfo.InvariantCulture, $"Dimension: {c.Dimension} = {c.Value}\n")
            .Append(CultureInfo.InvariantCulture, $"Fönster: {Time(c.From)} – {Time(c.To)}\n")
            .Append(CultureInfo.InvariantCulture, $"Underlag: {svNumbers}\n")
            .Append(CultureInfo.InvariantCulture, $"Vanligaste ord: {terms}\n")
            .Append(CultureInfo.InvariantCulture, $"Incidenter: {shown}\n\n")
            .Append(CultureInfo.InvariantCulture, $"Granska, acceptera eller avvisa: {link}\n")
            .Append("(POST …/accept eller …/reject med token för en problemansvarig, agent eller administratör. Svara inte på det här mejlet.)\n\n")
            .ToString();
        var english = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Problem detection proposes a problem for customer {c.CustomerId}.\n\n")
            .Append(CultureInfo.InvariantCulture, $"Rule: {enRule}\n")
            .Append(CultureInfo.InvariantCulture, $"Dimension: {c.Dimension} = {c.Value}\n")
            .Append(CultureInfo.InvariantCulture, $"Window: {Time(c.From)} – {Time(c.To)}\n")
            .Append(CultureInfo.InvariantCulture, $"Evidence: {enNumbers}\n")
            .Append(CultureInfo.InvariantCulture, $"Top terms: {terms}\n")
            .Append(CultureInfo.InvariantCulture, $"Incidents: {shown}\n\n")
            .Append(CultureInfo.InvariantCulture, $"Review, accept or reject: {link}\n")
            .Append("(POST …/accept or …/reject with a problem manager's, agent's or admin's token. Do not reply to this mail.)\n\n")
            .ToString();
        var body = language switch
        {
            Language.Sv => swedish + $"Kandidat: {c.Id}\n",
            Language.En => english + $"Candidate: {c.Id}\n",
            _ => swedish + "----\n\n" + english + $"Kandidat / Candidate: {c.Id}\n",
        };
        return new MailTemplates.Rendered(Template, subject, body);
    }
}
