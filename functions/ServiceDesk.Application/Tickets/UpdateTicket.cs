using System.Text;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>Edit a ticket's title, description and classification (If-Match required).</summary>
public sealed partial class TicketCommands
{
    public Task<StoredTicket> UpdateAsync(Caller caller, string number, string? ifMatch, UpdateTicketInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var changes = new TicketChanges
        {
            Title = errors.Text("title", input.Title, Limits.TitleLength, required: false),
            Description = errors.Text("description", input.Description, Limits.DescriptionLength, required: false),
            Category = errors.Text("category", input.Category, Limits.ShortTextLength, required: false),
            Service = errors.Text("service", input.Service, Limits.ShortTextLength, required: false),
            ConfigurationItem = errors.Text("configurationItem", input.ConfigurationItem, Limits.ShortTextLength, required: false),
            Impact = errors.Enum<Impact>("impact", input.Impact, required: false),
            Urgency = errors.Enum<Urgency>("urgency", input.Urgency, required: false),
        };
        errors.ThrowIfAny();
        if (changes.IsEmpty)
        {
            throw ValidationException.For("body", FieldRule.Required, "Nothing to change: send at least one of title, description, category, service, configurationItem, impact, urgency.");
        }
        var onlyDescriptive = changes with { Title = null, Description = null };
        var action = onlyDescriptive.IsEmpty ? TicketAction.EditDescription : TicketAction.EditClassification;
        return ChangeAsync(caller, number, ifMatch, ifMatchRequired: true, action,
            (t, actor, now) => t.Update(changes, actor, now), ct);
    }
}
