using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ServiceDesk.Application.Workflows;

namespace ServiceDesk.Functions.Workflows;

/// <summary>The approval use cases' view of the invocation's <c>[DurableClient]</c>.</summary>
public sealed class DurableApprovalClient(DurableTaskClient client) : IApprovalWorkflowClient
{
    public async Task<bool> StartApprovalAsync(string ticketNumber, string catalogItemId, CancellationToken ct)
    {
        var instanceId = IApprovalWorkflowClient.ApprovalInstanceId(ticketNumber);
        if (await client.GetInstanceAsync(instanceId, ct) is not null)
        {
            return false;
        }
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(new TaskName(nameof(ApprovalOrchestration.ApprovalOrchestrator)),
                new ApprovalWorkflowInput(ticketNumber, catalogItemId), new StartOrchestrationOptions(instanceId), ct);
            return true;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // A concurrent start may have won the race: the instance exists, which is all a start promises.
            if (await client.GetInstanceAsync(instanceId, ct) is null)
            {
                throw;
            }
            return false;
        }
    }

    public Task RaiseDecisionAsync(string ticketNumber, ApprovalDecisionEvent decision, CancellationToken ct) =>
        client.RaiseEventAsync(IApprovalWorkflowClient.ApprovalInstanceId(ticketNumber), ApprovalDecisionEvent.Name, decision, ct);

    public async Task<string?> GetStatusAsync(string instanceId, CancellationToken ct) =>
        (await client.GetInstanceAsync(instanceId, ct))?.RuntimeStatus.ToString();
}
