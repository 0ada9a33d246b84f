using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;

namespace ServiceDesk.Application.Staff;

/// <summary>
/// A person of the supplier's staff as the staff directory knows them: how to reach them (mail, language) and what
/// they do (staff roles, served customers). The directory does not authorise anything (tokens carry roles and served
/// customers); it tells the app whom to notify, e.g. which problem managers get a problem candidate.
/// </summary>
public sealed record StaffMember(
    string UserId,
    string Name,
    string Email,
    Language Language,
    IReadOnlyList<Role> Roles,
    IReadOnlyList<string> ServedCustomers,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The roles a staff record may carry: people of the supplier, not end users, approvers or services.</summary>
    public static readonly IReadOnlyList<Role> StaffRoles = [Role.Agent, Role.ProblemManager, Role.Admin];

    public const int MaxServedCustomers = 500;

    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>Whether the member serves the customer: listed, or "*" for all.</summary>
    public bool Serves(string customerId) =>
        ServedCustomers.Contains(Caller.AllCustomers) || ServedCustomers.Contains(customerId, StringComparer.Ordinal);
}

/// <summary>The body of <c>PUT /api/staff/{userId}</c>.</summary>
public sealed record StaffMemberInput
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public IReadOnlyList<string>? ServedCustomers { get; init; }
}

/// <summary>The staff directory's storage.</summary>
public interface IStaffDirectory
{
    Task<StaffMember?> FindAsync(string userId, CancellationToken ct);

    Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken ct);

    Task UpsertAsync(StaffMember member, CancellationToken ct);
}
