using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Problems;

/// <summary>Ticket histories the problem-management tests detect problems in.</summary>
internal static class ProblemScenarios
{
    /// <summary>
    /// One requester's laptop keeps failing: two incidents of contoso by u-anna, each resolved by the agent a-erik and
    /// reopened twice (the reopen rule). Returns their numbers.
    /// </summary>
    public static async Task<List<string>> RepeatedFailuresAsync(TestApp app)
    {
        var api = new Api(app);
        var user = await app.TokenAsync("u-anna", "contoso", "EndUser");
        var agent = await app.TokenAsync(new { userId = "a-erik", name = "Erik Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
        var incidents = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var number = (await api.Create(user, new { kind = "Incident", title = "Min bärbara dator startar inte", description = "Den startar inte igen.", category = "Hardware" })).Get("number");
            for (var r = 0; r < 2; r++)
            {
                await api.Step(agent, number, "resolve", new { resolutionCode = "Solved", resolutionNotes = "Omstart." });
                await api.Step(user, number, "reopen", new { reason = "Det har hänt igen." });
            }
            incidents.Add(number);
        }
        return incidents;
    }
}
