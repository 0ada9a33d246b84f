namespace ServiceDesk.Application.Workflows;

/// <summary>
/// Starts approval orchestrations and raises decisions into them. The Functions layer implements it over the
/// invocation's <c>[DurableClient]</c>, so use cases take it as an argument rather than from DI.
/// </summary>
public interface IApprovalWorkflowClient
{
    /// <summary>Starts the approval of a ticket under its deterministic instance id; a second start is a no-op (returns false).</summary>
    Task<bool> StartApprovalAsync(string ticketNumber, string catalogItemId, CancellationToken cancellationToken);

    Task RaiseDecisionAsync(string ticketNumber, ApprovalDecisionEvent decision, CancellationToken cancellationToken);

    /// <summary>The orchestration's runtime status (Running, Completed...) or null when there is none.</summary>
    Task<string?> GetStatusAsync(string instanceId, CancellationToken cancellationToken);

    public static string ApprovalInstanceId(string ticketNumber) => "approval-" + ticketNumber;
}
