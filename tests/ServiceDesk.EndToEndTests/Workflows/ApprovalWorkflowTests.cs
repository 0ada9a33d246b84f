using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.EndToEndTests.Workflows;

/// <summary>Approval orchestrations on the real Durable engine of the local host, driven over HTTP.</summary>
[Collection(WorkflowCollection.Name)]
public sealed partial class ApprovalWorkflowTests(WorkflowHostFixture f)
{
    [Fact]
    public async Task A_request_approved_by_the_requesters_manager_is_routed_to_its_fulfilment_group_and_the_requester_is_notified()
    {
        await f.PutItemAsync("laptop", new { name = "Laptop", approval = "one", approvers = new[] { "manager" }, fulfilmentGroup = "hardware" });
        var number = await f.OrderAsync("laptop");
        Assert.Equal("pending", (await f.TicketAsync(number)).GetProperty("status").GetString());
        await f.StepOpenAsync(number, 0);

        using (var mine = await f.Api.SendAsync(HttpMethod.Get, "api/approvals/mine", await f.UserTokenAsync("u-mgr", "Approver")))
        {
            var items = (await Infrastructure.ApiClient.JsonAsync(mine)).GetProperty("items").EnumerateArray().ToList();
            Assert.Contains(items, i => i.GetProperty("ticketNumber").GetString() == number);
        }
        using (var decided = await f.DecideAsync("u-mgr", number, 0, "approve", "OK from me"))
        {
            Assert.Equal(HttpStatusCode.Accepted, decided.StatusCode);
        }

        await f.CompletedAsync(number, "approved");
        var ticket = await f.TicketAsync(number);
        Assert.Equal("assigned", ticket.GetProperty("status").GetString());
        Assert.Equal("hardware", ticket.GetProperty("assignmentGroup").GetString());
        var mails = await f.MailsAsync(number);
        Assert.Contains(mails, m => m.Kind == "approval-request" && m.To == "u-mgr@wf-acme.se" && m.Subject.Contains($"[#{number}]"));
        Assert.Contains(mails, m => m.Kind == "approvalOutcome" && m.To == "u-req@wf-acme.se");
        var outbox = f.Host.Services.GetRequiredService<ServiceDesk.Application.Mail.IMailOutbox>();
        Assert.NotNull(await outbox.GetAsync($"{number}|workflow:request:0:u-mgr:", CancellationToken.None)); // handed to the email channel
        var log = await f.ActivityAsync(number);
        Assert.Contains(log, a => a.GetProperty("type").GetString() == "workflowStep" && a.GetProperty("text").GetString()!.StartsWith("Approved by Mona Manager"));
    }

    [Fact]
    public async Task A_rejected_request_is_cancelled_with_the_reason()
    {
        await f.PutItemAsync("phone", new { name = "Phone", approval = "anyOf", approvers = new[] { "u-cfo", "u-mgr" }, fulfilmentGroup = "hardware" });
        var number = await f.OrderAsync("phone");
        await f.StepOpenAsync(number, 0);
        using (var decided = await f.DecideAsync("u-cfo", number, 0, "reject", "Too expensive"))
        {
            Assert.Equal(HttpStatusCode.Accepted, decided.StatusCode);
        }
        await f.CompletedAsync(number, "rejected");
        var ticket = await f.TicketAsync(number);
        Assert.Equal("cancelled", ticket.GetProperty("status").GetString());
        var log = await f.ActivityAsync(number);
        Assert.Contains(log, a => a.GetProperty("type").GetString() == "statusChanged" && a.GetProperty("text").GetString() == "Rejected by Cilla CFO: Too expensive");
    }

