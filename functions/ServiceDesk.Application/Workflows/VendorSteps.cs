using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>The work behind each activity of the vendor orchestration; idempotent like <see cref="ApprovalSteps"/>.</summary>
public sealed class VendorSteps(
    IVendorRegistry vendors,
    IVendorCaseStore cases,
    IApprovalStore markers,
    WorkflowTickets tickets,
    IWorkflowMailer mailer,
    IVendorWebhook webhook,
    IOptions<WorkflowOptions> options,
    ServiceLevels.ServiceLevelCatalog calendars,
    TimeProvider time)
{
    public async Task<VendorTargets> DispatchAsync(VendorWorkflowInput input, CancellationToken ct)
    {
        var (vendorCase, vendor, ticket) = await LoadAsync(input.TicketNumber, ct);
        var now = time.GetUtcNow();
        if (vendorCase.Messages.Any(m => m.Kind == "dispatch"))
        {
            return ticket.Vendor is { } started && started.VendorId == vendor.Id
                ? TargetsFrom(started, now)
                : new VendorTargets(vendor.AcknowledgeWithin, vendor.ResolveWithin);
        }
        // The vendor's contract clock, in the vendor's calendar; the orchestration's reminders wait for the same instants.
        var calendar = await calendars.CalendarAsync(ticket.CustomerId, vendor.Calendar, ct);
        var clock = new Domain.ServiceLevels.VendorClock
        {
            VendorId = vendor.Id,
            VendorName = vendor.Name,
            HandedOverAt = vendorCase.HandedOverAt == default ? now : vendorCase.HandedOverAt,
            AcknowledgeDueAt = calendar.Add(now, vendor.AcknowledgeWithin),
            ResolveDueAt = calendar.Add(now, vendor.ResolveWithin),
        };
        await tickets.ChangeAsync(input.TicketNumber, (t, at) =>
        {
            t.StartVendorClock(clock);
            t.RecordWorkflowStep($"Vendor clock started ({vendor.Calendar}): {vendor.Name} to acknowledge by {clock.AcknowledgeDueAt:yyyy-MM-dd HH:mm} UTC and resolve by {clock.ResolveDueAt:yyyy-MM-dd HH:mm} UTC.",
                new Dictionary<string, string> { ["workflow"] = "vendor", ["event"] = "vendorClockStarted", ["vendorId"] = vendor.Id }, isInternal: true, WorkflowTickets.WorkflowActor, at);
        }, ct);
        var targets = TargetsFrom(clock, now);
        var text = $"{ticket.Title}\n\n{ticket.Description}\n\nPriority: {PriorityMatrix.For(ticket.Impact, ticket.Urgency)}. Our reference: {ticket.Number}.";
        if (vendor.Channel == VendorChannel.Webhook)
        {
            await webhook.PostAsync(vendor, new
            {
                type = "case",
                ticketNumber = ticket.Number,
                title = ticket.Title,
                description = ticket.Description,
                priority = PriorityMatrix.For(ticket.Impact, ticket.Urgency).ToString(),
                callbackUrl = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/api/vendors/{vendor.Id}/callback",
            }, ct);
        }
        else
        {
            await mailer.SendAsync(new WorkflowMail(ticket.Number, "vendor:dispatch", "vendor-dispatch", vendor.Email!, vendor.Name, Domain.Common.Language.En,
                $"New case from {ticket.CustomerId}: {ticket.Title} [#{ticket.Number}]",
                text + "\n\nPlease reply to this mail to acknowledge, keeping the reference in the subject."), ct);
        }
        await SaveAsync(vendorCase with { }, "out", "dispatch", $"Sent to {vendor.Name} by {vendor.Channel.ToString().ToLowerInvariant()}.", null, ct,
            log: $"Case sent to {vendor.Name} ({vendor.Channel.ToString().ToLowerInvariant()}); acknowledgement due within {vendor.AcknowledgeWithin}.");
        return targets;
    }

    public async Task RecordEventAsync(VendorEventInput input, CancellationToken ct)
    {
        var (vendorCase, vendor, _) = await LoadAsync(input.TicketNumber, ct);
        var e = input.Event;
        if (vendorCase.Messages.Any(m => m.EventId == e.EventId))
        {
            return;
        }
        var reference = e.VendorReference ?? FindReference(vendor, e.Text) ?? vendorCase.VendorReference;
        var updated = e.Kind switch
        {
            VendorEvent.Acknowledged => vendorCase with { Status = VendorCaseStatus.Acknowledged, AcknowledgedAt = e.At, VendorReference = reference },
            VendorEvent.Resolved => vendorCase with { Status = VendorCaseStatus.ResolvedByVendor, ResolvedAt = e.At, VendorReference = reference },
            _ => vendorCase with { VendorReference = reference },
        };
        var summary = e.Kind switch
        {
            VendorEvent.Acknowledged => $"{vendor.Name} acknowledged the case{(reference is null ? "" : $" as {reference}")}.",
            VendorEvent.Resolved => $"{vendor.Name} reports the case resolved; an agent confirms before the ticket is resolved.",
            _ => $"Update from {vendor.Name}.",
        };
        await SaveAsync(updated, "in", e.Kind, e.Text ?? summary, e.EventId, ct, log: summary);
        var data = new Dictionary<string, string>
        {
            ["workflow"] = "vendor", ["event"] = e.Kind, ["vendorId"] = vendor.Id, ["channel"] = e.Channel, ["eventId"] = e.EventId,
            ["vendorReference"] = reference ?? "",
        };
        await tickets.ChangeAsync(input.TicketNumber, (t, now) =>
        {
            if (e.Kind == VendorEvent.Acknowledged)
            {
                t.RecordVendorAcknowledged(e.At);
            }
            else if (e.Kind == VendorEvent.Resolved)
            {
                t.RecordVendorResolved(e.At);
            }
            t.RecordWorkflowStep($"{summary}{(e.Text is null ? "" : "\n" + e.Text)}", data, isInternal: true, WorkflowTickets.WorkflowActor, now);
        }, ct);
    }

    /// <summary>A target passed: remind the vendor, tell its escalation contact, and note it for the assigned group.</summary>
    public async Task TargetMissedAsync(VendorTargetInput input, CancellationToken ct)
    {
        var (vendorCase, vendor, ticket) = await LoadAsync(input.TicketNumber, ct);
        if (!await markers.TryMarkAsync(input.TicketNumber, "vendor-target:" + input.Target, ct))
        {
            return;
        }
        var subject = $"Overdue {input.Target}: {ticket.Title} [#{ticket.Number}]{(vendorCase.VendorReference is null ? "" : $" (your ref {vendorCase.VendorReference})")}";
        var body = $"The {input.Target} target for our case {ticket.Number} has passed. Please respond as soon as possible.";
        if (vendor.Channel == VendorChannel.Email)
        {
            await mailer.SendAsync(new WorkflowMail(ticket.Number, $"vendor:reminder:{input.Target}", "vendor-reminder", vendor.Email!, vendor.Name, Domain.Common.Language.En, subject, body), ct);
        }
        else
        {
            await webhook.PostAsync(vendor, new { type = "reminder", ticketNumber = ticket.Number, target = input.Target }, ct);
        }
        await mailer.SendAsync(new WorkflowMail(ticket.Number, $"vendor:escalation:{input.Target}", "vendor-escalation", vendor.EscalationContact, null,
            Domain.Common.Language.En, "Escalation: " + subject, body), ct);
        var text = $"{vendor.Name} missed the {input.Target} target: reminder sent, escalated to {vendor.EscalationContact}; group {ticket.AssignmentGroup ?? "(none)"} please follow up.";
        await SaveAsync(vendorCase, "out", "escalation", text, null, ct, log: text);
        await tickets.LogAsync(input.TicketNumber, text, new Dictionary<string, string>
        {
            ["workflow"] = "vendor", ["event"] = "targetMissed", ["target"] = input.Target, ["group"] = ticket.AssignmentGroup ?? "",
        }, ct, isInternal: true);
    }

    public async Task ResolveAsync(VendorEventInput input, CancellationToken ct)
    {
        var (vendorCase, vendor, _) = await LoadAsync(input.TicketNumber, ct);
        var reference = vendorCase.VendorReference;
        var notes = input.Event.Text
            ?? $"Löst av {vendor.Name}{(reference is null ? "" : $" (deras referens {reference})")}. / Resolved by {vendor.Name}{(reference is null ? "" : $" (their reference {reference})")}.";
        await tickets.ChangeAsync(input.TicketNumber, (t, now) =>
        {
            if (t.Status.IsOpen())
            {
                t.Resolve(ResolutionCode.ResolvedByThirdParty, notes, WorkflowTickets.WorkflowActor, now);
            }
        }, ct);
        if (vendorCase.Status != VendorCaseStatus.Closed)
        {
            await SaveAsync(vendorCase with { Status = VendorCaseStatus.Closed }, "out", "closed", notes, null, ct, log: "Resolution confirmed; ticket resolved.");
        }
    }

    /// <summary>The clock's due instants for the orchestration's timers (and, for older code paths, the wall time until them).</summary>
    private static VendorTargets TargetsFrom(Domain.ServiceLevels.VendorClock clock, DateTimeOffset now)
    {
        static TimeSpan AtLeastASecond(TimeSpan span) => span < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : span;
        return new VendorTargets(AtLeastASecond(clock.AcknowledgeDueAt - now), AtLeastASecond(clock.ResolveDueAt - now), clock.AcknowledgeDueAt, clock.ResolveDueAt);
    }

    private static string? FindReference(Vendor vendor, string? text)
    {
        if (vendor.TicketNumberPattern is null || text is null)
        {
            return null;
        }
        var match = Regex.Match(text, vendor.TicketNumberPattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
        return match.Success ? match.Value : null;
    }

    private async Task SaveAsync(VendorCase vendorCase, string direction, string kind, string text, string? eventId, CancellationToken ct, string log)
    {
        var now = time.GetUtcNow();
        vendorCase.Messages.Add(new VendorMessage(now, direction, kind, text, eventId));
        vendorCase.Log.Add(new WorkflowLogEntry(now, kind, log));
        await cases.SaveAsync(vendorCase, ct);
    }

    private async Task<(VendorCase Case, Vendor Vendor, TicketState Ticket)> LoadAsync(string number, CancellationToken ct)
    {
        var vendorCase = await cases.FindAsync(number, ct) ?? throw new InvalidOperationException($"No vendor case for ticket {number}.");
        var vendor = await vendors.FindVendorAsync(vendorCase.CustomerId, vendorCase.VendorId, ct)
            ?? throw new InvalidOperationException($"Vendor {vendorCase.VendorId} no longer exists.");
        var ticket = await tickets.FindAsync(number, ct) ?? throw new InvalidOperationException($"Ticket {number} does not exist.");
        return (vendorCase, vendor, ticket);
    }
}
