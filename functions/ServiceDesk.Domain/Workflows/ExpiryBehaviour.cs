namespace ServiceDesk.Domain.Workflows;

/// <summary>What happens to a request nobody decided on before its step expired.</summary>
public enum ExpiryBehaviour
{
    /// <summary>The request is cancelled as expired and the requester told so.</summary>
    Reject,
    /// <summary>The request goes to the service desk group, which follows it up by hand.</summary>
    HandToServiceDesk,
}
