using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Workflows;

/// <summary>
/// The workflow tables (with the configured prefix), created once per process: <c>Catalog</c> (per customer:
/// catalogue items, users, vendors), <c>Approvals</c> (approval records, single-use markers) and
/// <c>WorkflowMail</c> (mails the workflows sent, per ticket).
/// </summary>
public sealed class WorkflowTables(TableServiceClient service, IOptions<StorageOptions> options)
{
    private Task? _created;

    public string Catalog => options.Value.TablePrefix + "Catalog";
    public string Approvals => options.Value.TablePrefix + "Approvals";
    public string WorkflowMail => options.Value.TablePrefix + "WorkflowMail";
    public string VendorCases => options.Value.TablePrefix + "VendorCases";

    public async ValueTask<TableClient> GetAsync(string name)
    {
        var task = _created;
        if (task is null || task.IsFaulted || task.IsCanceled)
        {
            var fresh = Task.WhenAll(new[] { Catalog, Approvals, WorkflowMail, VendorCases }.Select(n => service.CreateTableIfNotExistsAsync(n)));
            task = Interlocked.CompareExchange(ref _created, fresh, task) == task ? fresh : _created!;
        }
        await task;
        return service.GetTableClient(name);
    }
}
