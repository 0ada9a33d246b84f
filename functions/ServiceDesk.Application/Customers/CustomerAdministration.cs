using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;

namespace ServiceDesk.Application.Customers;

public sealed record CustomerInput
{
    public string? Name { get; init; }
    public IReadOnlyList<string>? EmailDomains { get; init; }
    public string? DefaultLanguage { get; init; }
    public bool? EndUsersSeeOrganisationTickets { get; init; }
    public bool? ResolveOnAlertRecovery { get; init; }

    /// <summary>The customer's own problem-detection thresholds; missing or null values use the global defaults.</summary>
    public ProblemDetectionInput? ProblemDetection { get; init; }

    /// <summary>The customer's own retention periods in months; missing or null values use the defaults (24 and 6).</summary>
    public RetentionInput? Retention { get; init; }
}

/// <summary>Per-customer retention periods (see Privacy/README.md, "Retention").</summary>
public sealed record RetentionInput
{
    public int? ClosedTicketMonths { get; init; }
    public int? RawMailMonths { get; init; }
}

/// <summary>Per-customer problem-detection thresholds, named as the global <c>ServiceDesk:Problems</c> options.</summary>
public sealed record ProblemDetectionInput
{
    public int? VolumeMinIncidents { get; init; }
    public int? VolumeWindowHours { get; init; }
    public int? SimilarityMinIncidents { get; init; }
}

/// <summary>The customer registry, for admins; staff may read the customers they serve.</summary>
public sealed class CustomerAdministration(ICustomerDirectory directory)
{
    public async Task<Customer> PutAsync(Caller caller, string id, CustomerInput input, CancellationToken ct)
    {
        RequireAdmin(caller);
        var errors = new FieldErrors();
        if (!CustomerId.IsValid(id))
        {
            errors.Add("id", FieldRule.Identifier, "Customer ids are 2-63 characters: lower-case letters, digits and '-'.");
        }
        var name = errors.Text("name", input.Name, Limits.ShortTextLength, required: true);
        var language = errors.Enum<Language>("defaultLanguage", input.DefaultLanguage, required: false) ?? Language.Sv;
        var domains = new List<string>();
        foreach (var (domain, i) in (input.EmailDomains ?? []).Select((d, i) => (d, i)))
        {
            var d = errors.Text($"emailDomains[{i}]", domain, 253, required: true)?.ToLowerInvariant();
            if (d is not null && (Uri.CheckHostName(d) != UriHostNameType.Dns || !d.Contains('.')))
            {
                errors.Add($"emailDomains[{i}]", FieldRule.Invalid, $"'{d}' is not a mail domain.");
            }
            else if (d is not null)
            {
                domains.Add(d);
            }
        }
        if (domains.Count > 50)
        {
            errors.Add("emailDomains", FieldRule.TooMany, "At most 50 mail domains.", FieldErrors.Args(("max", 50)));
        }
        var detection = DetectionOverrides(errors, input.ProblemDetection);
        var retention = RetentionPeriods(errors, input.Retention);
        errors.ThrowIfAny();
        var customer = new Customer(id, name!, domains.Distinct().ToList(), language, input.EndUsersSeeOrganisationTickets ?? false,
            input.ResolveOnAlertRecovery ?? false, detection, retention);
        await directory.UpsertAsync(customer, ct);
        return customer;
    }

    public async Task<Customer> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var visible = caller.Serves(id) || caller.CustomerId == id;
        var customer = visible && CustomerId.IsValid(id) ? await directory.FindAsync(id, ct) : null;
        return customer ?? throw new NotFoundException($"Customer '{(CustomerId.IsValid(id) ? id : "(invalid id)")}' was not found.");
    }

    public async Task<IReadOnlyList<Customer>> ListAsync(Caller caller, CancellationToken ct)
    {
        if (!caller.IsStaff)
        {
            throw new ForbiddenException("Only service desk staff may list customers.");
        }
        var all = await directory.ListAsync(ct);
        return all.Where(c => caller.Serves(c.Id)).ToList();
    }

    /// <summary>Checks each given threshold against its range; nothing given (or only nulls) is no overrides.</summary>
    private static ProblemDetectionOverrides? DetectionOverrides(FieldErrors errors, ProblemDetectionInput? input)
    {
        if (input is null)
        {
            return null;
        }
        int? InRange(string name, int? value, int min, int max)
        {
            if (value is { } v && (v < min || v > max))
            {
                errors.Add($"problemDetection.{name}", FieldRule.Range, $"'{name}' must be {min} to {max} (or null for the global default), got {v}.", FieldErrors.Args(("min", min), ("max", max)));
                return null;
            }
            return value;
        }
        var overrides = new ProblemDetectionOverrides(
            InRange("volumeMinIncidents", input.VolumeMinIncidents,
                ProblemDetectionOverrides.MinVolumeMinIncidents, ProblemDetectionOverrides.MaxVolumeMinIncidents),
            InRange("volumeWindowHours", input.VolumeWindowHours,
                ProblemDetectionOverrides.MinVolumeWindowHours, ProblemDetectionOverrides.MaxVolumeWindowHours),
            InRange("similarityMinIncidents", input.SimilarityMinIncidents,
                ProblemDetectionOverrides.MinSimilarityMinIncidents, ProblemDetectionOverrides.MaxSimilarityMinIncidents));
        return overrides.IsEmpty ? null : overrides;
    }

    private static RetentionOverrides? RetentionPeriods(FieldErrors errors, RetentionInput? input)
    {
        if (input is null)
        {
            return null;
        }
        int? Months(string name, int? value)
        {
            if (value is { } v && (v < RetentionOverrides.MinMonths || v > RetentionOverrides.MaxMonths))
            {
                errors.Add($"retention.{name}", FieldRule.Range, $"'{name}' must be {RetentionOverrides.MinMonths} to {RetentionOverrides.MaxMonths} months (or null for the default), got {v}.",
                    FieldErrors.Args(("min", RetentionOverrides.MinMonths), ("max", RetentionOverrides.MaxMonths)));
                return null;
            }
            return value;
        }
        var overrides = new RetentionOverrides(Months("closedTicketMonths", input.ClosedTicketMonths), Months("rawMailMonths", input.RawMailMonths));
        return overrides.IsEmpty ? null : overrides;
    }

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.Has(Role.Admin))
        {
            throw new ForbiddenException("Only administrators may change the customer registry.");
        }
    }
}
