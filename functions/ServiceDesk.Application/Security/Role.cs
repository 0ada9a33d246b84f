namespace ServiceDesk.Application.Security;

public enum Role
{
    EndUser,
    Approver,
    Agent,
    Admin,
    Integration,
}
