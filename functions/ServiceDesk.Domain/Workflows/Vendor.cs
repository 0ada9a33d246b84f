namespace ServiceDesk.Domain.Workflows;

public enum VendorChannel
{
    Email,
    Webhook,
}

/// <summary>
/// A third party contracted by a customer. The service desk keeps owning tickets handed to it: the case is sent by
/// mail or to an HTTPS webhook (signed with <see cref="WebhookSecret"/>), the vendor acknowledges and resolves by
/// reply or signed callback, and targets drive reminders and escalation.
/// </summary>
/// <param name="TicketNumberPattern">A regular expression that finds the vendor's own ticket number in their mails.</param>
/// <param name="Calendar">The calendar of the vendor's contract clock: "24x7" (default: wall time) or "business" (the customer's calendar).</param>
public sealed record Vendor(
    string CustomerId,
    string Id,
    string Name,
    VendorChannel Channel,
    string? Email,
    string? WebhookUrl,
    string? WebhookSecret,
    string EscalationContact,
    TimeSpan AcknowledgeWithin,
    TimeSpan ResolveWithin,
    string? TicketNumberPattern,
    string Calendar = ServiceLevels.SlaPolicy.AlwaysOpenCalendarName);
