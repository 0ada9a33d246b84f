using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.MajorIncidents;

namespace ServiceDesk.Application.MajorIncidents;

/// <summary>The broadcast mail of a major-incident update, in Swedish or English (the requester's "known incident" mail is a ticket notification: <see cref="Mail.MailTemplates"/>).</summary>
public static class MajorIncidentMails
{
    public static (string Subject, string Body) Broadcast(MajorIncident incident, MajorIncidentUpdate update, Language language)
    {
        var sv = language == Language.Sv;
        var resolved = incident.Status == MajorIncidentStatus.Resolved && update.Sequence == incident.Updates.Count - 1;
        var declared = update.Sequence == 0;
        var what = (sv, declared, resolved) switch
        {
            (true, _, true) => "Löst",
            (false, _, true) => "Resolved",
            (true, true, _) => "Pågående störning",
            (false, true, _) => "Ongoing major incident",
            (true, _, _) => "Uppdatering",
            _ => "Update",
        };
        var subject = $"[{incident.Id}] {what}: {incident.Title.For(language)}";
        var lines = new List<string>
        {
            sv ? "Hej," : "Hello,",
            "",
            update.Message.For(language),
            "",
            (sv ? "Påverkan: " : "Impact: ") + incident.Impact.For(language),
        };
        if (incident.Services.Count > 0)
        {
            lines.Add((sv ? "Berörda tjänster: " : "Affected services: ") + string.Join(", ", incident.Services));
        }
        if (update.NextUpdateAt is { } next && !resolved)
        {
            lines.Add((sv ? "Nästa uppdatering senast " : "Next update by ") + next.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) + ".");
        }
        lines.Add("");
        lines.Add(sv
            ? "Du behöver inte anmäla felet: vi arbetar redan med det och hör av oss när det är löst."
            : "You do not need to report it: we are already working on it and will tell you when it is resolved.");
        lines.Add("");
        lines.Add(sv ? "Vänliga hälsningar\nServicedesken" : "Kind regards\nThe service desk");
        return (subject, string.Join("\n", lines) + "\n");
    }
}
