using Azure.Data.Tables;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Workflows;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Workflows;

/// <summary>
/// Approval records on Azurite: a row written by an earlier deployment is read by this one, decided on by the
/// <see cref="Approval"/> aggregate, and written back byte for byte the same (the record's JSON is its storage format).
/// </summary>
public sealed class ApprovalStoreTests : IAsyncLifetime
{
    /// <summary>A waiting two-step approval as the deployment before the approval aggregate stored it (step 2 open, one of two seats decided).</summary>
    /// <remarks>The JSON is one line in the table; it is broken here between tokens only, and the line breaks are removed.</remarks>
    private static readonly string StoredByPreviousDeployment = """
        {"ticketNumber":"REQ-000042","customerId":"acme","catalogItemId":"server","catalogItemName":"Server","requesterId":"u-req","instanceId":"approval-REQ-000042",
        "status":"Waiting","currentStep":1,
        "steps":[{"index":0,"name":"Manager","rule":"Any",
        "seats":[[{"userId":"u-mgr","name":"Mona Manager","email":"u-mgr@acme.se","language":"Sv"},{"userId":"u-del","name":"Dag Delegate","email":"u-del@acme.se","language":"Sv"}]],
        "openedAt":"2026-11-02T09:30:00+00:00","expiresAt":"2026-11-05T09:30:00+00:00","outcome":"Approved",
        "decisions":[{"eventId":"mail:\u003Ca@b\u003E","approverId":"u-del","decision":"Approve","comment":"OK","channel":"mail","address":"u-del@acme.se","messageId":"\u003Ca@b\u003E","authenticationResults":"dkim=pass","at":"2026-11-02T14:30:00+00:00"}]},
        {"index":1,"name":"Budget","rule":"All",
        "seats":[[{"userId":"u-cfo","name":"Cilla CFO","email":"u-cfo@acme.se","language":"En"}],[{"userId":"u-fb","name":"Fia Fallback","email":null,"language":"Sv"}]],
        "openedAt":"2026-11-02T14:30:00+00:00","expiresAt":"2026-11-05T14:30:00+00:00","outcome":"Pending",
        "decisions":[{"eventId":"api:1","approverId":"u-cfo","decision":"Approve","comment":null,"channel":"api","address":null,"messageId":null,"authenticationResults":null,"at":"2026-11-02T15:30:00+00:00"}]}],
        "log":[{"at":"2026-11-02T09:30:00+00:00","kind":"started","text":"Approval started: 2 step(s)"},
        {"at":"2026-11-02T14:30:00+00:00","kind":"decided","text":"Approved by Dag Delegate (step 1, mail): OK"}],
        "startedAt":"2026-11-02T09:30:00+00:00","completedAt":null,
        "current":{"index":1,"name":"Budget","rule":"All",
        "seats":[[{"userId":"u-cfo","name":"Cilla CFO","email":"u-cfo@acme.se","language":"En"}],[{"userId":"u-fb","name":"Fia Fallback","email":null,"language":"Sv"}]],
        "openedAt":"2026-11-02T14:30:00+00:00","expiresAt":"2026-11-05T14:30:00+00:00","outcome":"Pending",
        "decisions":[{"eventId":"api:1","approverId":"u-cfo","decision":"Approve","comment":null,"channel":"api","address":null,"messageId":null,"authenticationResults":null,"at":"2026-11-02T15:30:00+00:00"}]}}
        """.ReplaceLineEndings("");

    private TestApp _app = null!;
    private TableClient _table = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _table = new TableServiceClient(_app.ConnectionString).GetTableClient(_app.TablePrefix + "Approvals");
        await _table.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_record_stored_by_the_previous_deployment_is_read_and_written_back_unchanged()
    {
        await _table.AddEntityAsync(new TableEntity("customer:acme", "REQ-000042") { ["Status"] = "Waiting", ["Data"] = StoredByPreviousDeployment });
        await _table.AddEntityAsync(new TableEntity("ticket:REQ-000042", "record") { ["CustomerId"] = "acme" });
        var store = _app.Get<IApprovalStore>();

        var record = await store.FindAsync("REQ-000042", CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal((1, 2, 1), (record.CurrentStep, record.Steps.Count, record.Steps[1].Decisions.Count));
        Assert.Contains(await store.ListWaitingAsync("acme", CancellationToken.None), r => r.TicketNumber == "REQ-000042");
        var approval = Approval.Restore(record);
        Assert.Equal(("Budget", null, "already decided", "that step is already decided"),
            (approval.Current?.Name, approval.RefusalFor(1, "u-fb"), approval.RefusalFor(1, "u-cfo"), approval.RefusalFor(0, "u-mgr")));

        await store.SaveAsync(record, CancellationToken.None);
        var row = (await _table.GetEntityAsync<TableEntity>("customer:acme", "REQ-000042")).Value;
        Assert.Equal(("Waiting", StoredByPreviousDeployment), (row.GetString("Status"), row.GetString("Data")));
    }
}
