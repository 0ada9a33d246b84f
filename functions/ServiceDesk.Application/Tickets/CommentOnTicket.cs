using System.Text;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>Public comments and internal notes.</summary>
public sealed partial class TicketCommands
{
    /// <summary>Comments append without losing anything, so If-Match is optional here (checked when sent).</summary>
    public Task<StoredTicket> CommentAsync(Caller caller, string number, string? ifMatch, CommentInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var text = errors.Text("text", input.Text, Limits.CommentLength, required: true);
        var visibility = input.Visibility?.Trim().ToLowerInvariant() ?? "public";
        if (visibility is not ("public" or "internal"))
        {
            errors.Add("visibility", FieldRule.NotAllowed, "'visibility' must be 'public' or 'internal'.");
        }
        errors.ThrowIfAny();
        var isInternal = visibility == "internal";
        return ChangeAsync(caller, number, ifMatch, ifMatchRequired: false,
            isInternal ? TicketAction.InternalNote : TicketAction.Comment,
            (t, actor, now) => t.Comment(text!, isInternal, actor, now), ct);
    }
}
