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

    /// <summary>
    /// The customer's privacy officer (data protection contact): requests exports and erasures of personal data and reads
    /// the privacy audit, for their own customer only. Supplier admins can do the same for any customer.
    /// </summary>
    PrivacyOfficer,
}
