namespace ServiceDesk.Application.Security;

public enum Role
{
    EndUser,
    Approver,
    Agent,
    Admin,
    Integration,

    /// <summary>
    /// Supplier staff who run problem management for the customers in <c>served_customers</c>: candidates, problem
    /// records, statistics. Not an agent for tickets unless the token also carries <see cref="Agent"/>.
    /// </summary>
    ProblemManager,
}
