using System.Globalization;
using System.Text.RegularExpressions;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

public sealed record VendorInput
{
    public string? Name { get; init; }
    /// <summary>email or webhook.</summary>
    public string? Channel { get; init; }
    public string? Email { get; init; }
    public string? WebhookUrl { get; init; }
    public string? WebhookSecret { get; init; }
    public string? EscalationContact { get; init; }
    public string? AcknowledgeWithin { get; init; }
    public string? ResolveWithin { get; init; }
    public string? TicketNumberPattern { get; init; }
    /// <summary>"24x7" (default) or "business": the calendar the vendor's targets count in.</summary>
    public string? Calendar { get; init; }
}

/// <summary>A vendor as listed: never the webhook secret.</summary>
public sealed record VendorView(string Id, string Name, VendorChannel Channel, string? Email, string? WebhookUrl, bool HasWebhookSecret,
    string EscalationContact, TimeSpan AcknowledgeWithin, TimeSpan ResolveWithin, string? TicketNumberPattern, string Calendar)
{
    public static VendorView From(Vendor v) => new(v.Id, v.Name, v.Channel, v.Email, v.WebhookUrl, v.WebhookSecret is not null,
        v.EscalationContact, v.AcknowledgeWithin, v.ResolveWithin, v.TicketNumberPattern, v.Calendar);
}

/// <summary>The vendor registry of a customer: admins write, staff serving the customer read.</summary>
public sealed class VendorAdministration(IVendorRegistry registry, ICustomerDirectory customers)
{
    public async Task<VendorView> PutAsync(Caller caller, string customerId, string vendorId, VendorInput input, CancellationToken ct)
    {
        if (!caller.Has(Role.Admin))
        {
            throw new ForbiddenException("Only administrators may change a customer's vendors.");
        }
        if (!CustomerId.IsValid(customerId) || await customers.FindAsync(customerId, ct) is null)
        {
            throw new NotFoundException($"Customer '{customerId}' was not found.");
        }
        var errors = new FieldErrors();
        var id = errors.Identifier("id", vendorId, required: true);
        var name = errors.Text("name", input.Name, Limits.ShortTextLength, required: true);
        var channel = errors.Enum<VendorChannel>("channel", input.Channel, required: true);
        var email = errors.Email("email", input.Email, required: channel == VendorChannel.Email);
        var url = errors.Text("webhookUrl", input.WebhookUrl, 2000, required: channel == VendorChannel.Webhook);
        var secret = errors.Text("webhookSecret", input.WebhookSecret, 200, required: channel == VendorChannel.Webhook);
        var escalation = errors.Email("escalationContact", input.EscalationContact, required: true);
        var ack = errors.Duration("acknowledgeWithin", input.AcknowledgeWithin) ?? TimeSpan.FromHours(4);
        var resolve = errors.Duration("resolveWithin", input.ResolveWithin) ?? TimeSpan.FromDays(3);
        var pattern = errors.Text("ticketNumberPattern", input.TicketNumberPattern, 200, required: false);
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))))
        {
            errors.Add("webhookUrl", FieldRule.Invalid, "'webhookUrl' must be an https URL (http only to loopback, for local tests).");
        }
        if (secret is not null && secret.Length < 16)
        {
            errors.Add("webhookSecret", FieldRule.Invalid, "'webhookSecret' must be at least 16 characters.");
        }
        if (pattern is not null)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException)
            {
                errors.Add("ticketNumberPattern", FieldRule.Invalid, "'ticketNumberPattern' is not a valid regular expression.");
            }
        }
        if (ack >= resolve)
        {
            errors.Add("resolveWithin", FieldRule.Inconsistent, "'resolveWithin' must be longer than 'acknowledgeWithin'.");
        }
        errors.ThrowIfAny();
        var calendar = input.Calendar?.Trim() ?? Domain.ServiceLevels.SlaPolicy.AlwaysOpenCalendarName;
        if (calendar is not (Domain.ServiceLevels.SlaPolicy.AlwaysOpenCalendarName or Domain.ServiceLevels.SlaPolicy.BusinessCalendarName))
        {
            throw ValidationException.For("calendar", FieldRule.NotAllowed, "Use \"24x7\" (wall time) or \"business\" (the customer's calendar).");
        }
        var vendor = new Vendor(customerId, id!, name!, channel!.Value, email, url, secret, escalation!, ack, resolve, pattern, calendar);
        await registry.UpsertVendorAsync(vendor, ct);
        return VendorView.From(vendor);
    }

    public async Task<IReadOnlyList<VendorView>> ListAsync(Caller caller, string customerId, CancellationToken ct)
    {
        if (!caller.Serves(customerId))
        {
            throw new NotFoundException($"Customer '{customerId}' was not found.");
        }
        return (await registry.ListVendorsAsync(customerId, ct)).Select(VendorView.From).ToList();
    }
}
