namespace ServiceDesk.Domain.Workflows;

/// <summary>A stand-in added to the seat of <see cref="OriginalId"/> on escalation (their delegate, or the item's fallback approver).</summary>
public sealed record StandIn(string OriginalId, Approver Approver);
