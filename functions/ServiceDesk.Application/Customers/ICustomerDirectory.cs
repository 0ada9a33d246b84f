using ServiceDesk.Domain.Customers;

namespace ServiceDesk.Application.Customers;

/// <summary>The registry of customer organisations.</summary>
public interface ICustomerDirectory
{
    Task<Customer?> FindAsync(string id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Customer>> ListAsync(CancellationToken cancellationToken);
    Task UpsertAsync(Customer customer, CancellationToken cancellationToken);
}
