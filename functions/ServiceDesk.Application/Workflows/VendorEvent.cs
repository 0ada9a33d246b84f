namespace ServiceDesk.Application.Workflows;

/// <summary>
/// The one external event of the vendor orchestration: from the vendor (acknowledged, update, resolved — by signed
/// callback or, once wired, mail reply) or from the agent (confirmed). <see cref="EventId"/> drops duplicates.
/// </summary>
public sealed record VendorEvent(string EventId, string Kind, string? VendorReference, string? Text, string Channel, DateTimeOffset At)
{
    public const string Name = "VendorEvent";
    public const string Acknowledged = "acknowledged", Update = "update", Resolved = "resolved", Confirmed = "confirmed";
    public static readonly IReadOnlySet<string> VendorKinds = new HashSet<string> { Acknowledged, Update, Resolved };
}

public sealed record VendorWorkflowInput(string TicketNumber, string VendorId, int Version = VendorWorkflowInput.CurrentVersion)
{
    public const int CurrentVersion = 1;
}

/// <param name="AcknowledgeDueAt">When set, the instant the orchestration's acknowledgement timer waits for (the ticket's vendor
/// clock in the vendor's calendar); null in the history of instances started before it existed, which wait for start + span.</param>
public sealed record VendorTargets(TimeSpan AcknowledgeWithin, TimeSpan ResolveWithin, DateTimeOffset? AcknowledgeDueAt = null, DateTimeOffset? ResolveDueAt = null);

public sealed record VendorEventInput(string TicketNumber, VendorEvent Event);

public sealed record VendorTargetInput(string TicketNumber, string Target);

/// <summary>Starts vendor orchestrations and raises events into them (over the invocation's [DurableClient]).</summary>
public interface IVendorWorkflowClient
{
    Task<bool> StartVendorCaseAsync(string ticketNumber, string vendorId, CancellationToken cancellationToken);
    Task RaiseVendorEventAsync(string ticketNumber, VendorEvent vendorEvent, CancellationToken cancellationToken);
    public static string VendorInstanceId(string ticketNumber) => "vendor-" + ticketNumber;
}

/// <summary>Sends a case to a vendor's webhook (signed); mail vendors go through <see cref="IWorkflowMailer"/>.</summary>
public interface IVendorWebhook
{
    /// <exception cref="HttpRequestException">The vendor did not accept it (the activity is retried).</exception>
    Task PostAsync(Domain.Workflows.Vendor vendor, object payload, CancellationToken cancellationToken);
}
