namespace ServiceDesk.Domain.Common;

/// <summary>A business rule refused an operation (e.g. an illegal status transition).</summary>
public sealed class DomainRuleException(string code, string message) : Exception(message)
{
    /// <summary>A stable machine-readable code, e.g. <c>ticket.illegal-transition</c>.</summary>
    public string Code { get; } = code;
}
