namespace ServiceDesk.Application.Intake;

/// <summary>How a message ended. Every message ends in exactly one of these; none is dropped.</summary>
public enum IntakeOutcome
{
    /// <summary>A new ticket was opened.</summary>
    Created,
    /// <summary>Counted as another occurrence of an open ticket's alert.</summary>
    Recurred,
    /// <summary>The recovery was noted on the open ticket.</summary>
    Recovered,
    /// <summary>The recovery was noted and the ticket resolved (the customer's <c>resolveOnAlertRecovery</c>).</summary>
    Resolved,
    /// <summary>A recovery for which no ticket is open: recorded, nothing to change.</summary>
    RecoveryWithoutOpenTicket,
    /// <summary>The same (source, sourceId) was processed before: nothing changed.</summary>
    Duplicate,
    /// <summary>Recorded in the rejected-messages store with its reason.</summary>
    Rejected,
}

/// <summary>Where a message came from; recorded with rejections.</summary>
/// <param name="Transport">"storage-queue", "service-bus", "http"...</param>
public sealed record IntakeDelivery(string Transport, string? MessageId, long DeliveryCount);

public sealed record IntakeResult(IntakeOutcome Outcome, string? TicketNumber, string? RejectionReason = null);
