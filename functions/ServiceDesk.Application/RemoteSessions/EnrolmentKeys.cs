using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;

namespace ServiceDesk.Application.RemoteSessions;

/// <summary>Enrolment keys of a customer, for its admins and the supplier's: create (the secret shown once), list, revoke.</summary>
public sealed class EnrolmentKeys(IRemoteSessionStore store, RemoteAccess access, ICustomerDirectory customers, TimeProvider time)
{
    public const int MaxValidHours = 720, DefaultValidHours = 24, MaxUsesLimit = 1000;

    public async Task<EnrolmentKeyView> CreateAsync(Caller caller, string customerId, EnrolmentKeyInput input, CancellationToken ct)
    {
        await access.RequireAdminForAsync(caller, customerId, ct);
        if (await customers.FindAsync(customerId, ct) is null)
        {
            throw new NotFoundException($"Customer '{customerId}' was not found.");
        }
        var errors = new FieldErrors();
        var label = errors.Text("label", input.Label, Limits.ShortTextLength, required: false);
        var hours = input.ValidHours ?? DefaultValidHours;
        if (hours is < 1 or > MaxValidHours)
        {
            errors.Add("validHours", FieldRule.Range, $"'validHours' must be 1 to {MaxValidHours}.", FieldErrors.Args(("min", 1), ("max", MaxValidHours)));
        }
        var uses = input.MaxUses ?? 1;
        if (uses is < 1 or > MaxUsesLimit)
        {
            errors.Add("maxUses", FieldRule.Range, $"'maxUses' must be 1 to {MaxUsesLimit}.", FieldErrors.Args(("min", 1), ("max", MaxUsesLimit)));
        }
        var owner = User(errors, "owner", input.Owner);
        errors.ThrowIfAny();
        var now = time.GetUtcNow();
        var secret = DeviceSecrets.NewSecret();
        var key = new EnrolmentKey(DeviceSecrets.NewId("ek-"), customerId, DeviceSecrets.Hash(secret), label, owner, now,
            RemoteAccess.Actor(caller), now.AddHours(hours), uses, 0, false);
        await store.InsertKeyAsync(key, ct);
        return EnrolmentKeyView.From(key, key.Id + "." + secret);
    }

    public async Task<IReadOnlyList<EnrolmentKeyView>> ListAsync(Caller caller, string customerId, CancellationToken ct)
    {
        await access.RequireAdminForAsync(caller, customerId, ct);
        return (await store.ListKeysAsync(customerId, ct)).OrderByDescending(k => k.CreatedAt).Select(k => EnrolmentKeyView.From(k)).ToList();
    }

    public async Task<EnrolmentKeyView> RevokeAsync(Caller caller, string customerId, string keyId, CancellationToken ct)
    {
        await access.RequireAdminForAsync(caller, customerId, ct);
        for (var attempt = 1; ; attempt++)
        {
            if (await store.FindKeyAsync(keyId, ct) is not { } found || found.Key.CustomerId != customerId)
            {
                throw new NotFoundException($"Enrolment key '{keyId}' was not found.");
            }
            var revoked = found.Key with { Revoked = true };
            try
            {
                await store.SaveKeyAsync(revoked, found.ETag, ct);
                return EnrolmentKeyView.From(revoked);
            }
            catch (PreconditionFailedException) when (attempt < 5)
            {
            }
        }
    }

    internal static DeviceUser? User(FieldErrors errors, string field, DeviceUserInput? input)
    {
        if (input is null)
        {
            return null;
        }
        var id = errors.Identifier($"{field}.userId", input.UserId, required: false);
        var name = errors.Text($"{field}.name", input.Name, Limits.ShortTextLength, required: false);
        var email = errors.Email($"{field}.email", input.Email, required: false);
        return id is null && name is null && email is null ? null : new DeviceUser(id, name, email);
    }
}
