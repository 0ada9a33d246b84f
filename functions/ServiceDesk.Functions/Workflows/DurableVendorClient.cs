using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ServiceDesk.Application.Workflows;

namespace ServiceDesk.Functions.Workflows;

/// <summary>The vendor use cases' view of the invocation's <c>[DurableClient]</c>.</summary>
public sealed class DurableVendorClient(DurableTaskClient client) : IVendorWorkflowClient
{
    public async Task<bool> StartVendorCaseAsync(string ticketNumber, string vendorId, CancellationToken ct)
    {
        var instanceId = IVendorWorkflowClient.VendorInstanceId(ticketNumber);
        if (await client.GetInstanceAsync(instanceId, ct) is not null)
        {
            return false;
        }
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(new TaskName(nameof(VendorOrchestration.VendorOrchestrator)),
                new VendorWorkflowInput(ticketNumber, vendorId), new StartOrchestrationOptions(instanceId), ct);
            return true;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            if (await client.GetInstanceAsync(instanceId, ct) is null)
            {
                throw;
            }
            return false;
        }
    }

    public Task RaiseVendorEventAsync(string ticketNumber, VendorEvent vendorEvent, CancellationToken ct) =>
        client.RaiseEventAsync(IVendorWorkflowClient.VendorInstanceId(ticketNumber), VendorEvent.Name, vendorEvent, ct);
}
