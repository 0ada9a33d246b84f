using ServiceDesk.Application.Common;
using ServiceDesk.Application.Intake;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Security;

namespace ServiceDesk.Application.Operations;

/// <summary>A message the host gave up on (moved to "{queue}-poison" after its attempts), as stored.</summary>
/// <param name="Text">The message text as stored in the queue.</param>
/// <param name="Body">The text decoded from base64 when it is base64 of UTF-8 (how the app and the Functions host write), else the text.</param>
public sealed record PoisonMessage(string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, string Text, string Body);

public sealed record PoisonQueueSummary(string Queue, string PoisonQueue, int ApproximateMessages);

public sealed record RedriveInput
{
    public int? Max { get; init; }
}

/// <summary>The storage side: messages are copied as stored (no decoding), so a redriven message is byte for byte the original.</summary>
public interface IPoisonQueueStore
{
    Task<int> ApproximateCountAsync(string queue, CancellationToken ct);

    Task<IReadOnlyList<PoisonMessage>> PeekAsync(string queue, int max, CancellationToken ct);

    /// <summary>Moves up to <paramref name="max"/> messages from <paramref name="from"/> to <paramref name="to"/>; returns how many moved.</summary>
    Task<int> MoveAsync(string from, string to, int max, CancellationToken ct);
}

/// <summary>
/// Admins: what the queue triggers gave up on (storage down for all attempts, a bug), looked at and sent back once the
/// cause is fixed. Nothing is ever dropped: a poison message stays until redriven.
/// </summary>
public sealed class PoisonQueueAdministration(IPoisonQueueStore store)
{
    /// <summary>The app's queue-triggered functions: their poison queues are the ones the host fills.</summary>
    public static readonly IReadOnlyList<string> Queues = [IntakeQueue.Name, MailQueue.Name, MajorIncidents.MajorIncidentQueue.Name, Privacy.PrivacyQueue.Name];

    public const int MaxPeek = 32;
    public const int MaxRedrive = 1000;
    public const int DefaultRedrive = 100;

    public static string PoisonOf(string queue) => queue + "-poison";

    public async Task<IReadOnlyList<PoisonQueueSummary>> ListAsync(Caller caller, CancellationToken ct)
    {
        RequireAdmin(caller);
        var summaries = new List<PoisonQueueSummary>();
        foreach (var queue in Queues)
        {
            summaries.Add(new PoisonQueueSummary(queue, PoisonOf(queue), await store.ApproximateCountAsync(PoisonOf(queue), ct)));
        }
        return summaries;
    }

    public async Task<IReadOnlyList<PoisonMessage>> PeekAsync(Caller caller, string queue, string? max, CancellationToken ct)
    {
        RequireAdmin(caller);
        var known = Known(queue);
        var count = MaxPeek;
        if (max is not null && (!int.TryParse(max, out count) || count is < 1 or > MaxPeek))
        {
            throw ValidationException.For("max", FieldRule.Range, $"Give 1 to {MaxPeek} (the most a queue shows at once).", FieldErrors.Args(("min", 1), ("max", MaxPeek)));
        }
        return await store.PeekAsync(PoisonOf(known), count, ct);
    }

    /// <summary>Sends poison messages back to their queue (oldest first), e.g. after an outage; at least once.</summary>
    public async Task<int> RedriveAsync(Caller caller, string queue, RedriveInput input, CancellationToken ct)
    {
        RequireAdmin(caller);
        var known = Known(queue);
        if (input.Max is < 1 or > MaxRedrive)
        {
            throw ValidationException.For("max", FieldRule.Range, $"Give 1 to {MaxRedrive} (default {DefaultRedrive}).", FieldErrors.Args(("min", 1), ("max", MaxRedrive)));
        }
        return await store.MoveAsync(PoisonOf(known), known, input.Max ?? DefaultRedrive, ct);
    }

    private static string Known(string queue) =>
        Queues.FirstOrDefault(q => q == queue)
        ?? throw new NotFoundException($"No queue '{(queue.Length <= 100 ? queue : queue[..100])}'. Queues: {string.Join(", ", Queues)}.");

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.Has(Role.Admin))
        {
            throw new ForbiddenException("Only administrators may work with poison queues.");
        }
    }
}
