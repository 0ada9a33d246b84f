using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Tickets;

/// <summary>
/// Allocates ticket numbers from one counter row per kind (Counters table, partition "ticket-numbers").
/// Each instance reserves a block of <see cref="TicketOptions.NumberBlockSize"/> numbers with one
/// optimistic update (ETag) and hands them out from memory, so a create costs a storage round trip for
/// its number only once per block. Concurrent instances that collide get 412 and retry on the fresh value,
/// so no number is handed out twice; numbers of a block left unused when an instance stops are skipped.
/// </summary>
public sealed class TableTicketNumberAllocator(Tables tables, IOptions<TicketOptions> options) : ITicketNumberAllocator
{
    private const string PartitionKey = "ticket-numbers";
    private const int MaxAttempts = 100;

    private readonly ConcurrentDictionary<TicketKind, Block> _blocks = new();

    private sealed class Block
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public long Next;
        public long End;
        public long CounterValue;
        public ETag? CounterETag;
    }

    public async ValueTask<TicketNumber> NextAsync(TicketKind kind, CancellationToken cancellationToken)
    {
        var block = _blocks.GetOrAdd(kind, _ => new Block());
        await block.Gate.WaitAsync(cancellationToken);
        try
        {
            if (block.Next >= block.End)
            {
                await ReserveAsync(kind, block, cancellationToken);
            }
            return new TicketNumber(kind, block.Next++);
        }
        finally
        {
            block.Gate.Release();
        }
    }

    private async Task ReserveAsync(TicketKind kind, Block block, CancellationToken cancellationToken)
    {
        var size = Math.Max(1, options.Value.NumberBlockSize);
        var client = await tables.GetAsync(tables.Names.Counters);
        var rowKey = TicketNumber.PrefixOf(kind);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (block.CounterETag is null)
            {
                var current = await client.GetEntityIfExistsAsync<TableEntity>(PartitionKey, rowKey, cancellationToken: cancellationToken);
                if (!current.HasValue)
                {
                    try
                    {
                        var created = await client.AddEntityAsync(new TableEntity(PartitionKey, rowKey) { ["Next"] = 1L + size }, cancellationToken);
                        Take(block, 1, size, created.Headers.ETag!.Value);
                        return;
                    }
                    catch (RequestFailedException e) when (e.Status == 409)
                    {
                        continue;
                    }
                }
                block.CounterValue = current.Value!.GetInt64("Next") ?? 1;
                block.CounterETag = current.Value.ETag;
            }
            var start = block.CounterValue;
            try
            {
                var updated = await client.UpdateEntityAsync(
                    new TableEntity(PartitionKey, rowKey) { ["Next"] = start + size }, block.CounterETag.Value, TableUpdateMode.Replace, cancellationToken);
                Take(block, start, size, updated.Headers.ETag!.Value);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                // Another instance took a block first: read the counter again and retry after a short random pause.
                block.CounterETag = null;
                await Task.Delay(Random.Shared.Next(1, 10 + attempt * 5), cancellationToken);
            }
        }
        throw new InvalidOperationException($"Could not reserve {kind} ticket numbers after {MaxAttempts} attempts.");
    }

    private static void Take(Block block, long start, int size, ETag etag)
    {
        block.Next = start;
        block.End = start + size;
        block.CounterValue = start + size;
        block.CounterETag = etag;
    }
}