    [Fact]
    public async Task A_sequence_waits_for_every_approver_of_an_all_of_step_before_the_next_step()
    {
        await f.PutItemAsync("server", new
        {
            name = "Server", approval = "sequence", fulfilmentGroup = "infra",
            steps = new object[]
            {
                new { name = "Manager", approvers = new[] { "manager" } },
                new { name = "Budget", rule = "all", approvers = new[] { "u-cfo", "u-fb" } },
            },
        });
        var number = await f.OrderAsync("server");
        await f.StepOpenAsync(number, 0);
        using (var early = await f.DecideAsync("u-cfo", number, 1, "approve"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode); // step 2 is not open yet
        }
        (await f.DecideAsync("u-mgr", number, 0, "approve")).Dispose();
        await f.StepOpenAsync(number, 1);
        (await f.DecideAsync("u-cfo", number, 1, "approve")).Dispose();
        await Task.Delay(1500);
        Assert.Equal("Running", (await f.WorkflowAsync(number)).GetProperty("approval").GetProperty("runtimeStatus").GetString());
        (await f.DecideAsync("u-fb", number, 1, "approve")).Dispose();
        var workflow = await f.CompletedAsync(number, "approved");
        Assert.Equal(2, workflow.GetProperty("approval").GetProperty("steps")[1].GetProperty("decisions").GetArrayLength());
        Assert.Equal("infra", (await f.TicketAsync(number)).GetProperty("assignmentGroup").GetString());
    }

