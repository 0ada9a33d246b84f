using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.ServiceLevels;

/// <summary>Service level policies: read the newest (or a given) version, write a new version.</summary>
public sealed partial class ServiceLevelAdministration
{
    public const int MaxPolicies = 50;

    public async Task<SlaPolicySet> GetPoliciesAsync(Caller caller, string customerId, int? version, CancellationToken ct)
    {
        await RequireReadableAsync(caller, customerId, ct);
        return await store.GetPoliciesAsync(customerId, version, ct)
            ?? throw new NotFoundException(version is null
                ? $"Customer '{customerId}' has no service level policies yet."
                : $"Customer '{customerId}' has no policy version {version}.");
    }

    public async Task<SlaPolicySet> PutPoliciesAsync(Caller caller, string customerId, SlaPolicySetInput input, CancellationToken ct)
    {
        await RequireWritableAsync(caller, customerId, ct);
        var errors = new FieldErrors();
        var policies = new List<SlaPolicy>();
        if (input.Policies is not { Count: > 0 } || input.Policies.Count > MaxPolicies)
        {
            errors.Add("policies", FieldRule.Range, $"Give 1 to {MaxPolicies} policies; the first that matches a ticket applies.", FieldErrors.Args(("min", 1), ("max", MaxPolicies)));
        }
        foreach (var (p, i) in (input.Policies ?? []).Take(MaxPolicies).Select((p, i) => (p, i)))
        {
            if (ParsePolicy(errors, $"policies[{i}]", p) is { } policy)
            {
                if (policies.Any(x => x.Name == policy.Name))
                {
                    errors.Add($"policies[{i}].name", FieldRule.Duplicate, $"The name '{policy.Name}' is used twice.");
                }
                policies.Add(policy);
            }
        }
        var manager = input.ServiceManager;
        var managerEmail = errors.Email("serviceManager.email", manager?.Email, required: false);
        var managerName = errors.Text("serviceManager.name", manager?.Name, Limits.ShortTextLength, required: false);
        var managerLanguage = errors.Enum<Language>("serviceManager.language", manager?.Language, required: false) ?? Language.Sv;
        errors.ThrowIfAny();
        await RequireGroupsExistAsync(policies.SelectMany((p, i) => p.Escalation
            .Where(s => s.MoveToGroup != EscalationStep.NextLine)
            .Select((s, j) => ($"policies[{i}].escalation[{j}].moveToGroup", s.MoveToGroup))), ct);

        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetPoliciesAsync(customerId, null, ct);
            var set = new SlaPolicySet(customerId, (current?.Version ?? 0) + 1, policies, managerEmail, managerName, managerLanguage, time.GetUtcNow(), caller.UserId);
            if (await store.TryAddPoliciesAsync(set, ct))
            {
                catalog.Forget(customerId);
                return set;
            }
            if (attempt >= 5)
            {
                throw new ConflictException("sla.version-race", "Another administrator changed the policies at the same moment; read them again and retry.");
            }
        }
    }

    private static SlaPolicy? ParsePolicy(FieldErrors errors, string at, SlaPolicyInput p)
    {
        var name = errors.Identifier($"{at}.name", p.Name, required: true);
        var priority = errors.Enum<Priority>($"{at}.priority", p.Priority, required: false);
        var kind = errors.Enum<TicketKind>($"{at}.kind", p.Kind, required: false);
        var service = errors.Text($"{at}.service", p.Service, Limits.ShortTextLength, required: false);
        var category = errors.Text($"{at}.category", p.Category, Limits.ShortTextLength, required: false);
        var first = errors.Duration($"{at}.firstResponse", p.FirstResponse);
        var resolution = errors.Duration($"{at}.resolution", p.Resolution);
        var fulfilment = errors.Duration($"{at}.fulfilment", p.Fulfilment);
        if (p.FirstResponse is null && p.Resolution is null && p.Fulfilment is null)
        {
            errors.Add($"{at}.resolution", FieldRule.Required, "Give at least one target: firstResponse, resolution or fulfilment.");
        }
        if (first is { } f && resolution is { } r && f > r)
        {
            errors.Add($"{at}.firstResponse", FieldRule.Inconsistent, "The first-response target cannot be longer than the resolution target.");
        }
        var calendar = p.Calendar?.Trim() ?? SlaPolicy.BusinessCalendarName;
        if (calendar is not (SlaPolicy.BusinessCalendarName or SlaPolicy.AlwaysOpenCalendarName))
        {
            errors.Add($"{at}.calendar", FieldRule.NotAllowed, $"Use \"{SlaPolicy.BusinessCalendarName}\" (the customer's calendar) or \"{SlaPolicy.AlwaysOpenCalendarName}\".");
        }
        var pauseOn = p.PauseOn is null ? SlaPolicy.DefaultPauseOn
            : p.PauseOn.Select((v, i) => errors.Enum<PendingReason>($"{at}.pauseOn[{i}]", v, required: true)).OfType<PendingReason>().Distinct().ToList();
        IReadOnlyList<EscalationStep> steps = SlaPolicy.DefaultEscalation;
        if (p.Escalation is not null)
        {
            var list = new List<EscalationStep>();
            foreach (var (s, i) in p.Escalation.Select((s, i) => (s, i)))
            {
                var field = $"{at}.escalation[{i}]";
                var level = errors.Enum<EscalationLevel>($"{field}.level", s.Level, required: true);
                var group = errors.Identifier($"{field}.moveToGroup", s.MoveToGroup, required: false);
                if (s.Percent is not (>= 1 and <= 1000))
                {
                    errors.Add($"{field}.percent", FieldRule.Range, "'percent' must be 1 to 1000.", FieldErrors.Args(("min", 1), ("max", 1000)));
                }
                else if (list.Count > 0 && s.Percent <= list[^1].Percent)
                {
                    errors.Add($"{field}.percent", FieldRule.Inconsistent, "Steps must be in increasing order of percent.");
                }
                else if (group is not null && s.Percent < 100)
                {
                    errors.Add($"{field}.moveToGroup", FieldRule.Inconsistent, "Only a step at 100 % or more may move the ticket to another group.");
                }
                else if (level is { } l)
                {
                    list.Add(new EscalationStep(s.Percent.Value, l, group));
                }
            }
            if (list.Count > 10)
            {
                errors.Add($"{at}.escalation", FieldRule.TooMany, "At most 10 escalation steps.", FieldErrors.Args(("max", 10)));
            }
            steps = list;
        }
        if (errors.Any)
        {
            return null;   // the caller throws all field errors at once
        }
        return new SlaPolicy
        {
            Name = name!,
            Priority = priority,
            Kind = kind,
            Service = service,
            Category = category,
            FirstResponse = first,
            Resolution = resolution,
            Fulfilment = fulfilment,
            Calendar = calendar,
            PauseOn = pauseOn,
            Escalation = steps,
        };
    }
}
