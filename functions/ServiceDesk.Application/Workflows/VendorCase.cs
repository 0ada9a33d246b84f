using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

public enum VendorCaseStatus
{
    Dispatched,
    Acknowledged,
    ResolvedByVendor,
    Closed,
}

/// <summary>A ticket handed to a vendor: every message both ways, the vendor's reference and where the case stands.</summary>
public sealed record VendorCase
{
    public required string TicketNumber { get; init; }
    public required string CustomerId { get; init; }
    public required string VendorId { get; init; }
    public required string VendorName { get; init; }
    public required string InstanceId { get; init; }
    public VendorCaseStatus Status { get; init; } = VendorCaseStatus.Dispatched;
    public string? VendorReference { get; init; }
    public DateTimeOffset HandedOverAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public List<VendorMessage> Messages { get; init; } = [];
    public List<WorkflowLogEntry> Log { get; init; } = [];
}

/// <param name="Direction">"out" (to the vendor) or "in" (from the vendor).</param>
public sealed record VendorMessage(DateTimeOffset At, string Direction, string Kind, string Text, string? EventId);

public interface IVendorCaseStore
{
    Task<VendorCase?> FindAsync(string ticketNumber, CancellationToken cancellationToken);
    Task SaveAsync(VendorCase vendorCase, CancellationToken cancellationToken);

    /// <summary>The case a vendor knows by its own reference (stored once the vendor gave one), or null.</summary>
    Task<VendorCase?> FindByVendorReferenceAsync(string customerId, string vendorId, string vendorReference, CancellationToken cancellationToken);
}
