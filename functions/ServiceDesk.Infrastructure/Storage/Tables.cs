using Azure.Data.Tables;

namespace ServiceDesk.Infrastructure.Storage;

/// <summary>Table clients over one shared <see cref="TableServiceClient"/>; creates the tables once per process.</summary>
public sealed class Tables(TableServiceClient service, TableNames names)
{
    private Task? _created;

    public TableNames Names { get; } = names;

    public async ValueTask<TableClient> GetAsync(string name)
    {
        var created = _created;
        if (created is null || !created.IsCompletedSuccessfully)
        {
            await EnsureCreatedAsync();
        }
        return service.GetTableClient(name);
    }

    private async Task EnsureCreatedAsync()
    {
        var task = _created;
        if (task is null || task.IsFaulted || task.IsCanceled)
        {
            // A failed creation (storage down) must not poison the process: the next call tries again.
            var fresh = Task.WhenAll(Names.All.Select(n => service.CreateTableIfNotExistsAsync(n)));
            task = Interlocked.CompareExchange(ref _created, fresh, task) == task ? fresh : _created!;
        }
        await task;
    }
}
