using Microsoft.DurableTask;
using ServiceDesk.Application.Common;

namespace ServiceDesk.Functions.Workflows;

/// <summary>
/// Feeds the running-orchestrations metric without reading the task hub: +1 where an orchestration begins (its first
/// execution, not a replay) and −1 where it ends (its last execution returns or throws; a replay that only suspends
/// never disposes). Summed over instances the counter is the number running; an instance that dies mid-episode can
/// leave it off by the orchestrations it began, so it is a trend, not an inventory (the inventory is the task hub's
/// instances table).
/// </summary>
public sealed class OrchestrationsRunning : IDisposable
{
    private readonly TaskOrchestrationContext _context;
    private readonly string _name;

    private OrchestrationsRunning(TaskOrchestrationContext context, string name)
    {
        _context = context;
        _name = name;
        if (!context.IsReplaying)
        {
            ServiceDeskTelemetry.OrchestrationRunning(name, +1);
        }
    }

    public static OrchestrationsRunning Track(TaskOrchestrationContext context, string name) => new(context, name);

    public void Dispose()
    {
        if (!_context.IsReplaying)
        {
            ServiceDeskTelemetry.OrchestrationRunning(_name, -1);
        }
    }
}
