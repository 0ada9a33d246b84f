using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;

namespace ServiceDesk.Application.RemoteSessions;

/// <summary>
/// A session's life: the technician starts it with the grant (consumed: a second start is refused), either side ends
/// it, the technician's tool reports what it did. Each step goes to the ticket's activity log and the device's audit
/// log; when a session ends, the device's owner is told by mail (the customer's language) through the outbox.
/// </summary>
public sealed class RemoteSessionLifecycle(
    IRemoteSessionStore store, RemoteAccess access, TicketUpdater updater, RemoteGrantSigner signer, IMailOutbox outbox,
    IOptions<MailOptions> mail, TimeProvider time)
{
    public async Task<ConnectionRequestView> StartAsync(Caller caller, string sessionId, StartSessionInput input, CancellationToken ct)
    {
        var actor = RemoteAccess.Actor(caller);
        var claims = signer.Verify(input.Grant);
        var found = sessionId.Length <= 40 ? await store.FindRequestAsync(sessionId, ct) : null;
        async Task<Exception> RefuseAsync(string why, Exception failure, string? deviceId = null)
        {
            foreach (var device in new[] { found?.Request.DeviceId, claims?.DeviceId, deviceId }.OfType<string>().Distinct())
            {
                if (RemoteAccess.DeviceId(device))
                {
                    await access.SecurityEventAsync(device, actor, $"Refused session start: {why}", found?.Request.TicketNumber, found?.Request.Id, ct);
                }
            }
            return failure;
        }
        var invalid = new ForbiddenException("The grant is not valid for this session.");
        if (claims is null)
        {
            throw await RefuseAsync("the grant is missing, malformed or forged.", invalid);
        }
        if (found is not { } f || claims.RequestId != f.Request.Id || claims.DeviceId != f.Request.DeviceId || claims.Nonce != f.Request.GrantNonce)
        {
            throw await RefuseAsync($"the grant is for another session ({ConnectionRequests.Clip(claims.RequestId)}).", invalid);
        }
        var r = f.Request;
        if (claims.TechnicianId != caller.UserId)
        {
            throw await RefuseAsync($"the grant was issued to another technician, not {caller.Name}.", invalid);
        }
        if (!string.Equals(input.TicketNumber?.Trim(), claims.TicketNumber, StringComparison.Ordinal) || claims.TicketNumber != r.TicketNumber)
        {
            throw await RefuseAsync($"the grant is for ticket {r.TicketNumber}, presented for {ConnectionRequests.Clip(input.TicketNumber ?? "(none)")}.", invalid);
        }
        if (r.Status is ConnectionRequestStatus.Started or ConnectionRequestStatus.Ended)
        {
            throw await RefuseAsync("the grant was already used.", new ConflictException("remote-session.grant-used", "The grant was already used; ask the user again."));
        }
        var now = time.GetUtcNow();
        if (claims.ExpiresAt <= now || r.Status != ConnectionRequestStatus.Approved)
        {
            throw await RefuseAsync("the grant has expired.", new ForbiddenException("The grant has expired; ask the user again."));
        }
        if (!caller.Has(Role.Agent) || !await access.IsStaffForAsync(caller, r.CustomerId, ct))
        {
            throw await RefuseAsync($"{caller.Name} no longer serves the customer.", invalid);
        }
        if (await store.FindDeviceAsync(r.DeviceId, ct) is not { Device.Status: DeviceStatus.Active } d)
        {
            throw await RefuseAsync("the device is no longer active.", new ForbiddenException("The device is no longer active."));
        }
        await access.RequireEnabledAsync(r.CustomerId, ct);
        var started = r with { Status = ConnectionRequestStatus.Started, StartedAt = now };
        try
        {
            await store.SaveRequestAsync(started, f.ETag, ct);
        }
        catch (PreconditionFailedException)
        {
            throw await RefuseAsync("the grant was already used (concurrent start).",
                new ConflictException("remote-session.grant-used", "The grant was already used; ask the user again."));
        }
        await access.AuditAsync(r.DeviceId, "session-started", actor, $"{caller.Name} started a remote session for {r.TicketNumber}.", r.TicketNumber, r.Id, ct);
        await ConnectionRequests.LogOnTicketAsync(updater, started, $"Remote session on {d.Device.Hostname} started by {caller.Name}.", "started", caller.Actor, ct);
        return ConnectionRequests.View(started, now, grant: null);
    }

    /// <summary>The technician (or staff serving the customer) ends the session.</summary>
    public async Task<ConnectionRequestView> EndByStaffAsync(Caller caller, string sessionId, CancellationToken ct)
    {
        var found = await FindAsync(sessionId, ct);
        if (found.Request.TechnicianId != caller.UserId && !await access.IsStaffForAsync(caller, found.Request.CustomerId, ct))
        {
            throw new NotFoundException("The session was not found.");
        }
        return await EndAsync(found, caller.Name, caller.Actor, ct);
    }

    /// <summary>The user ends the session from the device tool (authenticated by the device credential).</summary>
    public async Task<ConnectionRequestView> EndByDeviceAsync(string sessionId, string? credential, CancellationToken ct)
    {
        var found = await FindAsync(sessionId, ct);
        var (device, _) = await access.AuthenticateDeviceAsync(found.Request.DeviceId, credential, "ending a session", ct);
        var who = device.Owner?.Name ?? device.SignedInUser?.Name ?? "the user";
        return await EndAsync(found, who, new Actor(RemoteAccess.DeviceActorPrefix + device.Id, who), ct);
    }

    public async Task<DeviceAuditEntry> ReportAsync(Caller caller, string sessionId, SessionReportInput input, CancellationToken ct)
    {
        var (r, _) = await FindAsync(sessionId, ct);
        if (r.TechnicianId != caller.UserId || !caller.Serves(r.CustomerId))
        {
            throw new NotFoundException("The session was not found.");
        }
        var errors = new FieldErrors();
        var text = errors.Text("text", input.Text, Limits.ReasonLength, required: true);
        errors.ThrowIfAny();
        if (r.Status != ConnectionRequestStatus.Started)
        {
            throw new ConflictException("remote-session.not-running", "Reports are accepted while the session runs.");
        }
        await access.AuditAsync(r.DeviceId, "report", RemoteAccess.Actor(caller), text!, r.TicketNumber, r.Id, ct);
        await ConnectionRequests.LogOnTicketAsync(updater, r, $"Remote session report: {text}", "report", caller.Actor, ct);
        return new DeviceAuditEntry(r.DeviceId, time.GetUtcNow(), "report", RemoteAccess.Actor(caller), text!, r.TicketNumber, r.Id);
    }

    private async Task<(ConnectionRequest Request, string ETag)> FindAsync(string sessionId, CancellationToken ct) =>
        (sessionId.Length <= 40 ? await store.FindRequestAsync(sessionId, ct) : null) ?? throw new NotFoundException("The session was not found.");

    private async Task<ConnectionRequestView> EndAsync((ConnectionRequest Request, string ETag) found, string who, Actor actor, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (r, etag) = found;
            var now = time.GetUtcNow();
            if (r.Status == ConnectionRequestStatus.Ended)
            {
                return ConnectionRequests.View(r, now, grant: null);
            }
            if (r.Status != ConnectionRequestStatus.Started)
            {
                throw new ConflictException("remote-session.not-running", "The session has not started.");
            }
            var ended = r with { Status = ConnectionRequestStatus.Ended, EndedAt = now, EndedBy = who };
            try
            {
                await store.SaveRequestAsync(ended, etag, ct);
            }
            catch (PreconditionFailedException) when (attempt < 5)
            {
                found = await FindAsync(r.Id, ct);
                continue;
            }
            var minutes = Math.Max(0, (int)Math.Ceiling((now - r.StartedAt!.Value).TotalMinutes));
            await access.AuditAsync(r.DeviceId, "session-ended", actor.Id == who ? who : $"{who} ({actor.Id})",
                $"The session was ended by {who} after {minutes} min.", r.TicketNumber, r.Id, ct);
            await ConnectionRequests.LogOnTicketAsync(updater, ended, $"Remote session ended by {who} after {minutes} min.", "ended", actor, ct);
            await MailOwnerAsync(ended, minutes, ct);
            return ConnectionRequests.View(ended, now, grant: null);
        }
    }

    private async Task MailOwnerAsync(ConnectionRequest r, int minutes, CancellationToken ct)
    {
        var device = (await store.FindDeviceAsync(r.DeviceId, ct))?.Device;
        var to = device?.Owner?.Email is { } owner ? (owner, device.Owner.Name) : device?.SignedInUser?.Email is { } signedIn ? (signedIn, device.SignedInUser.Name) : default;
        if (to.Item1 is null)
        {
            return;   // no address known for the device's user: the ticket and audit logs still hold the record
        }
        var eventId = "remote-session:" + r.Id;
        if (await outbox.GetAsync(r.TicketNumber + "|" + eventId, ct) is not null)
        {
            return;
        }
        var sv = await access.LanguageAsync(r.CustomerId, ct) == Language.Sv;
        var name = to.Item2 ?? to.Item1;
        var at = r.StartedAt!.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var subject = sv ? $"[{r.TicketNumber}] Fjärrsession på {device!.Hostname}" : $"[{r.TicketNumber}] Remote session on {device!.Hostname}";
        var body = sv
            ? $"Hej {name},\n\n{r.TechnicianName} från servicedesken var ansluten till {device.Hostname} {at} UTC i {minutes} min för ärende {r.TicketNumber} \"{r.TicketTitle}\", efter ditt godkännande.\nAnledning: {r.Reason}\nSessionen avslutades av {r.EndedBy}.\n\nOm du inte känner igen detta, kontakta servicedesken.\n\nServicedesken\n"
            : $"Hello {name},\n\n{r.TechnicianName} from the service desk was connected to {device.Hostname} at {at} UTC for {minutes} min for ticket {r.TicketNumber} \"{r.TicketTitle}\", with your consent.\nReason: {r.Reason}\nThe session was ended by {r.EndedBy}.\n\nIf you do not recognise this, contact the service desk.\n\nThe service desk\n";
        var messageId = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}.remote@{mail.Value.MessageIdDomain}";
        await outbox.AddAsync(new OutgoingMail(r.TicketNumber, eventId, "remote-session", to.Item1, name, subject, body, messageId, null, "auto-generated"), ct);
    }
}
