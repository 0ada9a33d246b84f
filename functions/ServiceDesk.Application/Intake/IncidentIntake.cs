using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Intake;

/// <summary>
/// Turns messages from other services into the right tickets, whatever transport delivered them (the storage queue
/// function today; a Service Bus trigger would be another thin adapter calling <see cref="HandleAsync"/>).
/// <list type="bullet">
/// <item>Permanent failures (invalid JSON, schema violations, unknown customer, too large) are recorded as rejections
/// and the call returns normally, so the transport does not retry them.</item>
/// <item>Transient failures (storage unreachable) throw, so the transport's retries and poison queue apply; every
/// step is safe to repeat.</item>
/// <item>A message's claim (source, sourceId) is written in the same transaction as its effect on the correlation
/// state, so it is counted exactly once; ticket work a claim requires (create, note, resolve) is marked done on the
/// claim afterwards and finished by a redelivery if the first attempt died half-way.</item>
/// </list>
/// </summary>
public sealed partial class IncidentIntake(
    IIntakeStore store,
    IRejectedMessageStore rejections,
    ITicketStore tickets,
    TicketCommands commands,
    TicketUpdater updater,
    ICustomerDirectory customers,
    IOptions<IntakeOptions> options,
    TimeProvider time,
    ILogger<IncidentIntake> logger,
    MajorIncidents.IMajorIncidentStore? majorIncidents = null)
{
    public const string ActorId = "intake";
    public const string ReferenceKey = "intakeMessage";
    private const int MaxAttempts = 25;
    private static readonly JsonSerializerOptions DraftJson = new(JsonSerializerDefaults.Web);

    private readonly KeyedLocks _locks = new();

    public async Task<IntakeResult> HandleAsync(string body, IntakeDelivery delivery, CancellationToken cancellationToken)
    {
        IncidentMessage? message = null;
        using var span = ServiceDeskTelemetry.Start(ServiceDeskTelemetry.Spans.Intake);
        span?.SetTag(ServiceDeskTelemetry.Channel, delivery.Transport);
        try
        {
            var size = Encoding.UTF8.GetByteCount(body);
            if (size > options.Value.MaxMessageBytes)
            {
                throw new IntakeRejectedException(RejectionReasons.TooLarge,
                    $"The message is {size} bytes; at most {options.Value.MaxMessageBytes} are accepted.");
            }
            message = IncidentMessageParser.Parse(body);
            var customer = await customers.FindAsync(message.CustomerId, cancellationToken)
                ?? throw new IntakeRejectedException(RejectionReasons.UnknownCustomer,
                    $"Customer '{message.CustomerId}' is not in the customer registry.");
            var result = await ProcessAsync(message, customer, cancellationToken);
            LogOutcome(logger, result.Outcome, message.Source, result.TicketNumber);
            span?.SetTag(ServiceDeskTelemetry.TicketNumber, result.TicketNumber);
            span?.SetTag(ServiceDeskTelemetry.Outcome, result.Outcome.ToString());
            return result;
        }
        catch (IntakeRejectedException e)
        {
            await RejectAsync(body, delivery, message, e.Reason, e.Message, cancellationToken);
            return new IntakeResult(IntakeOutcome.Rejected, null, e.Reason);
        }
        catch (ValidationException e)
        {
            // The parser applies the ticket rules first, so this is a gap between the two: still permanent.
            var detail = string.Join(" ", e.Errors.SelectMany(kv => kv.Value.Select(m => $"{kv.Key}: {m}")));
            await RejectAsync(body, delivery, message, RejectionReasons.Unprocessable, detail, cancellationToken);
            return new IntakeResult(IntakeOutcome.Rejected, null, RejectionReasons.Unprocessable);
        }
    }

    private async Task RejectAsync(string body, IntakeDelivery delivery, IncidentMessage? message, string reason, string detail, CancellationToken ct)
    {
        // The transport's id makes a redelivered rejection overwrite its first record; without one, the body's hash does.
        var id = delivery.MessageId is { Length: > 0 and <= 100 } messageId && messageId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? messageId
            : "sha-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..40].ToLowerInvariant();
        var truncated = body.Length > RejectedMessage.MaxBodyChars;
        await rejections.RecordAsync(new RejectedMessage(
            id, reason, detail.Length > 4000 ? detail[..4000] : detail, delivery.Transport, delivery.MessageId, delivery.DeliveryCount,
            time.GetUtcNow(), message?.Source, message?.SourceId, message?.CustomerId,
            truncated ? body[..RejectedMessage.MaxBodyChars] : body, truncated), ct);
        LogRejected(logger, reason, delivery.Transport, delivery.MessageId);
        ServiceDeskTelemetry.IntakeRejected(reason);
        System.Diagnostics.Activity.Current?.SetTag(ServiceDeskTelemetry.Outcome, nameof(IntakeOutcome.Rejected)).SetTag(ServiceDeskTelemetry.Reason, reason);
    }

    private async Task<IntakeResult> ProcessAsync(IncidentMessage m, Customer customer, CancellationToken ct)
    {
        var id = CorrelationId.For(m);
        using var held = await _locks.AcquireAsync(id.Hash, ct);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var state = await store.GetAsync(id, ct);
            if (state is { TicketNumber: null, Episode: > 0 })
            {
                // Another process claimed this episode and has not linked its ticket yet (or died before it could):
                // writing the ticket is idempotent, so finish it rather than wait.
                await EnsureTicketAsync(id, state, null, ct);
                continue;
            }
            var ticket = state?.TicketNumber is { } number ? await tickets.FindAsync(number, ct) : null;
            var open = ticket is not null && ticket.State.Status.IsOpen();
            // The occurrence that reaches the customer's storm threshold is noted at once (not only every
            // RecurrenceNoteSeconds), so the note's ticket change proposes the major incident.
            var stormDue = open && m.Status == AlertStatus.Firing && majorIncidents is not null && ticket!.State.MajorIncidentProposedAt is null
                && state!.Occurrences + 1 >= await StormThresholdAsync(customer.Id, ct);
            var now = time.GetUtcNow();
            var (claim, next, noteDue) = IntakeDecision.Decide(m, id, state, open, customer.ResolveOnAlertRecovery,
                TimeSpan.FromSeconds(options.Value.RecurrenceNoteSeconds), now, () => JsonSerializer.Serialize(TicketInput(m), DraftJson), stormDue);
            var commit = await store.CommitAsync(id, claim, next, next is null ? null : state, ct);
            if (commit.Result == CommitResult.Committed)
            {
                switch (claim.Outcome)
                {
                    case IntakeOutcome.Created:
                        return new IntakeResult(IntakeOutcome.Created, await EnsureTicketAsync(id, next!, claim, ct));
                    case IntakeOutcome.Recurred when noteDue:
                    case IntakeOutcome.Recovered or IntakeOutcome.Resolved:
                        await ApplyAsync(id, claim, customer, checkDone: false, ct);
                        break;
                }
            }

            switch (commit.Result)
            {
                case CommitResult.Committed:
                    return new IntakeResult(claim.Outcome, claim.TicketNumber);
                case CommitResult.Duplicate:
                    var existing = commit.Existing!;
                    if (!existing.Applied)
                    {
                        await ApplyAsync(id, existing, customer, checkDone: true, ct);
                    }
                    return new IntakeResult(IntakeOutcome.Duplicate, existing.TicketNumber ?? (await store.GetAsync(id, ct))?.TicketNumber);
            }
            // Conflict: the state changed since it was read (another process); decide again.
        }
        throw new InvalidOperationException($"Correlation {id.Hash} stayed contended for {MaxAttempts} attempts; the message will be retried.");
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Threshold, DateTimeOffset Until)> _stormThresholds = new(StringComparer.Ordinal);

    /// <summary>The customer's storm threshold, read at most once per <see cref="MajorIncidents.MajorIncidentCatalog.CacheFor"/> per customer.</summary>
    private async Task<int> StormThresholdAsync(string customerId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_stormThresholds.TryGetValue(customerId, out var cached) && cached.Until > now)
        {
            return cached.Threshold;
        }
        var threshold = (await majorIncidents!.GetSettingsAsync(customerId, ct))?.StormThreshold ?? MajorIncidents.MajorIncidentSettings.DefaultStormThreshold;
        _stormThresholds[customerId] = (threshold, now + MajorIncidents.MajorIncidentCatalog.CacheFor);
        return threshold;
    }

    /// <summary>Does the ticket work a claim requires, then marks the claim done.</summary>
    private async Task ApplyAsync(CorrelationId id, MessageClaim claim, Customer customer, bool checkDone, CancellationToken ct)
    {
        if (claim.Outcome == IntakeOutcome.Created)
        {
            var state = await store.GetAsync(id, ct);
            if (state is { TicketNumber: null } && state.Episode == claim.Episode)
            {
                await EnsureTicketAsync(id, state, claim, ct);
                return;
            }
            await store.CompleteAsync(id, claim with { TicketNumber = state?.TicketNumber }, null, null, ct);
            return;
        }
        if (claim.TicketNumber is { } number)
        {
            await ChangeTicketAsync(id, number, claim, customer, checkDone, ct);
        }
        await store.CompleteAsync(id, claim, null, null, ct);
    }

    private async Task ChangeTicketAsync(CorrelationId id, string number, MessageClaim claim, Customer customer, bool checkDone, CancellationToken ct)
    {
        if (checkDone && await HasActivityForAsync(number, claim.Reference, ct))
        {
            return;
        }
        var actor = new Actor(ActorId, claim.Source);
        await updater.ChangeAsync(number, async (stored, ticket, now) =>
        {
            if (!stored.State.Status.IsOpen())
            {
                return false; // Resolved or closed meanwhile: the counter keeps the occurrence; nothing to note on a finished ticket.
            }
            var state = await store.GetAsync(id, ct);
            var occurrences = state?.Occurrences ?? 0;
            var data = new Dictionary<string, string>
            {
                [ReferenceKey] = claim.Reference,
                ["occurrences"] = occurrences.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["lastSeenAt"] = (state?.LastSeenAt ?? claim.ReceivedAt).ToString("O"),
            };
            if (claim.Outcome == IntakeOutcome.Recurred)
            {
                ticket.NoteAlertRecurrence($"{claim.Source} raised this alert again: {occurrences} occurrences, last seen {state?.LastSeenAt:u}.", data, actor, now);
                if (ticket.State.MajorIncidentProposedAt is null && majorIncidents is not null)
                {
                    var threshold = (await majorIncidents.GetSettingsAsync(customer.Id, ct))?.StormThreshold ?? MajorIncidents.MajorIncidentSettings.DefaultStormThreshold;
                    ticket.ProposeMajorIncident(occurrences, threshold, actor, now);
                }
            }
            else
            {
                ticket.NoteAlertRecovery($"{claim.Source} reports recovery after {occurrences} occurrences.", data, actor, now);
                if (claim.Outcome == IntakeOutcome.Resolved)
                {
                    ticket.Resolve(ResolutionCode.Solved,
                        $"Löst automatiskt: {claim.Source} rapporterade att larmet har återställts. / Resolved automatically: {claim.Source} reported that the alert recovered (customer setting resolveOnAlertRecovery).", actor, now);
                }
            }
            return true;
        }, ct);
    }

    /// <summary>Opens the episode's ticket (idempotently, through the ticket core's Idempotency-Key) and links it to the state.</summary>
    private async Task<string> EnsureTicketAsync(CorrelationId id, CorrelationState episode, MessageClaim? claim, CancellationToken ct)
    {
        var input = JsonSerializer.Deserialize<CreateTicketInput>(episode.Draft, DraftJson)
            ?? throw new InvalidOperationException("Stored ticket draft is empty.");
        var caller = new Caller(ActorId, episode.Source, null, episode.CustomerId, new HashSet<Role> { Role.Integration }, [episode.CustomerId]);
        var created = await commands.CreateAsync(caller, input, $"intake-{id.Hash}-{episode.Episode}", ct);
        var number = created.Ticket.State.Number;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(id, ct);
            if (current is null || current.Episode != episode.Episode || current.TicketNumber is not null)
            {
                if (claim is not null)
                {
                    await store.CompleteAsync(id, claim with { TicketNumber = number }, null, null, ct);
                }
                return number;
            }
            if (await store.CompleteAsync(id, claim is null ? null : claim with { TicketNumber = number }, current with { TicketNumber = number }, current, ct))
            {
                return number;
            }
        }
        throw new InvalidOperationException($"Correlation {id.Hash} stayed contended while linking ticket {number}.");
    }

    private async Task<bool> HasActivityForAsync(string number, string reference, CancellationToken ct)
    {
        string? token = null;
        for (var page = 0; page < 50; page++)
        {
            var activities = await tickets.ListActivityAsync(number, includeInternal: true, Limits.MaxPageSize, token, ct);
            if (activities.Items.Any(a => a.Data.TryGetValue(ReferenceKey, out var r) && r == reference))
            {
                return true;
            }
            token = activities.ContinuationToken;
            if (token is null)
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>The ticket a message opens, as the ticket core's create input (its rules apply unchanged).</summary>
    public static CreateTicketInput TicketInput(IncidentMessage m)
    {
        var footer = $"\n\n— Raised by {m.Source} (event {m.SourceId}) at {m.OccurredAt:u}.";
        var description = (m.Description ?? m.Title).TrimEnd();
        if (description.Length + footer.Length > Limits.DescriptionLength)
        {
            description = description[..(Limits.DescriptionLength - footer.Length)];
        }
        return new CreateTicketInput
        {
            Kind = nameof(TicketKind.Incident),
            Title = m.Title,
            Description = description + footer,
            Service = m.Service,
            ConfigurationItem = m.ConfigurationItem,
            Impact = m.Impact.ToString(),
            Urgency = m.Urgency.ToString(),
            CustomerId = m.CustomerId,
            Channel = nameof(Channel.Queue),
            Requester = m.Requester is { } r
                ? new RequesterInput { Id = r.Id, Name = r.Name, Email = r.Email, Phone = r.Phone }
                : new RequesterInput { Id = m.Source, Name = m.Source },
        };
    }


    [LoggerMessage(Level = LogLevel.Debug, Message = "Intake message from {Source}: {Outcome} (ticket {Number}).")]
    private static partial void LogOutcome(ILogger logger, IntakeOutcome outcome, string source, string? number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intake message rejected ({Reason}) from {Transport}, message id {MessageId}.")]
    private static partial void LogRejected(ILogger logger, string reason, string transport, string? messageId);
}
