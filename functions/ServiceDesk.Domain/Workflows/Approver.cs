using ServiceDesk.Domain.Common;

namespace ServiceDesk.Domain.Workflows;

/// <summary>A person of the customer's organisation who decides on a step (resolved from the customer's user directory).</summary>
public sealed record Approver(string UserId, string Name, string? Email, Language Language)
{
    /// <summary>Whether a caller or a mail sender is this approver: same user id, or same address (case-insensitive).</summary>
    public bool Is(string? userId, string? email) =>
        (userId is not null && string.Equals(userId, UserId, StringComparison.Ordinal)) ||
        (email is not null && Email is not null && string.Equals(email, Email, StringComparison.OrdinalIgnoreCase));
}