    [Fact]
    public async Task Foreign_and_repeated_decisions_are_refused_recorded_as_security_events_and_duplicate_events_are_dropped()
    {
        await f.PutItemAsync("licence", new { name = "Licence", approval = "allOf", approvers = new[] { "u-mgr", "u-cfo" }, fulfilmentGroup = "software" });
        var number = await f.OrderAsync("licence");
        await f.StepOpenAsync(number, 0);

        using (var foreign = await f.DecideAsync("u-del", number, 0, "approve"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        }
        using (var notApprover = await f.Api.SendAsync(HttpMethod.Post, $"api/approvals/{number}/0", await f.UserTokenAsync("u-mgr"), new { decision = "approve" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notApprover.StatusCode); // the Approver role is required
        }

        // The same event delivered twice (at-least-once delivery) counts once.
        var client = f.Host.Services.GetRequiredService<DurableTaskClient>();
        var decision = new ApprovalDecisionEvent("dup-1", 0, "u-mgr", ApprovalDecision.Approve, null, DecisionChannel.Api, null, null, null, DateTimeOffset.UtcNow);
        await client.RaiseEventAsync(IApprovalWorkflowClient.ApprovalInstanceId(number), ApprovalDecisionEvent.Name, decision);
        await client.RaiseEventAsync(IApprovalWorkflowClient.ApprovalInstanceId(number), ApprovalDecisionEvent.Name, decision);
        await Infrastructure.Eventually.ReturnsAsync(() => f.WorkflowAsync(number),
            w => w.GetProperty("approval").GetProperty("steps")[0].GetProperty("decisions").GetArrayLength() == 1, TimeSpan.FromSeconds(20), "first decision recorded");
        using (var again = await f.DecideAsync("u-mgr", number, 0, "reject"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode); // already decided
        }
        (await f.DecideAsync("u-cfo", number, 0, "approve")).Dispose();
        var workflow = await f.CompletedAsync(number, "approved");
        Assert.Equal(2, workflow.GetProperty("approval").GetProperty("steps")[0].GetProperty("decisions").GetArrayLength());
        var security = (await f.ActivityAsync(number)).Where(a => a.GetProperty("data").TryGetProperty("securityEvent", out _)).ToList();
        Assert.True(security.Count >= 2, $"security events: {security.Count}");
        Assert.All(security, a => Assert.Equal("internalNote", a.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task A_signed_link_shows_a_confirmation_on_GET_decides_on_POST_once_and_forged_links_are_refused()
    {
        await f.PutItemAsync("access", new { name = "Access", approval = "one", approvers = new[] { "u-cfo" }, fulfilmentGroup = "iam" });
        var number = await f.OrderAsync("access");
        await f.StepOpenAsync(number, 0);
        // The step is recorded open before its mails are stored: wait for the mail.
        var mail = (await Infrastructure.Eventually.ReturnsAsync(() => f.MailsAsync(number), m => m.Any(x => x.Kind == "approval-request"),
            TimeSpan.FromSeconds(20), "approval mail")).Single(m => m.Kind == "approval-request");
        Assert.Contains("Approve:", mail.Body);
        Assert.Contains("Godkänn:", mail.Body);
        var approveLink = LinkAfter().Match(mail.Body).Groups["url"].Value;
        var token = Uri.UnescapeDataString(approveLink[(approveLink.IndexOf("token=", StringComparison.Ordinal) + 6)..]);

        using (var page = await f.Client.GetAsync($"api/approvals/link?token={Uri.EscapeDataString(token)}"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync());
        }
        await Task.Delay(1000);
        Assert.Equal("waiting", (await f.WorkflowAsync(number)).GetProperty("approval").GetProperty("status").GetString()); // a GET never decides

        var forged = token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        using (var refused = await PostLinkAsync(forged))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var used = await PostLinkAsync(token))
        {
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        }
        using (var replay = await PostLinkAsync(token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, replay.StatusCode);
        }
        var workflow = await f.CompletedAsync(number, "approved");
        Assert.Equal("link", workflow.GetProperty("approval").GetProperty("steps")[0].GetProperty("decisions")[0].GetProperty("channel").GetString());
        var security = (await f.ActivityAsync(number)).Count(a => a.GetProperty("data").TryGetProperty("securityEvent", out _));
        Assert.True(security >= 2, $"security events: {security}");
    }

    [Fact]
    public async Task An_undecided_step_is_reminded_escalated_to_the_delegate_who_can_then_approve()
    {
        await f.PutItemAsync("desk", new
        {
            name = "Desk", approval = "one", approvers = new[] { "manager" }, fulfilmentGroup = "facilities",
            remindAfter = "00:00:01", escalateAfter = "00:00:03", expireAfter = "00:05:00",
        });
        var number = await f.OrderAsync("desk");
        await Infrastructure.Eventually.ReturnsAsync(() => f.MailsAsync(number),
            mails => mails.Any(m => m.To == "u-del@wf-acme.se"), TimeSpan.FromSeconds(30), "escalation mail to the delegate");
        var mails = await f.MailsAsync(number);
        Assert.Contains(mails, m => m.Kind == "approval-reminder" && m.To == "u-mgr@wf-acme.se");
        using (var byDelegate = await f.DecideAsync("u-del", number, 0, "approve"))
        {
            Assert.True(byDelegate.StatusCode == HttpStatusCode.Accepted, await byDelegate.Content.ReadAsStringAsync());
        }
        await f.CompletedAsync(number, "approved");
        var log = await f.ActivityAsync(number);
        Assert.Contains(log, a => a.GetProperty("text").GetString() is { } t && t.Contains("escalated to Dag Delegate"));
    }

    [Fact]
    public async Task An_expired_request_is_rejected_or_handed_to_the_service_desk_per_item()
    {
        await f.PutItemAsync("chair", new { name = "Chair", approval = "one", approvers = new[] { "u-fb" }, fulfilmentGroup = "facilities",
            remindAfter = "00:00:01", escalateAfter = "00:00:01", expireAfter = "00:00:02" });
        await f.PutItemAsync("screen", new { name = "Screen", approval = "one", approvers = new[] { "u-fb" }, fulfilmentGroup = "facilities",
            remindAfter = "00:00:01", escalateAfter = "00:00:01", expireAfter = "00:00:02", onExpiry = "handToServiceDesk" });
        var rejected = await f.OrderAsync("chair");
        var handed = await f.OrderAsync("screen");

        await f.CompletedAsync(rejected, "expired");
        await f.CompletedAsync(handed, "handedToServiceDesk");
        Assert.Equal("cancelled", (await f.TicketAsync(rejected)).GetProperty("status").GetString());
        var ticket = await f.TicketAsync(handed);
        Assert.Equal("assigned", ticket.GetProperty("status").GetString());
        Assert.Equal("service-desk", ticket.GetProperty("assignmentGroup").GetString());
    }

    [Fact]
    public async Task Starting_the_approval_of_a_ticket_twice_is_a_no_op()
    {
        await f.PutItemAsync("mouse", new { name = "Mouse", approval = "one", approvers = new[] { "u-mgr" }, fulfilmentGroup = "hardware" });
        var number = await f.OrderAsync("mouse");
        var client = new Functions.Workflows.DurableApprovalClient(f.Host.Services.GetRequiredService<DurableTaskClient>());
        Assert.False(await client.StartApprovalAsync(number, "mouse", CancellationToken.None));
        await f.StepOpenAsync(number, 0);
        (await f.DecideAsync("u-mgr", number, 0, "approve")).Dispose();
        await f.CompletedAsync(number, "approved");
    }

    [Fact]
    public async Task An_instance_started_with_the_input_json_of_the_previous_deployment_is_approved_and_new_starts_write_that_json()
    {
        // Instances already running when a new deployment starts keep the input they were started with.
        await f.PutItemAsync("webcam", new { name = "Webcam", approval = "one", approvers = new[] { "manager" }, fulfilmentGroup = "hardware" });
        var client = f.Host.Services.GetRequiredService<DurableTaskClient>();
        var ordered = await f.OrderAsync("webcam");
        var started = await client.GetInstanceAsync(IApprovalWorkflowClient.ApprovalInstanceId(ordered), getInputsAndOutputs: true);
        Assert.Equal(PreviousInput(ordered, "webcam"), started?.SerializedInput);

        // A ticket as the previous deployment left it just before it started the instance: pending, waiting for approval.
        var requester = new Caller("u-req", "Rita Requester", $"u-req@{WorkflowHostFixture.Customer}.se", WorkflowHostFixture.Customer,
            new HashSet<Role> { Role.EndUser }, []);
        var ticket = await f.Host.Services.GetRequiredService<ServiceRequests>()
            .CreateAsync(requester, new ServiceRequestInput { CatalogItemId = "webcam", Description = "Please." }, null, new NotStarting(), CancellationToken.None);
        var number = ticket.State.Number;
        Assert.Equal("pending", (await f.TicketAsync(number)).GetProperty("status").GetString());
        var instanceId = IApprovalWorkflowClient.ApprovalInstanceId(number);
        using (var input = JsonDocument.Parse(PreviousInput(number, "webcam")))
        {
            await client.ScheduleNewOrchestrationInstanceAsync(new TaskName(nameof(Functions.Workflows.ApprovalOrchestration.ApprovalOrchestrator)), input.RootElement,
                new StartOrchestrationOptions(instanceId));
        }
        Assert.Equal(PreviousInput(number, "webcam"), (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true))?.SerializedInput);

        await f.StepOpenAsync(number, 0);
        using (var decided = await f.DecideAsync("u-mgr", number, 0, "approve", "Fine"))
        {
            Assert.Equal(HttpStatusCode.Accepted, decided.StatusCode);
        }
        await f.CompletedAsync(number, "approved");
        var routed = await f.TicketAsync(number);
        Assert.Equal(("assigned", "hardware"), (routed.GetProperty("status").GetString(), routed.GetProperty("assignmentGroup").GetString()));
    }

    /// <summary>The input of an approval instance, as written by the deployment before the approval aggregate (input Version 1).</summary>
    private static string PreviousInput(string ticketNumber, string catalogItemId) =>
        $$"""{"TicketNumber":"{{ticketNumber}}","CatalogItemId":"{{catalogItemId}}","Version":1}""";

    private async Task<HttpResponseMessage> PostLinkAsync(string token) =>
        await f.Client.PostAsync("api/approvals/link", new FormUrlEncodedContent([new("token", token)]));

    [GeneratedRegex(@"Approve: (?<url>\S+)")]
    private static partial Regex LinkAfter();

    /// <summary>Leaves the start to the test.</summary>
    private sealed class NotStarting : IApprovalWorkflowClient
    {
        public Task<bool> StartApprovalAsync(string ticketNumber, string catalogItemId, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task RaiseDecisionAsync(string ticketNumber, ApprovalDecisionEvent decision, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<string?> GetStatusAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
