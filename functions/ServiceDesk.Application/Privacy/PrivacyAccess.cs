using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;

namespace ServiceDesk.Application.Privacy;

/// <summary>Who may export, erase and read the audit: supplier admins for any customer, a privacy officer for their own.</summary>
public static class PrivacyAccess
{
    public static void Require(Caller caller, string customerId)
    {
        if (caller.Has(Role.Admin) || (caller.Has(Role.PrivacyOfficer) && caller.CustomerId == customerId))
        {
            return;
        }
        // A privacy officer of another customer learns nothing about this one.
        throw caller.Has(Role.PrivacyOfficer)
            ? new NotFoundException($"Customer '{customerId}' not found.")
            : new ForbiddenException("Only admins and the customer's privacy officer handle personal data requests.");
    }
}
