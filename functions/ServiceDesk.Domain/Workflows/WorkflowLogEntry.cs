namespace ServiceDesk.Domain.Workflows;

/// <summary>One line of a workflow's own log (approvals and vendor cases): when, what kind of step, and the text.</summary>
public sealed record WorkflowLogEntry(DateTimeOffset At, string Kind, string Text);
