using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>The third parties of each customer.</summary>
public interface IVendorRegistry
{
    Task<Vendor?> FindVendorAsync(string customerId, string vendorId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Vendor>> ListVendorsAsync(string customerId, CancellationToken cancellationToken);
    Task UpsertVendorAsync(Vendor vendor, CancellationToken cancellationToken);
}
