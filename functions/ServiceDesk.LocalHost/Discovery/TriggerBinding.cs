using Microsoft.Azure.Functions.Worker;

namespace ServiceDesk.LocalHost.Discovery;

/// <summary>
/// The trigger of one function, as declared by its trigger attribute. <see cref="Type"/> is the binding type
/// name the Functions SDK writes into functions.metadata (e.g. "httpTrigger").
/// </summary>
public abstract record TriggerBinding(string Type);

public sealed record HttpTriggerBinding(AuthorizationLevel AuthLevel, IReadOnlyList<string>? Methods, string? Route)
    : TriggerBinding("httpTrigger");

public sealed record TimerTriggerBinding(string Schedule, bool RunOnStartup, bool UseMonitor) : TriggerBinding("timerTrigger");

public sealed record QueueTriggerBinding(string QueueName, string? Connection) : TriggerBinding("queueTrigger");

public sealed record OrchestrationTriggerBinding() : TriggerBinding("orchestrationTrigger");

public sealed record ActivityTriggerBinding() : TriggerBinding("activityTrigger");

/// <summary>A trigger the local host discovers (so the drift guard sees it) but cannot run.</summary>
public sealed record UnsupportedTriggerBinding(string BindingType) : TriggerBinding(BindingType);
