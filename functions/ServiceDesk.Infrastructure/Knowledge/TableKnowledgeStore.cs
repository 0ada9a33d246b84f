using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Knowledge;
using ServiceDesk.Domain.Knowledge;
using ServiceDesk.Infrastructure.ServiceLevels;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Knowledge;

/// <summary>
/// The Knowledge table. Partition "article": one row per article (the document as JSON in "Data", its problem number
/// in "ProblemNumber"). Partition "change": one row per save ("{UTC ticks:D19}|{id}"), the change feed search indexes
/// catch up from. Partition "review": "{yyyyMMdd}|{id}" per article with a review-by date (the reminder job reads what is
/// due). Partition "feedback|{id}": one row per verdict. Partition "redirect|{customer}": one row per topic. Partition
/// "outcome|{customer}": deflections and redirects.
/// </summary>
public sealed class TableKnowledgeStore(Tables tables, TimeProvider time) : IKnowledgeStore
{
    private const string ArticlePartition = "article";
    private const string ChangePartition = "change";

    public async Task<(Article Article, string ETag)?> FindAsync(string id, CancellationToken ct)
    {
        var row = await (await Table()).GetEntityIfExistsAsync<TableEntity>(ArticlePartition, id, cancellationToken: ct);
        return row.HasValue ? (Read<Article>(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task<bool> TryInsertAsync(Article article, CancellationToken ct)
    {
        try
        {
            await (await Table()).AddEntityAsync(Row(article), ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
        await ChangedAsync(article, ct);
        return true;
    }

    public async Task SaveAsync(Article article, string etag, CancellationToken ct)
    {
        try
        {
            await (await Table()).UpdateEntityAsync(Row(article), new ETag(etag), TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new PreconditionFailedException($"Article {article.Id} was changed by someone else; read it again.");
        }
        await ChangedAsync(article, ct);
    }

    public async Task<IReadOnlyList<Article>> ListAsync(CancellationToken ct)
    {
        var list = new List<Article>();
        await foreach (var row in (await Table()).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ArticlePartition}"), cancellationToken: ct))
        {
            list.Add(Read<Article>(row));
        }
        return list;
    }

    public async Task<Article?> FindByProblemAsync(string problemNumber, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ArticlePartition} and ProblemNumber eq {problemNumber}");
        await foreach (var row in (await Table()).QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            return Read<Article>(row);
        }
        return null;
    }

    public async Task<IReadOnlyList<(string Id, DateTimeOffset At)>> ChangedSinceAsync(DateTimeOffset after, CancellationToken ct)
    {
        var from = after.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ChangePartition} and RowKey gt {from}");
        var changes = new List<(string, DateTimeOffset)>();
        await foreach (var row in (await Table()).QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct))
        {
            var bar = row.RowKey.IndexOf('|', StringComparison.Ordinal);
            changes.Add((row.RowKey[(bar + 1)..], new DateTimeOffset(long.Parse(row.RowKey.AsSpan(0, bar), CultureInfo.InvariantCulture), TimeSpan.Zero)));
        }
        return changes;
    }

    public async Task AddFeedbackAsync(ArticleFeedback feedback, CancellationToken ct) =>
        await (await Table()).AddEntityAsync(new TableEntity("feedback|" + feedback.ArticleId,
            $"{feedback.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{KeyEncoder.Encode(feedback.UserId)}")
        {
            ["Data"] = JsonSerializer.Serialize(feedback, SlaJson.Options),
            ["Helpful"] = feedback.Helpful,
        }, ct);

    public async Task<IReadOnlyList<ArticleFeedback>> ListFeedbackAsync(string articleId, CancellationToken ct)
    {
        var list = new List<ArticleFeedback>();
        await foreach (var row in (await Table()).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"feedback|" + articleId}"), cancellationToken: ct))
        {
            list.Add(Read<ArticleFeedback>(row));
        }
        return list;
    }

    public async Task RecordOutcomeAsync(GuidanceOutcome outcome, CancellationToken ct) =>
        await (await Table()).UpsertEntityAsync(new TableEntity("outcome|" + outcome.CustomerId,
            $"{outcome.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{outcome.Kind}|{KeyEncoder.Encode(outcome.TicketNumber ?? outcome.UserId)}")
        {
            ["Data"] = JsonSerializer.Serialize(outcome, SlaJson.Options),
        }, TableUpdateMode.Replace, ct);

    public async Task<IReadOnlyList<GuidanceOutcome>> ListOutcomesAsync(string customerId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {"outcome|" + customerId} and RowKey ge {from.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)} and RowKey lt {to.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}");
        var list = new List<GuidanceOutcome>();
        await foreach (var row in (await Table()).QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(Read<GuidanceOutcome>(row));
        }
        return list;
    }

    public async Task<IReadOnlyList<RedirectTopic>> GetRedirectsAsync(string customerId, CancellationToken ct)
    {
        var list = new List<(int Order, RedirectTopic Topic)>();
        await foreach (var row in (await Table()).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"redirect|" + customerId}"), cancellationToken: ct))
        {
            list.Add((row.GetInt32("Order") ?? 0, Read<RedirectTopic>(row)));
        }
        return list.OrderBy(t => t.Order).Select(t => t.Topic).ToList();
    }

    /// <summary>One row per topic (a topic's guidance may be long); topics no longer listed are deleted.</summary>
    public async Task PutRedirectsAsync(string customerId, IReadOnlyList<RedirectTopic> topics, CancellationToken ct)
    {
        var table = await Table();
        var partition = "redirect|" + customerId;
        var wanted = topics.Select((t, i) => new TableEntity(partition, KeyEncoder.Encode(t.Id)) { ["Data"] = JsonSerializer.Serialize(t, SlaJson.Options), ["Order"] = i }).ToList();
        var keys = wanted.Select(w => w.RowKey).ToHashSet(StringComparer.Ordinal);
        var actions = new List<TableTransactionAction>(wanted.Select(w => new TableTransactionAction(TableTransactionActionType.UpsertReplace, w)));
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: ct))
        {
            if (!keys.Contains(row.RowKey))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row.RowKey), ETag.All));
            }
        }
        foreach (var chunk in actions.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk, ct);
        }
    }

    /// <summary>The change-feed row, and the article's entry in the review index (a date moved later leaves a stale entry the reminder job drops).</summary>
    private async Task ChangedAsync(Article article, CancellationToken ct)
    {
        var table = await Table();
        await table.UpsertEntityAsync(new TableEntity(ChangePartition,
            $"{time.GetUtcNow().UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{article.Id}"), TableUpdateMode.Replace, ct);
        if (article.ReviewBy is { } reviewBy && article.Status != ArticleStatus.Archived)
        {
            await table.UpsertEntityAsync(new TableEntity(ReviewPartition, ReviewKey(reviewBy, article.Id)) { ["ArticleId"] = article.Id }, TableUpdateMode.Replace, ct);
        }
    }

    private const string ReviewPartition = "review";

    private static string ReviewKey(DateOnly day, string id) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "|" + id;

    public async Task<IReadOnlyList<(string ArticleId, DateOnly ReviewBy)>> ReviewsDueAsync(DateOnly day, CancellationToken ct)
    {
        var upTo = day.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var list = new List<(string, DateOnly)>();
        await foreach (var row in (await Table()).QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {ReviewPartition} and RowKey lt {upTo}"), select: ["RowKey"], cancellationToken: ct))
        {
            var bar = row.RowKey.IndexOf('|', StringComparison.Ordinal);
            list.Add((row.RowKey[(bar + 1)..], DateOnly.ParseExact(row.RowKey[..bar], "yyyyMMdd", CultureInfo.InvariantCulture)));
        }
        return list;
    }

    public async Task RemoveReviewAsync(string articleId, DateOnly reviewBy, CancellationToken ct)
    {
        try
        {
            await (await Table()).DeleteEntityAsync(ReviewPartition, ReviewKey(reviewBy, articleId), ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    private static TableEntity Row(Article article) => new(ArticlePartition, article.Id)
    {
        ["Data"] = JsonSerializer.Serialize(article, SlaJson.Options),
        ["ProblemNumber"] = article.ProblemNumber,
    };

    private static T Read<T>(TableEntity row) =>
        JsonSerializer.Deserialize<T>(row.GetString("Data"), SlaJson.Options) ?? throw new InvalidDataException($"Row {row.RowKey} is empty.");

    private ValueTask<TableClient> Table() => tables.GetAsync(tables.Names.Knowledge);
}
