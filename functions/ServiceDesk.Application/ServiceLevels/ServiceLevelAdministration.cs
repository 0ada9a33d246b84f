using System.Globalization;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.ServiceLevels;

namespace ServiceDesk.Application.ServiceLevels;

/// <summary>
/// The service level settings of a customer (calendar, policies, routing rules) and the supplier's assignment groups.
/// Administrators write them; staff serving the customer read them. Customer id "supplier" holds the supplier's
/// default calendar. Input errors are 400 with field errors; a reference to a group that does not exist is 422.
/// </summary>
public sealed partial class ServiceLevelAdministration(
    IServiceLevelStore store,
    ServiceLevelCatalog catalog,
    ICustomerDirectory customers,
    TimeProvider time)
{
    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    public async Task<CalendarView> GetCalendarAsync(Caller caller, string customerId, CancellationToken ct)
    {
        await RequireReadableAsync(caller, customerId, ct);
        var own = await store.GetCalendarAsync(customerId, ct);
        var supplier = own is null && customerId != ServiceLevelCatalog.SupplierCalendarId
            ? await store.GetCalendarAsync(ServiceLevelCatalog.SupplierCalendarId, ct)
            : null;
        var source = own is not null ? "customer" : supplier is not null ? "supplier" : "default";
        return CalendarView.From(customerId, own ?? supplier ?? CalendarDefinition.Default, source);
    }

    public async Task<CalendarView> PutCalendarAsync(Caller caller, string customerId, CalendarInput input, CancellationToken ct)
    {
        await RequireWritableAsync(caller, customerId, ct);
        var errors = new FieldErrors();
        var hours = new Dictionary<DayOfWeek, IReadOnlyList<WorkingHours>>();
        foreach (var (day, intervals) in input.Hours ?? [])
        {
            var index = Array.IndexOf(DayNames, day.ToLowerInvariant());
            if (index < 0)
            {
                errors.Add($"hours.{day}", FieldRule.NotAllowed, $"'{day}' is not a weekday. Use {string.Join(", ", DayNames)}.");
                continue;
            }
            var list = new List<WorkingHours>();
            foreach (var (interval, i) in (intervals ?? []).Select((v, i) => (v, i)))
            {
                var field = $"hours.{DayNames[index]}[{i}]";
                if (Time(interval?.Start, allowMidnightEnd: false) is { } start && Time(interval?.End, allowMidnightEnd: true) is { } end)
                {
                    list.Add(new WorkingHours(start, end));
                }
                else
                {
                    errors.Add(field, FieldRule.Date, "Give 'start' and 'end' as \"HH:mm\" (end \"24:00\" for midnight).");
                }
            }
            hours[(DayOfWeek)index] = list;
        }
        var closed = new List<DateOnly>();
        foreach (var (value, i) in (input.ClosedDays ?? []).Select((v, i) => (v, i)))
        {
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                closed.Add(date);
            }
            else
            {
                errors.Add($"closedDays[{i}]", FieldRule.Date, "Give dates as \"yyyy-MM-dd\".");
            }
        }
        errors.ThrowIfAny();
        var definition = new CalendarDefinition
        {
            TimeZone = string.IsNullOrWhiteSpace(input.TimeZone) ? "Europe/Stockholm" : input.TimeZone.Trim(),
            Hours = hours,
            SwedishPublicHolidays = input.SwedishPublicHolidays ?? true,
            ClosedDays = closed,
            AlwaysOpen = input.AlwaysOpen ?? false,
        };
        foreach (var (field, message) in definition.Validate())
        {
            errors.Add(field, FieldRule.Invalid, message);
        }
        errors.ThrowIfAny();
        await store.PutCalendarAsync(customerId, definition, ct);
        catalog.Forget(customerId);
        return CalendarView.From(customerId, definition, "customer");
    }

    private static TimeOnly? Time(string? value, bool allowMidnightEnd)
    {
        if (allowMidnightEnd && value?.Trim() == "24:00")
        {
            return TimeOnly.MinValue;
        }
        return TimeOnly.TryParseExact(value?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
    }

    private async Task RequireReadableAsync(Caller caller, string customerId, CancellationToken ct)
    {
        if (!caller.IsStaff)
        {
            throw new ForbiddenException("Only service desk staff may read service level settings.");
        }
        await RequireCustomerAsync(caller, customerId, ct);
    }

    private async Task RequireWritableAsync(Caller caller, string customerId, CancellationToken ct)
    {
        if (!caller.Has(Role.Admin))
        {
            throw new ForbiddenException("Only administrators may change service level settings.");
        }
        await RequireCustomerAsync(caller, customerId, ct);
    }

    private async Task RequireCustomerAsync(Caller caller, string customerId, CancellationToken ct)
    {
        if (customerId == ServiceLevelCatalog.SupplierCalendarId)
        {
            return;
        }
        if (!CustomerId.IsValid(customerId) || !caller.Serves(customerId) || await customers.FindAsync(customerId, ct) is null)
        {
            throw new NotFoundException($"Customer '{(CustomerId.IsValid(customerId) ? customerId : "(invalid id)")}' was not found.");
        }
    }

    private async Task RequireGroupsExistAsync(IEnumerable<(string Field, string? Group)> references, CancellationToken ct)
    {
        var missing = new List<string>();
        foreach (var (field, group) in references)
        {
            if (group is not null && await store.FindGroupAsync(group, ct) is null)
            {
                missing.Add($"{field}: '{group}'");
            }
        }
        if (missing.Count > 0)
        {
            throw new UnprocessableException($"Unknown assignment group(s) — register them with PUT /api/groups/{{id}} first: {string.Join("; ", missing)}.");
        }
    }
}

/// <summary>A calendar as the API shows it; <see cref="Source"/> says whose it is (customer, supplier default or built-in default).</summary>
public sealed record CalendarView(
    string CustomerId, string Source, string TimeZone, IReadOnlyDictionary<string, IReadOnlyList<WorkingHoursInput>> Hours,
    bool SwedishPublicHolidays, IReadOnlyList<string> ClosedDays, bool AlwaysOpen)
{
    public static CalendarView From(string customerId, CalendarDefinition d, string source) => new(
        customerId, source, d.TimeZone,
        d.Hours.OrderBy(h => ((int)h.Key + 6) % 7).ToDictionary(
            h => h.Key.ToString().ToLowerInvariant(),
            h => (IReadOnlyList<WorkingHoursInput>)h.Value.Select(w => new WorkingHoursInput(w.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
                w.EndsAtMidnight ? "24:00" : w.End.ToString("HH:mm", CultureInfo.InvariantCulture))).ToList()),
        d.SwedishPublicHolidays, d.ClosedDays.Select(c => c.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(), d.AlwaysOpen);
}
