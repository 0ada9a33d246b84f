using System.Net;
using System.Text.Json;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.EndToEndTests.Workflows;
using DeviceTool = ServiceDesk.RemoteClient.Program;

namespace ServiceDesk.EndToEndTests.RemoteSessions;

/// <summary>
/// A remote session over real HTTP on the local host (Azurite, smtp4dev), with the reference device client
/// (tests/ServiceDesk.RemoteClient) run in-process as the installed tool: enrol, poll and answer, end; the technician's
/// side (request, grant, start) is plain HTTP with a development token.
/// </summary>
public sealed class RemoteSessionFlowTests(MailWorkflowHostFixture f) : IClassFixture<MailWorkflowHostFixture>, IDisposable
{
    private const string Customer = MailWorkflowHostFixture.Customer;   // Swedish by default
    private readonly string _state = Path.Combine(Path.GetTempPath(), "sd-remote-" + Guid.NewGuid().ToString("N"), "device.json");

    [Fact]
    public async Task The_device_client_enrols_consents_and_ends_a_session_that_the_ticket_the_audit_and_the_users_mail_record()
    {
        // The customer's admin creates an enrolment key for Rita's laptop.
        using var keyResponse = await f.Api.SendAsync(HttpMethod.Post, $"api/customers/{Customer}/enrolment-keys", f.Admin,
            new { label = "Rita's laptop", owner = new { userId = "u-req", name = "Rita Requester", email = MailWorkflowHostFixture.Address("u-req") } });
        Assert.True(keyResponse.StatusCode == HttpStatusCode.Created, await keyResponse.Content.ReadAsStringAsync());
        var key = (await ApiClient.JsonAsync(keyResponse)).GetProperty("key").GetString()!;

        // The installed tool enrols: prints the device id, keeps the credential in its state file only.
        var enrol = await ClientAsync("enrol", "--api", f.Host.BaseAddress.ToString(), "--key", key, "--hostname", "PC-RITA-01",
            "--os", "Windows 11 Pro", "--serial", "SN-4711", "--user", "u-req", "--user-name", "Rita Requester");
        Assert.True(enrol.Code == 0, enrol.ToString());
        var deviceId = enrol.Out.Trim();
        Assert.StartsWith("dev-", deviceId, StringComparison.Ordinal);
        var credential = JsonDocument.Parse(await File.ReadAllTextAsync(_state)).RootElement.GetProperty("credential").GetString()!;
        Assert.DoesNotContain(credential, enrol.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await ClientAsync("heartbeat")).Code);

        // A technician working Rita's ticket asks to connect.
        var number = await TicketAsync();
        using var requested = await f.Api.SendAsync(HttpMethod.Post, $"api/tickets/{number}/remote-requests", f.Agent,
            new { deviceId, reason = "Skrivardrivrutinen behöver installeras om", expectedMinutes = 15 });
        Assert.True(requested.StatusCode == HttpStatusCode.Created, await requested.Content.ReadAsStringAsync());
        var requestId = (await ApiClient.JsonAsync(requested)).GetProperty("id").GetString()!;

        // The tool polls, shows the prompt in Swedish and Rita says yes.
        var poll = await ClientAsync("poll", "--answer", "yes");
        Assert.True(poll.Code == 0, poll.ToString());
        var promptLine = Assert.Single(poll.Out.Split('\n'), line => line.Contains(requestId, StringComparison.Ordinal) && line.Contains("vill ansluta", StringComparison.Ordinal));
        foreach (var part in new[] { "Axel Agent", number, "Skrivardrivrutinen behöver installeras om", "15 min" })
        {
            Assert.True(promptLine.Contains(part, StringComparison.Ordinal), $"'{part}' not in the prompt: {promptLine}");
        }
        Assert.Contains($"{requestId} approved", poll.Out, StringComparison.Ordinal);
        Assert.Contains("no pending", (await ClientAsync("poll", "--answer", "yes")).Out, StringComparison.Ordinal);   // answered once

        // The technician reads the grant and starts the session with it.
        var request = await f.GetAsync($"api/remote-requests/{requestId}");
        Assert.Equal("approved", request.GetProperty("status").GetString());
        var grant = request.GetProperty("grant").GetString()!;
        using var started = await f.Api.SendAsync(HttpMethod.Post, $"api/remote-sessions/{requestId}/start", f.Agent, new { grant, ticketNumber = number });
        Assert.True(started.StatusCode == HttpStatusCode.OK, await started.Content.ReadAsStringAsync());
        Assert.Equal("started", (await ApiClient.JsonAsync(started)).GetProperty("status").GetString());

        // Rita ends it from the tool.
        var end = await ClientAsync("end", "--session", requestId);
        Assert.True(end.Code == 0, end.ToString());
        Assert.Contains($"{requestId} ended", end.Out, StringComparison.Ordinal);

        // The ticket and the device's audit log record it; the device never saw the grant.
        var activity = (await f.GetAsync($"api/tickets/{number}/activity")).GetRawText();
        foreach (var text in new[] { "requested by Axel Agent", "approved by Rita Requester", "started by Axel Agent", "ended by Rita Requester" })
        {
            Assert.True(activity.Contains(text, StringComparison.Ordinal), $"'{text}' not in {activity}");
        }
        var audit = (await f.GetAsync($"api/devices/{deviceId}/audit")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["enrolled", "requested", "approved", "session-started", "session-ended"], audit.Select(e => e.GetProperty("type").GetString()));
        Assert.All(audit, e => Assert.False(e.GetProperty("security").GetBoolean()));
        Assert.DoesNotContain(grant, poll.Out + end.Out, StringComparison.Ordinal);

        // Rita gets the mail about the session, in Swedish.
        var mail = Assert.Single(await f.MailsAsync(MailWorkflowHostFixture.Address("u-req"), "Fjärrsession på PC-RITA-01"));
        Assert.Contains(number, mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Axel Agent från servicedesken var ansluten till PC-RITA-01", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Sessionen avslutades av Rita Requester", mail.TextBody, StringComparison.Ordinal);
    }

    private async Task<string> TicketAsync()
    {
        using var created = await f.Api.SendAsync(HttpMethod.Post, "api/tickets", f.Agent, new
        {
            kind = "Incident",
            customerId = Customer,
            requester = new { id = "u-req", name = "Rita Requester", email = MailWorkflowHostFixture.Address("u-req") },
            title = "Skrivaren skriver inte ut",
            description = "Jobben fastnar i kön.",
            impact = "Low",
            urgency = "Medium",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await ApiClient.JsonAsync(created)).GetProperty("number").GetString()!;
    }

    private async Task<ClientRun> ClientAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DeviceTool.RunAsync([.. args, "--state", _state], TextReader.Null, output, error);
        return new ClientRun(code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        var dir = Path.GetDirectoryName(_state)!;
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private sealed record ClientRun(int Code, string Out, string Err)
    {
        public override string ToString() => $"exit {Code}\n{Out}\n{Err}";
    }
}
