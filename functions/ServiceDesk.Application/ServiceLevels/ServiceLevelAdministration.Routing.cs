using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.ServiceLevels;

/// <summary>Routing rules of a customer and the supplier's assignment groups.</summary>
public sealed partial class ServiceLevelAdministration
{
    public const int MaxRules = 200;
    public const int MaxKeywords = 20;

    public async Task<RoutingRules> GetRoutingAsync(Caller caller, string customerId, CancellationToken ct)
    {
        await RequireReadableAsync(caller, customerId, ct);
        return await store.GetRoutingAsync(customerId, ct) ?? new RoutingRules(customerId, [], null, DateTimeOffset.MinValue, "");
    }

    public async Task<RoutingRules> PutRoutingAsync(Caller caller, string customerId, RoutingRulesInput input, CancellationToken ct)
    {
        await RequireWritableAsync(caller, customerId, ct);
        var errors = new FieldErrors();
        var rules = new List<RoutingRule>();
        if ((input.Rules?.Count ?? 0) > MaxRules)
        {
            errors.Add("rules", FieldRule.TooMany, $"At most {MaxRules} rules.", FieldErrors.Args(("max", MaxRules)));
        }
        foreach (var (r, i) in (input.Rules ?? []).Take(MaxRules).Select((r, i) => (r, i)))
        {
            var at = $"rules[{i}]";
            var name = errors.Identifier($"{at}.name", r.Name, required: true);
            var group = errors.Identifier($"{at}.group", r.Group, required: true);
            var kind = errors.Enum<TicketKind>($"{at}.kind", r.Kind, required: false);
            var channel = errors.Enum<Channel>($"{at}.channel", r.Channel, required: false);
            var category = errors.Text($"{at}.category", r.Category, Limits.ShortTextLength, required: false);
            var service = errors.Text($"{at}.service", r.Service, Limits.ShortTextLength, required: false);
            var ci = errors.Text($"{at}.configurationItem", r.ConfigurationItem, Limits.ShortTextLength, required: false);
            var impact = errors.Enum<Impact>($"{at}.impact", r.Impact, required: false);
            var urgency = errors.Enum<Urgency>($"{at}.urgency", r.Urgency, required: false);
            var keywords = (r.Keywords ?? []).Select((k, j) => errors.Text($"{at}.keywords[{j}]", k, 100, required: true)).OfType<string>().ToList();
            if (keywords.Count > MaxKeywords)
            {
                errors.Add($"{at}.keywords", FieldRule.TooMany, $"At most {MaxKeywords} keywords.", FieldErrors.Args(("max", MaxKeywords)));
            }
            if (name is not null && rules.Any(x => x.Name == name))
            {
                errors.Add($"{at}.name", FieldRule.Duplicate, $"The name '{name}' is used twice.");
            }
            if (name is not null && group is not null)
            {
                rules.Add(new RoutingRule
                {
                    Name = name, Group = group, Kind = kind, Channel = channel, Category = category, Service = service,
                    ConfigurationItem = ci, Keywords = keywords, Impact = impact, Urgency = urgency,
                });
            }
        }
        var fallback = errors.Identifier("fallbackGroup", input.FallbackGroup, required: false);
        errors.ThrowIfAny();
        await RequireGroupsExistAsync(rules.Select((r, i) => ($"rules[{i}].group", (string?)r.Group)).Append(("fallbackGroup", fallback)), ct);
        var saved = new RoutingRules(customerId, rules, fallback, time.GetUtcNow(), caller.UserId);
        await store.PutRoutingAsync(saved, ct);
        catalog.Forget(customerId);
        return saved;
    }

    public async Task<AssignmentGroup> PutGroupAsync(Caller caller, string id, AssignmentGroupInput input, CancellationToken ct)
    {
        if (!caller.Has(Role.Admin))
        {
            throw new ForbiddenException("Only administrators may change assignment groups.");
        }
        var errors = new FieldErrors();
        var groupId = errors.Identifier("id", id, required: true);
        var name = errors.Text("name", input.Name, Limits.ShortTextLength, required: false) ?? groupId;
        var email = errors.Email("email", input.Email, required: false);
        var language = errors.Enum<Language>("language", input.Language, required: false) ?? Language.Sv;
        var manager = errors.Identifier("managerId", input.ManagerId, required: false);
        var next = errors.Identifier("nextLineGroup", input.NextLineGroup, required: false);
        if (next is not null && next == groupId)
        {
            errors.Add("nextLineGroup", FieldRule.Inconsistent, "A group cannot be its own next line.");
        }
        errors.ThrowIfAny();
        await RequireGroupsExistAsync([("nextLineGroup", next)], ct);
        var group = new AssignmentGroup(groupId!, name!, email, language, manager, next, time.GetUtcNow());
        await store.PutGroupAsync(group, ct);
        catalog.ForgetGroup(group.Id);
        return group;
    }

    public async Task<AssignmentGroup> GetGroupAsync(Caller caller, string id, CancellationToken ct)
    {
        RequireStaff(caller);
        var valid = new FieldErrors().Identifier("id", id, required: true) is not null;
        return (valid ? await store.FindGroupAsync(id, ct) : null)
            ?? throw new NotFoundException($"Assignment group '{(id.Length <= 100 ? id : id[..100])}' was not found.");
    }

    public async Task<IReadOnlyList<AssignmentGroup>> ListGroupsAsync(Caller caller, CancellationToken ct)
    {
        RequireStaff(caller);
        return (await store.ListGroupsAsync(ct)).OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
    }

    private static void RequireStaff(Caller caller)
    {
        if (!caller.IsStaff)
        {
            throw new ForbiddenException("Only service desk staff may read assignment groups.");
        }
    }
}
