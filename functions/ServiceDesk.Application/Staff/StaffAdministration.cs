using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;

namespace ServiceDesk.Application.Staff;

/// <summary>The staff directory (<c>/api/staff</c>): administrators only, for reading and writing.</summary>
public sealed class StaffAdministration(IStaffDirectory directory, TimeProvider time)
{
    public async Task<StaffMember> PutAsync(Caller caller, string userId, StaffMemberInput input, CancellationToken ct)
    {
        RequireAdmin(caller);
        var errors = new FieldErrors();
        var id = errors.Identifier("userId", userId, required: true);
        var name = errors.Text("name", input.Name, Limits.ShortTextLength, required: true);
        var email = errors.Email("email", input.Email, required: true);
        var language = errors.Enum<Language>("language", input.Language, required: true);
        var roles = Roles(errors, input.Roles);
        var served = ServedCustomers(errors, input.ServedCustomers);
        errors.ThrowIfAny();
        var member = new StaffMember(id!, name!, email!, language!.Value, roles, served, time.GetUtcNow());
        await directory.UpsertAsync(member, ct);
        return member;
    }

    public async Task<StaffMember> GetAsync(Caller caller, string userId, CancellationToken ct)
    {
        RequireAdmin(caller);
        var valid = new FieldErrors().Identifier("userId", userId, required: true) is not null;
        return (valid ? await directory.FindAsync(userId, ct) : null)
            ?? throw new NotFoundException($"Staff member '{(userId.Length <= 100 ? userId : userId[..100])}' was not found.");
    }

    public async Task<IReadOnlyList<StaffMember>> ListAsync(Caller caller, CancellationToken ct)
    {
        RequireAdmin(caller);
        return (await directory.ListAsync(ct)).OrderBy(m => m.UserId, StringComparer.Ordinal).ToList();
    }

    private static List<Role> Roles(FieldErrors errors, IReadOnlyList<string>? input)
    {
        var roles = new List<Role>();
        var allowed = string.Join(", ", StaffMember.StaffRoles);
        if (input is not { Count: > 0 })
        {
            errors.Add("roles", FieldRule.Required, $"Give at least one staff role: {allowed}.");
            return roles;
        }
        foreach (var (value, i) in input.Select((v, i) => (v, i)))
        {
            var role = errors.Enum<Role>($"roles[{i}]", value, required: true);
            if (role is { } r && !StaffMember.StaffRoles.Contains(r))
            {
                errors.Add($"roles[{i}]", FieldRule.NotAllowed, $"'{value}' is not a staff role. Allowed: {allowed}.");
            }
            else if (role is { } ok)
            {
                roles.Add(ok);
            }
        }
        return roles.Distinct().Order().ToList();
    }

    private static List<string> ServedCustomers(FieldErrors errors, IReadOnlyList<string>? input)
    {
        var served = new List<string>();
        foreach (var (value, i) in (input ?? []).Select((v, i) => (v, i)))
        {
            if (value == Caller.AllCustomers || (value is not null && CustomerId.IsValid(value)))
            {
                served.Add(value);
            }
            else
            {
                errors.Add($"servedCustomers[{i}]", FieldRule.Identifier, "Each served customer must be a customer id (lower-case letters, digits and '-') or \"*\" for all.");
            }
        }
        if (served.Contains(Caller.AllCustomers) && served.Count > 1)
        {
            errors.Add("servedCustomers", FieldRule.Inconsistent, "\"*\" (all customers) stands alone.");
        }
        if (served.Count > StaffMember.MaxServedCustomers)
        {
            errors.Add("servedCustomers", FieldRule.TooMany, $"At most {StaffMember.MaxServedCustomers} customers; use \"*\" for all.", FieldErrors.Args(("max", StaffMember.MaxServedCustomers)));
        }
        return served.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.Has(Role.Admin))
        {
            throw new ForbiddenException("Only administrators may read or change the staff directory.");
        }
    }
}
