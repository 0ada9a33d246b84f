using ServiceDesk.Domain.Common;

namespace ServiceDesk.Application.Security;

/// <summary>
/// The authenticated caller, whatever authenticated it (Entra ID token, App Service Authentication, development token).
/// </summary>
/// <param name="CustomerId">The organisation the caller belongs to (the supplier's own id for its staff).</param>
/// <param name="ServedCustomers">For agents and integrations: the customers they act for; "*" means all.</param>
public sealed record Caller(
    string UserId,
    string Name,
    string? Email,
    string CustomerId,
    IReadOnlySet<Role> Roles,
    IReadOnlyList<string> ServedCustomers)
{
    public const string AllCustomers = "*";

    public Actor Actor => new(UserId, Name);

    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>Staff act on tickets they do not own: agents and admins.</summary>
    public bool IsStaff => Has(Role.Agent) || Has(Role.Admin);

    /// <summary>Whether the caller acts for a customer as staff or integration (not as an end user).</summary>
    public bool Serves(string customerId) =>
        Has(Role.Admin) ||
        ((Has(Role.Agent) || Has(Role.Integration)) &&
         (ServedCustomers.Contains(AllCustomers) || ServedCustomers.Contains(customerId, StringComparer.Ordinal)));

    /// <summary>
    /// The caller as problem management sees it: a <see cref="Role.ProblemManager"/> acts as an agent of the customers
    /// it serves, inside the problem use cases only (candidates, problem records and the incidents they link,
    /// statistics). Everywhere else, tickets included, the token's own roles apply.
    /// </summary>
    public Caller ForProblemManagement() =>
        Has(Role.ProblemManager) && !Has(Role.Agent)
            ? this with { Roles = Roles.Append(Role.Agent).ToHashSet() }
            : this;
}
