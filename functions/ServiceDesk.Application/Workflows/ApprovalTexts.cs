using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>The approval mails in Swedish and English: the recipient's language first, the other one after it.</summary>
public static class ApprovalTexts
{
    public static string Subject(Language language, string ticket, string item, string kind) => (language, kind) switch
    {
        (Language.Sv, "reminder") => $"Påminnelse: godkännande behövs för {item} [#{ticket}]",
        (_, "reminder") => $"Reminder: approval needed for {item} [#{ticket}]",
        (Language.Sv, _) => $"Godkännande behövs: {item} [#{ticket}]",
        _ => $"Approval needed: {item} [#{ticket}]",
    };

    public static string RequestBody(Language language, string approverName, string requesterName, string title, string description,
        string approveLink, string rejectLink, DateTimeOffset expiresAt)
    {
        var sv = $"""
            Hej {approverName},

            {requesterName} har beställt "{title}" och behöver ditt godkännande.

            {description}

            Godkänn: {approveLink}
            Avslå: {rejectLink}

            Du kan också svara på det här mejlet: skriv Godkänn eller Avslå på första raden och en eventuell kommentar under.
            Begäran gäller till {expiresAt:yyyy-MM-dd HH:mm} UTC.
            """;
        var en = $"""
            Hello {approverName},

            {requesterName} has requested "{title}" and needs your approval.

            {description}

            Approve: {approveLink}
            Reject: {rejectLink}

            You can also reply to this mail: write Approve or Reject on the first line and any comment below it.
            The request is open until {expiresAt:yyyy-MM-dd HH:mm} UTC.
            """;
        return language == Language.Sv ? sv + "\n\n---\n\n" + en : en + "\n\n---\n\n" + sv;
    }

    public static (string Subject, string Body) Outcome(Language language, string ticket, string title, WorkflowStatus outcome, string reason)
    {
        var (sv, en) = outcome switch
        {
            WorkflowStatus.Approved => ("Din beställning är godkänd och skickad för leverans.", "Your request was approved and sent for fulfilment."),
            WorkflowStatus.Rejected => ("Din beställning har avslagits.", "Your request was rejected."),
            WorkflowStatus.Expired => ("Din beställning fick inget beslut i tid och har stängts.", "Your request got no decision in time and was closed."),
            _ => ("Din beställning fick inget beslut i tid; servicedesken följer upp den.", "Your request got no decision in time; the service desk follows it up."),
        };
        var subject = language == Language.Sv ? $"{title}: {sv} [#{ticket}]" : $"{title}: {en} [#{ticket}]";
        var body = language == Language.Sv ? $"{sv}\n{reason}\n\n---\n\n{en}\n{reason}" : $"{en}\n{reason}\n\n---\n\n{sv}\n{reason}";
        return (subject, body);
    }

    public const string NotUnderstoodSubjectPrefix = "Vi förstod inte ditt svar / We could not understand your reply";

    public const string NotUnderstoodBody = """
        Hej! Vi kunde inte läsa ett beslut i ditt svar. Skriv Godkänn (eller Ja) eller Avslå (eller Nej) ensamt på första raden; en kommentar kan stå på raderna under. Inget har ändrats.

        ---

        Hello! We could not read a decision in your reply. Write Approve (or Yes) or Reject (or No) alone on the first line; a comment may follow on the lines below. Nothing has been changed.
        """;
}
