using System.Globalization;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.RemoteSessions;

/// <summary>
/// Request → consent → grant. An agent serving a ticket's customer asks to connect to one of that customer's devices;
/// the device tool polls its pending requests and sends the user's answer. Only an approval, in time, by someone other
/// than the technician, gives a grant: single use, for <see cref="RemoteSessionOptions.GrantLifetime"/>, bound to request, device, technician
/// and ticket, which only the requesting technician can read. Every refusal that smells of misuse is a security event.
/// </summary>
public sealed class ConnectionRequests(
    IRemoteSessionStore store, RemoteAccess access, ITicketStore tickets, TicketUpdater updater, RemoteGrantSigner signer,
    IOptions<RemoteSessionOptions> options, TimeProvider time)
{
    /// <summary>How long the user has to answer (<see cref="RemoteSessionOptions.RequestAnswerTimeout"/>).</summary>
    private TimeSpan ConsentWindow => options.Value.RequestAnswerTimeout;

    /// <summary>How long an approval's grant may be used to start the session (<see cref="RemoteSessionOptions.GrantLifetime"/>).</summary>
    private TimeSpan GrantLifetime => options.Value.GrantLifetime;

    public const int MaxExpectedMinutes = 480, DefaultExpectedMinutes = 30;

    public async Task<ConnectionRequestView> CreateAsync(Caller caller, string ticketNumber, ConnectionRequestInput input, CancellationToken ct)
    {
        if (!caller.Has(Role.Agent))
        {
            throw new ForbiddenException("Only technicians (agents) may request a remote connection.");
        }
        var errors = new FieldErrors();
        var deviceId = errors.Identifier("deviceId", input.DeviceId, required: true);
        var reason = errors.Text("reason", input.Reason, Limits.ReasonLength, required: true);
        var minutes = input.ExpectedMinutes ?? DefaultExpectedMinutes;
        if (minutes is < 1 or > MaxExpectedMinutes)
        {
            errors.Add("expectedMinutes", FieldRule.Range, $"'expectedMinutes' must be 1 to {MaxExpectedMinutes}.", FieldErrors.Args(("min", 1), ("max", MaxExpectedMinutes)));
        }
        errors.ThrowIfAny();
        var device = RemoteAccess.DeviceId(deviceId) ? (await store.FindDeviceAsync(deviceId!, ct))?.Device : null;
        var ticket = TicketNumber.TryParse(ticketNumber, out _) ? (await tickets.FindAsync(ticketNumber, ct))?.State : null;
        if (ticket is null || !caller.Serves(ticket.CustomerId))
        {
            if (device is not null && ticket is not null)
            {
                await access.SecurityEventAsync(device.Id, RemoteAccess.Actor(caller),
                    $"Refused connection request: {caller.Name} does not serve the customer of ticket {ticket.Number}.", ticket.Number, null, ct);
            }
            throw new NotFoundException("The ticket was not found.");
        }
        if (device is null || device.CustomerId != ticket.CustomerId)
        {
            if (device is not null)
            {
                await access.SecurityEventAsync(device.Id, RemoteAccess.Actor(caller),
                    $"Refused connection request from ticket {ticket.Number} of another customer ({ticket.CustomerId}).", ticket.Number, null, ct);
            }
            throw new NotFoundException("The device was not found among the devices of the ticket's customer.");
        }
        if (device.Status != DeviceStatus.Active)
        {
            throw new ConflictException("device.not-active", $"The device is {device.Status.ToString().ToLowerInvariant()}.");
        }
        if (!ticket.Status.IsOpen())
        {
            throw new ConflictException("ticket.not-open", $"Ticket {ticket.Number} is not open.");
        }
        await access.RequireEnabledAsync(ticket.CustomerId, ct);
        var now = time.GetUtcNow();
        var request = new ConnectionRequest(DeviceSecrets.NewId("rr-"), device.Id, device.CustomerId, ticket.Number, ticket.Title, caller.UserId,
            caller.Name, reason!, minutes, now, now + ConsentWindow, ConnectionRequestStatus.Pending);
        await store.InsertRequestAsync(request, ct);
        await access.AuditAsync(device.Id, "requested", RemoteAccess.Actor(caller), $"{caller.Name} asked to connect for {ticket.Number}: {reason}", ticket.Number, request.Id, ct);
        await LogOnTicketAsync(updater, request, $"Remote connection to {device.Hostname} requested by {caller.Name} ({minutes} min expected): {reason}", "requested", caller.Actor, ct);
        return View(request, now, grant: null);
    }

    /// <summary>The requesting technician (with the grant while it is usable) or staff serving the customer.</summary>
    public async Task<ConnectionRequestView> GetAsync(Caller caller, string requestId, CancellationToken ct)
    {
        var found = requestId.Length <= 40 ? await store.FindRequestAsync(requestId, ct) : null;
        var now = time.GetUtcNow();
        if (found is not { Request: var r })
        {
            throw new NotFoundException("The connection request was not found.");
        }
        var isTechnician = r.TechnicianId == caller.UserId && caller.Has(Role.Agent) && caller.Serves(r.CustomerId);
        if (!isTechnician && !await access.IsStaffForAsync(caller, r.CustomerId, ct))
        {
            throw new NotFoundException("The connection request was not found.");
        }
        var grant = isTechnician && r.Status == ConnectionRequestStatus.Approved && r.GrantExpiresAt > now && r.GrantNonce is not null
            ? signer.Sign(new RemoteGrantClaims(r.Id, r.DeviceId, r.TechnicianId, r.TicketNumber, r.GrantExpiresAt.Value, r.GrantNonce))
            : null;
        return View(r, now, grant);
    }

    /// <summary>What the device tool shows: the pending, unexpired requests, in <paramref name="language"/> or the customer's.</summary>
    public async Task<IReadOnlyList<ConnectionPromptView>> PendingAsync(string deviceId, string? credential, string? language, CancellationToken ct)
    {
        await access.ThrottleDeviceAsync(RemoteRateLimit.DeviceCall, deviceId, "connection-request poll", ct);
        var (device, _) = await access.AuthenticateDeviceAsync(deviceId, credential, "polling connection requests", ct);
        var lang = language?.ToLowerInvariant() switch
        {
            "sv" => Language.Sv,
            "en" => Language.En,
            _ => await access.LanguageAsync(device.CustomerId, ct),
        };
        var now = time.GetUtcNow();
        return (await store.PendingRequestsAsync(device.Id, ct))
            .Where(r => r.Status == ConnectionRequestStatus.Pending && r.AnswerBy > now)
            .OrderBy(r => r.CreatedAt)
            .Select(r => new ConnectionPromptView(r.Id, r.TechnicianName, r.TicketNumber, r.TicketTitle, r.Reason, r.ExpectedMinutes, r.AnswerBy,
                lang == Language.Sv ? "sv" : "en", Prompt(r, lang)))
            .ToList();
    }

    public async Task<ConnectionRequestView> DecideAsync(string deviceId, string? credential, string requestId, ConnectionDecisionInput input, CancellationToken ct)
    {
        await access.ThrottleDeviceAsync(RemoteRateLimit.Decision, deviceId, "connection decision", ct);
        var (device, _) = await access.AuthenticateDeviceAsync(deviceId, credential, "a connection decision", ct);
        var errors = new FieldErrors();
        if (input.Approve is null)
        {
            errors.Add("approve", FieldRule.Required, "'approve' (true or false) is required.");
        }
        var userId = errors.Identifier("userId", input.UserId, required: false);
        var userName = errors.Text("userName", input.UserName, Limits.ShortTextLength, required: false);
        errors.ThrowIfAny();
        var deviceActor = RemoteAccess.DeviceActorPrefix + device.Id + (userId is null ? "" : $" (user {userId})");
        for (var attempt = 1; ; attempt++)
        {
            var found = requestId.Length <= 40 ? await store.FindRequestAsync(requestId, ct) : null;
            if (found is not { } f || f.Request.DeviceId != device.Id)
            {
                await access.SecurityEventAsync(device.Id, deviceActor, $"Refused decision on request {Clip(requestId)}: not a request for this device.", null, null, ct);
                if (found is { Request: var other })
                {
                    await access.SecurityEventAsync(other.DeviceId, deviceActor, $"Another device ({device.Id}) tried to answer this device's request.", other.TicketNumber, other.Id, ct);
                }
                throw new NotFoundException("The connection request was not found.");
            }
            var r = f.Request;
            var now = time.GetUtcNow();
            if (r.Status != ConnectionRequestStatus.Pending)
            {
                await access.SecurityEventAsync(device.Id, deviceActor, $"Refused decision: the request was already {r.Status.ToString().ToLowerInvariant()} (replay).", r.TicketNumber, r.Id, ct);
                throw new ConflictException("remote-request.already-answered", "The request was already answered.");
            }
            if (r.AnswerBy <= now)
            {
                await access.SecurityEventAsync(device.Id, deviceActor, "Refused decision: the request had expired.", r.TicketNumber, r.Id, ct);
                throw new ConflictException("remote-request.expired", "The request expired before it was answered; the technician must ask again.");
            }
            var answeredBy = userId ?? device.Owner?.UserId ?? device.SignedInUser?.UserId;
            if (string.Equals(answeredBy, r.TechnicianId, StringComparison.Ordinal))
            {
                await access.SecurityEventAsync(device.Id, deviceActor, $"Refused decision: {r.TechnicianName} may not consent to their own request.", r.TicketNumber, r.Id, ct);
                throw new ForbiddenException("The technician who asked cannot consent to their own request.");
            }
            var approve = input.Approve!.Value;
            var answered = r with
            {
                Status = approve ? ConnectionRequestStatus.Approved : ConnectionRequestStatus.Denied,
                AnsweredAt = now,
                AnsweredBy = userName ?? answeredBy ?? "device user",
                GrantExpiresAt = approve ? now + GrantLifetime : null,
                GrantNonce = approve ? DeviceSecrets.NewSecret() : null,
            };
            try
            {
                await store.SaveRequestAsync(answered, f.ETag, ct);
            }
            catch (PreconditionFailedException) when (attempt < 5)
            {
                continue;   // answered meanwhile: read again, and the replay check refuses it
            }
            var verb = approve ? "approved" : "denied";
            await access.AuditAsync(device.Id, verb, deviceActor, $"The user {verb} {r.TechnicianName}'s request for {r.TicketNumber}.", r.TicketNumber, r.Id, ct);
            await LogOnTicketAsync(updater, answered, $"Remote connection to {device.Hostname} {verb} by {answered.AnsweredBy}.", verb,
                new Actor(answeredBy ?? RemoteAccess.DeviceActorPrefix + device.Id, answered.AnsweredBy!), ct);
            return View(answered, now, grant: null);
        }
    }

    internal static async Task LogOnTicketAsync(TicketUpdater updater, ConnectionRequest r, string text, string step, Actor actor, CancellationToken ct) =>
        await updater.ChangeAsync(r.TicketNumber, (t, now) => t.RecordWorkflowStep(text, new Dictionary<string, string>
        {
            ["remoteSession"] = r.Id,
            ["device"] = r.DeviceId,
            ["step"] = step,
        }, isInternal: false, actor, now), ct);

    internal static ConnectionRequestView View(ConnectionRequest r, DateTimeOffset now, string? grant) =>
        new(r.Id, r.DeviceId, r.TicketNumber, r.TechnicianId, r.TechnicianName, r.Reason, r.ExpectedMinutes, r.CreatedAt, r.AnswerBy,
            r.Status == ConnectionRequestStatus.Pending && r.AnswerBy <= now ? "expired"
            : r.Status == ConnectionRequestStatus.Approved && r.GrantExpiresAt <= now ? "grantExpired"
            : JsonName(r.Status),
            r.AnsweredAt, r.GrantExpiresAt, r.StartedAt, r.EndedAt, r.EndedBy, grant);

    private static string JsonName(ConnectionRequestStatus s) => char.ToLowerInvariant(s.ToString()[0]) + s.ToString()[1..];

    private static string Prompt(ConnectionRequest r, Language lang) => lang == Language.Sv
        ? string.Create(CultureInfo.InvariantCulture, $"{r.TechnicianName} från servicedesken vill ansluta till din dator för ärende {r.TicketNumber} \"{r.TicketTitle}\" (cirka {r.ExpectedMinutes} min). Anledning: {r.Reason}. Tillåter du det?")
        : string.Create(CultureInfo.InvariantCulture, $"{r.TechnicianName} from the service desk wants to connect to your computer for ticket {r.TicketNumber} \"{r.TicketTitle}\" (about {r.ExpectedMinutes} min). Reason: {r.Reason}. Do you allow it?");

    internal static string Clip(string value) => value.Length > 40 || value.Any(char.IsControl) ? "(invalid id)" : value;
}
