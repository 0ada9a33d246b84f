using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>Customer workflow data: the service catalogue and the customer's user directory.</summary>
public interface ICatalogStore
{
    Task<CatalogItem?> FindItemAsync(string customerId, string itemId, CancellationToken cancellationToken);
    Task<IReadOnlyList<CatalogItem>> ListItemsAsync(string customerId, CancellationToken cancellationToken);
    Task UpsertItemAsync(CatalogItem item, CancellationToken cancellationToken);
    Task<CustomerUser?> FindUserAsync(string customerId, string userId, CancellationToken cancellationToken);
    Task<CustomerUser?> FindUserByEmailAsync(string customerId, string email, CancellationToken cancellationToken);
    Task<IReadOnlyList<CustomerUser>> ListUsersAsync(string customerId, CancellationToken cancellationToken);
    Task UpsertUserAsync(CustomerUser user, CancellationToken cancellationToken);
}

/// <summary>Approval records, single-use markers (link tokens, mails sent) and the mails the workflows send.</summary>
public interface IApprovalStore
{
    Task<ApprovalState?> FindAsync(string ticketNumber, CancellationToken cancellationToken);
    Task SaveAsync(ApprovalState record, CancellationToken cancellationToken);
    Task<IReadOnlyList<ApprovalState>> ListWaitingAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>Marks <paramref name="key"/> as used for the ticket; false when it already was (single use, idempotent sends).</summary>
    Task<bool> TryMarkAsync(string ticketNumber, string key, CancellationToken cancellationToken);
}
