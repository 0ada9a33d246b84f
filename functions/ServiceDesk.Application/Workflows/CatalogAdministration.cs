using System.Globalization;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>The service catalogue and the user directory of a customer: admins write, staff serving it and its own users read.</summary>
public sealed class CatalogAdministration(ICatalogStore store, ICustomerDirectory customers)
{
    public const int MaxSteps = 10;
    public const int MaxApproversPerStep = 20;

    public async Task<CatalogItem> PutItemAsync(Caller caller, string customerId, string itemId, CatalogItemInput input, CancellationToken ct)
    {
        await RequireAdminAsync(caller, customerId, ct);
        var errors = new FieldErrors();
        var id = errors.Identifier("id", itemId, required: true);
        var name = errors.Text("name", input.Name, Limits.ShortTextLength, required: true);
        var description = errors.Text("description", input.Description, Limits.DescriptionLength, required: false);
        var group = errors.Text("fulfilmentGroup", input.FulfilmentGroup, Limits.ShortTextLength, required: true);
        var fallback = errors.Identifier("fallbackApprover", input.FallbackApprover, required: false);
        var onExpiry = errors.Enum<ExpiryBehaviour>("onExpiry", input.OnExpiry, required: false) ?? ExpiryBehaviour.Reject;
        var remind = errors.Duration("remindAfter", input.RemindAfter);
        var escalate = errors.Duration("escalateAfter", input.EscalateAfter);
        var expire = errors.Duration("expireAfter", input.ExpireAfter);
        var steps = ParseSteps(errors, input);
        if (remind is not null && escalate is not null && expire is not null && !(remind < expire && escalate < expire))
        {
            errors.Add("expireAfter", FieldRule.Inconsistent, "'expireAfter' must be longer than 'remindAfter' and 'escalateAfter'.");
        }
        errors.ThrowIfAny();
        foreach (var approver in steps.SelectMany(s => s.Approvers).Append(fallback).OfType<string>().Distinct())
        {
            if (approver != ApprovalStepDefinition.RequesterManager && await store.FindUserAsync(customerId, approver, ct) is null)
            {
                errors.Add("approvers", FieldRule.Unknown, $"'{approver}' is not in the customer's user directory (PUT /api/customers/{customerId}/users/{approver} first).");
            }
        }
        errors.ThrowIfAny();
        var item = new CatalogItem(customerId, id!, name!, description, steps, group!, fallback, remind, escalate, expire, onExpiry);
        await store.UpsertItemAsync(item, ct);
        return item;
    }

    public async Task<IReadOnlyList<CatalogItem>> ListItemsAsync(Caller caller, string customerId, CancellationToken ct)
    {
        RequireReader(caller, customerId);
        return await store.ListItemsAsync(customerId, ct);
    }

    public async Task<CustomerUser> PutUserAsync(Caller caller, string customerId, string userId, CustomerUserInput input, CancellationToken ct)
    {
        var customer = await RequireAdminAsync(caller, customerId, ct);
        var errors = new FieldErrors();
        var id = errors.Identifier("id", userId, required: true);
        if (id is not null && (id.Contains('|') || id == ApprovalStepDefinition.RequesterManager))
        {
            errors.Add("id", FieldRule.Identifier, "A user id may not contain '|' or be 'manager'.");
        }
        var name = errors.Text("name", input.Name, Limits.ShortTextLength, required: true);
        var email = errors.Email("email", input.Email, required: true);
        var manager = errors.Identifier("managerId", input.ManagerId, required: false);
        var delegateId = errors.Identifier("delegateId", input.DelegateId, required: false);
        var language = errors.Enum<Language>("language", input.Language, required: false) ?? customer.DefaultLanguage;
        errors.ThrowIfAny();
        var user = new CustomerUser(customerId, id!, name!, email!, manager, delegateId, language);
        await store.UpsertUserAsync(user, ct);
        return user;
    }

    public async Task<IReadOnlyList<CustomerUser>> ListUsersAsync(Caller caller, string customerId, CancellationToken ct)
    {
        if (!caller.Serves(customerId))
        {
            throw new NotFoundException($"Customer '{customerId}' was not found.");
        }
        return await store.ListUsersAsync(customerId, ct);
    }

    private static List<ApprovalStepDefinition> ParseSteps(FieldErrors errors, CatalogItemInput input)
    {
        var mode = input.Approval?.Trim().ToLowerInvariant() ?? "none";
        IReadOnlyList<string> Approvers(string field, IReadOnlyList<string>? list, int min, int max)
        {
            var result = new List<string>();
            foreach (var (a, i) in (list ?? []).Select((a, i) => (a, i)))
            {
                if (errors.Identifier($"{field}[{i}]", a, required: true) is { } ok)
                {
                    result.Add(ok);
                }
            }
            if (result.Count < min || result.Count > max)
            {
                errors.Add(field, FieldRule.Range, min == max ? $"Give exactly {min} approver." : $"Give {min} to {max} approvers.", FieldErrors.Args(("min", min), ("max", max)));
            }
            return result.Distinct().ToList();
        }
        switch (mode)
        {
            case "none":
                return [];
            case "one":
                return [new ApprovalStepDefinition("Approval", ApprovalRule.Any, Approvers("approvers", input.Approvers, 1, 1))];
            case "anyof":
                return [new ApprovalStepDefinition("Approval", ApprovalRule.Any, Approvers("approvers", input.Approvers, 1, MaxApproversPerStep))];
            case "allof":
                return [new ApprovalStepDefinition("Approval", ApprovalRule.All, Approvers("approvers", input.Approvers, 1, MaxApproversPerStep))];
            case "sequence":
                if (input.Steps is not { Count: > 0 and <= MaxSteps })
                {
                    errors.Add("steps", FieldRule.Range, $"A sequence needs 1 to {MaxSteps} steps.", FieldErrors.Args(("min", 1), ("max", MaxSteps)));
                    return [];
                }
                return input.Steps.Select((s, i) => new ApprovalStepDefinition(
                    errors.Text($"steps[{i}].name", s.Name, Limits.ShortTextLength, required: false) ?? $"Step {i + 1}",
                    errors.Enum<ApprovalRule>($"steps[{i}].rule", s.Rule, required: false) ?? ApprovalRule.Any,
                    Approvers($"steps[{i}].approvers", s.Approvers, 1, MaxApproversPerStep))).ToList();
            default:
                errors.Add("approval", FieldRule.NotAllowed, "'approval' must be none, one, anyOf, allOf or sequence.");
                return [];
        }
    }

    private async Task<Domain.Customers.Customer> RequireAdminAsync(Caller caller, string customerId, CancellationToken ct)
    {
        if (!caller.Has(Role.Admin))
        {
            throw new ForbiddenException("Only administrators may change a customer's catalogue, users or vendors.");
        }
        return (CustomerId.IsValid(customerId) ? await customers.FindAsync(customerId, ct) : null)
            ?? throw new NotFoundException($"Customer '{customerId}' was not found.");
    }

    private static void RequireReader(Caller caller, string customerId)
    {
        if (!caller.Serves(customerId) && caller.CustomerId != customerId)
        {
            throw new NotFoundException($"Customer '{customerId}' was not found.");
        }
    }
}
