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
/// optimistic update (ETag) and hands them out from memory; the next block is reserved in the background
/// once half of the current one is used, so a create normally spends no storage round trip on its number. Concurrent instances that collide get 412 and retry on the fresh value,
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
        /// <summary>The next block, reserved in the background once half of the current one is used.</summary>
        public Task<(long Start, long End)>? Prefetch;
    }

    /// <summary>Reserves a first block of every kind, so that no request pays for reading the counters.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var reservations = new List<Task>();
        foreach (var kind in Enum.GetValues<TicketKind>())
        {
            var block = _blocks.GetOrAdd(kind, _ => new Block());
            await block.Gate.WaitAsync(cancellationToken);
            try
            {
                if (block.Next >= block.End && block.Prefetch is null)
                {
                    block.Prefetch = ReserveAsync(kind, block, CancellationToken.None);
                    reservations.Add(block.Prefetch);
                }
            }
            finally
            {
                block.Gate.Release();
            }
        }
        await Task.WhenAll(reservations);
    }

    public async ValueTask<TicketNumber> NextAsync(TicketKind kind, CancellationToken cancellationToken)
    {
        var block = _blocks.GetOrAdd(kind, _ => new Block());
        await block.Gate.WaitAsync(cancellationToken);
        try
        {
            if (block.Next >= block.End)
            {
                var (start, end) = await NextBlockAsync(kind, block, cancellationToken);
                block.Next = start;
                block.End = end;
            }
            var number = new TicketNumber(kind, block.Next++);
            if (block.Prefetch is null && block.End - block.Next <= Math.Max(1, options.Value.NumberBlockSize) / 2)
            {
                block.Prefetch = ReserveAsync(kind, block, CancellationToken.None);
            }
            return number;
        }
        finally
        {
            block.Gate.Release();
        }
    }

    private async Task<(long Start, long End)> NextBlockAsync(TicketKind kind, Block block, CancellationToken cancellationToken)
    {
        var prefetch = block.Prefetch;
        block.Prefetch = null;
        if (prefetch is not null)
        {
            try
            {
                return await prefetch;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The background reservation failed (storage hiccup): reserve inline, which surfaces a lasting failure.
                block.CounterETag = null;
            }
        }
        return await ReserveAsync(kind, block, cancellationToken);
    }

    private async Task<(long Start, long End)> ReserveAsync(TicketKind kind, Block block, CancellationToken cancellationToken)
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
                        return Take(block, 1, size, created.Headers.ETag!.Value);
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
                return Take(block, start, size, updated.Headers.ETag!.Value);
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

    private static (long Start, long End) Take(Block block, long start, int size, ETag etag)
    {
        block.CounterValue = start + size;
        block.CounterETag = etag;
        return (start, start + size);
    }
}
