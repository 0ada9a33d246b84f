using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;

namespace ServiceDesk.Application.Intake;

/// <summary>What people do with the intake: admins work through rejected messages; staff look at correlated alerts.</summary>
public sealed class IntakeAdministration(IRejectedMessageStore rejections, IIntakeStore correlations)
{
    public Task<Page<RejectedMessage>> ListRejectionsAsync(Caller caller, string? pageSize, string? continuationToken, CancellationToken ct)
    {
        RequireAdmin(caller);
        var errors = new FieldErrors();
        var size = ContinuationToken.PageSize(errors, pageSize);
        errors.ThrowIfAny();
        return rejections.ListAsync(size, continuationToken, ct);
    }

    /// <summary>"Completes" a rejection once someone has dealt with it (fixed the sender, re-sent the message...).</summary>
    public async Task CompleteRejectionAsync(Caller caller, string id, CancellationToken ct)
    {
        RequireAdmin(caller);
        if (id.Length is 0 or > 100 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || !await rejections.DeleteAsync(id, ct))
        {
            throw new NotFoundException($"No rejected message with id '{(id.Length <= 100 ? id : id[..100])}'.");
        }
    }

    /// <summary>The customer's correlated alerts: episode, ticket, occurrences, first and last seen.</summary>
    public Task<Page<CorrelationState>> ListCorrelationsAsync(Caller caller, string? customerId, string? pageSize, string? continuationToken, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var size = ContinuationToken.PageSize(errors, pageSize);
        if (customerId is null || !CustomerId.IsValid(customerId))
        {
            errors.Add("customerId", FieldRule.Required, "Give the customer: ?customerId=contoso.");
        }
        errors.ThrowIfAny();
        if (!caller.IsStaff || !caller.Serves(customerId!))
        {
            throw new NotFoundException($"Customer '{customerId}' was not found.");
        }
        return correlations.ListAsync(customerId!, size, continuationToken, ct);
    }

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.Has(Role.Admin))
        {
            throw new ForbiddenException("Only administrators may work with rejected intake messages.");
        }
    }
}
