using ServiceDesk.Functions.Operations;
using ServiceDesk.Functions.ProblemManagement;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Problems;

public sealed class ProblemManagementTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Api _api = null!;
    private string _user = null!;
    private string _agent = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        await _app.SeedCustomerAsync("contoso");
        _user = await _app.TokenAsync("u-anna", "contoso", "EndUser");
        _agent = await _app.TokenAsync(new { userId = "a-erik", name = "Erik Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
        _admin = await _app.TokenAsync(new { userId = "admin", name = "Admin", customerId = "supplier", roles = new[] { "Admin" } });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private ProblemCandidatesApi Candidates => _app.Get<ProblemCandidatesApi>();
    private ProblemsApi Problems => _app.Get<ProblemsApi>();

    private Task<ApiResponse> Detect() =>
        _app.SendAsync(r => Problems.Detect(r), "POST", "/api/problems/detect", new { customerId = "contoso" }, _admin);

    private Task<ApiResponse> ListCandidates(string token) =>
        _app.SendAsync(r => Candidates.List(r), "GET", "/api/problems/candidates?customerId=contoso", token: token);

    [Fact]
    public async Task Detected_candidate_is_accepted_as_a_problem_that_communicates_its_workaround_and_resolves_its_incidents()
    {
        var incidents = await ProblemScenarios.RepeatedFailuresAsync(_app);

        var detected = await Detect();
        Assert.Equal(200, detected.Status);
        Assert.Equal(1, detected.Json.GetProperty("created").GetInt32());
        Assert.Equal(403, (await ListCandidates(_user)).Status);
        var list = await ListCandidates(_agent);
        var candidate = Assert.Single(list.Json.GetProperty("items").EnumerateArray());
        Assert.Equal("reopen", candidate.GetProperty("rule").GetString());
        var id = candidate.GetProperty("id").GetString()!;
        Assert.Equal(incidents.Order(), candidate.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).Order());

        var accepted = await _app.SendAsync(r => Candidates.Accept(r, id), "POST", $"/api/problems/candidates/{id}/accept", new { pendIncidents = true }, _agent);
        Assert.Equal(201, accepted.Status);
        var prb = accepted.Json.GetProperty("problem").GetProperty("number").GetString()!;
        Assert.StartsWith("PRB-", prb);
        Assert.Equal("accepted", accepted.Json.GetProperty("candidate").GetProperty("status").GetString());
        var incident = await _api.Get(_agent, incidents[0]);
        Assert.Contains(prb, incident.Body);

        // The cluster is now linked to a problem: a new run proposes nothing new.
        Assert.Equal(0, (await Detect()).Json.GetProperty("created").GetInt32());

        var noWorkaround = await _app.SendAsync(r => Problems.Communicate(r, prb), "POST", $"/api/problems/{prb}/communicate-workaround", new { }, _agent);
        Assert.Equal(409, noWorkaround.Status);
        var updated = await _app.SendAsync(r => Problems.Update(r, prb), "PATCH", $"/api/problems/{prb}",
            new { rootCause = "BIOS 1.2 breaks resume.", workaround = "Håll strömknappen i 10 sekunder.", knownError = true }, _agent);
        Assert.Equal(200, updated.Status);
        Assert.True(updated.Json.GetProperty("record").GetProperty("knownError").GetBoolean());
        // The end user cannot see the problem ticket at all: 404, as for any ticket of someone else.
        Assert.Equal(404, (await _app.SendAsync(r => Problems.Get(r, prb), "GET", $"/api/problems/{prb}", token: _user)).Status);

        var communicated = await _app.SendAsync(r => Problems.Communicate(r, prb), "POST", $"/api/problems/{prb}/communicate-workaround", new { }, _agent);
        Assert.Equal(200, communicated.Status);
        Assert.All(communicated.Json.GetProperty("incidents").EnumerateArray(), o => Assert.Equal("commented", o.GetProperty("outcome").GetString()));
        var activity = await _api.Activity(_user, incidents[1]);
        Assert.Contains("10 sekunder", activity.Body);

        var unlinked = await _app.SendAsync(r => Problems.Unlink(r, prb, incidents[1]), "DELETE", $"/api/problems/{prb}/incidents/{incidents[1]}", token: _agent);
        Assert.Equal(200, unlinked.Status);
        Assert.DoesNotContain(prb, (await _api.Get(_agent, incidents[1])).Body);

        var resolved = await _app.SendAsync(r => Problems.Resolve(r, prb), "POST", $"/api/problems/{prb}/resolve",
            new { resolutionNotes = "BIOS 1.3 rolled out.", resolveIncidents = true }, _agent);
        Assert.Equal(200, resolved.Status);
        Assert.Equal("resolved", resolved.Json.GetProperty("problem").GetProperty("status").GetString());
        Assert.Equal("resolved", (await _api.Get(_agent, incidents[0])).Get("status"));
        Assert.NotEqual("resolved", (await _api.Get(_agent, incidents[1])).Get("status"));
    }

    [Fact]
    public async Task Two_managers_accepting_the_same_candidate_at_once_open_one_problem()
    {
        await ProblemScenarios.RepeatedFailuresAsync(_app);
        await Detect();
        var id = (await ListCandidates(_agent)).Json.GetProperty("items")[0].GetProperty("id").GetString()!;
        var other = await _app.TokenAsync(new { userId = "a-lisa", name = "Lisa Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });

        var answers = await Task.WhenAll(new[] { _agent, other }.Select(token =>
            _app.SendAsync(r => Candidates.Accept(r, id), "POST", $"/api/problems/candidates/{id}/accept", new { }, token)));

        // Both at once: both get the one problem. One after the other: the second is told it is decided (409).
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { 201, 409 }));
        var problems = answers.Where(a => a.Status == 201).Select(a => a.Json.GetProperty("problem").GetProperty("number").GetString()).Distinct().ToList();
        var problem = Assert.Single(problems);
        var listed = await _api.List(_agent, "?customerId=contoso&kind=Problem");
        Assert.Equal([problem], listed.Json.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("number").GetString()));
        var candidate = await _app.SendAsync(r => Candidates.Get(r, id), "GET", $"/api/problems/candidates/{id}", token: _agent);
        Assert.Equal(problem, candidate.Get("problemNumber"));
    }

    [Fact]
    public async Task Rejected_candidate_records_why_and_stays_suppressed()
    {
        await ProblemScenarios.RepeatedFailuresAsync(_app);
        await Detect();
        var id = (await ListCandidates(_agent)).Json.GetProperty("items")[0].GetProperty("id").GetString()!;

        var rejected = await _app.SendAsync(r => Candidates.Reject(r, id), "POST", $"/api/problems/candidates/{id}/reject", new { reason = "Användaren tappade datorn." }, _agent);
        Assert.Equal(200, rejected.Status);
        Assert.Equal("rejected", rejected.Get("status"));
        Assert.Equal("Användaren tappade datorn.", rejected.Get("rejectionReason"));

        Assert.Equal(0, (await Detect()).Json.GetProperty("created").GetInt32());
        Assert.Single((await ListCandidates(_agent)).Json.GetProperty("items").EnumerateArray());
        Assert.Equal(409, (await _app.SendAsync(r => Candidates.Accept(r, id), "POST", $"/api/problems/candidates/{id}/accept", new { }, _agent)).Status);
    }

    [Fact]
    public async Task Sample_incidents_load_through_the_use_cases_once_and_only_for_admins()
    {
        Assert.Equal(403, (await _app.SendAsync(r => _app.Get<SampleDataApi>().Run(r), "POST", "/api/dev/sample-incidents", new { }, _agent)).Status);
        var loaded = await _app.SendAsync(r => _app.Get<SampleDataApi>().Run(r), "POST", "/api/dev/sample-incidents",
            new { customers = new[] { "tailspin" }, days = 10 }, _admin);
        Assert.Equal(200, loaded.Status);
        var created = loaded.Json.GetProperty("created").GetInt32();
        Assert.True(created > 50, loaded.Body);
        var again = await _app.SendAsync(r => _app.Get<SampleDataApi>().Run(r), "POST", "/api/dev/sample-incidents",
            new { customers = new[] { "tailspin" }, days = 10 }, _admin);
        Assert.Equal(created, again.Json.GetProperty("replayed").GetInt32());
    }

    [Fact]
    public async Task Sample_incidents_endpoint_is_missing_without_development_tokens()
    {
        await using var app = await TestApp.StartAsync(s => s["ServiceDesk:Auth:DevelopmentTokens"] = "false");
        var response = await app.SendAsync(r => app.Get<SampleDataApi>().Run(r), "POST", "/api/dev/sample-incidents", new { });
        Assert.Equal(404, response.Status);
    }
}
