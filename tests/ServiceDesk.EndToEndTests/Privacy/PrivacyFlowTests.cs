using System.IO.Compression;
using System.Net;
using System.Text.Json;
using ServiceDesk.EndToEndTests.Infrastructure;

namespace ServiceDesk.EndToEndTests.Privacy;

/// <summary>Export and erasure over real HTTP, run by the real <c>privacy-jobs</c> queue trigger of the local host.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class PrivacyFlowTests(LocalHostFixture fixture)
{
    private const string Customer = "privacyflow";
    private readonly ApiClient _api = new(fixture.Client);

    [Fact]
    public async Task A_privacy_officer_exports_and_then_erases_a_person_through_the_queue()
    {
        await _api.PutCustomerAsync(Customer);
        var user = await _api.TokenAsync(new { userId = "u-karin", name = "Karin Lund", email = "karin.lund@" + Customer + ".se", customerId = Customer, roles = new[] { "EndUser" } });
        var officer = await _api.TokenAsync(new { userId = "dpo", name = "Dataskydd", email = "dpo@" + Customer + ".se", customerId = Customer, roles = new[] { "PrivacyOfficer" } });
        var agent = await _api.TokenAsync(new { userId = "a-1", name = "Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { Customer } });
        string number;
        using (var created = await _api.SendAsync(HttpMethod.Post, "api/tickets", user,
                   new { kind = "Incident", title = "Karin Lund kan inte skriva ut", description = "Skrivaren svarar inte.", impact = "Low", urgency = "Low" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            number = (await ApiClient.JsonAsync(created)).GetProperty("number").GetString()!;
        }

        var export = await RunAsync("exports", officer);
        var link = export.GetProperty("download").GetString()!;
        using (var zipResponse = await fixture.Client.GetAsync(link.TrimStart('/')))
        {
            Assert.Equal(HttpStatusCode.OK, zipResponse.StatusCode);
            using var zip = new ZipArchive(await zipResponse.Content.ReadAsStreamAsync());
            using var reader = new StreamReader(zip.GetEntry("personal-data.json")!.Open());
            var json = await reader.ReadToEndAsync();
            Assert.Contains(number, json, StringComparison.Ordinal);
            Assert.Contains("Karin Lund kan inte skriva ut", json, StringComparison.Ordinal);
        }

        var erasure = await RunAsync("erasures", officer);
        var pseudonym = erasure.GetProperty("subject").GetString()!;
        using var ticket = await _api.SendAsync(HttpMethod.Get, "api/tickets/" + number, agent);
        var body = await ticket.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Karin", body, StringComparison.Ordinal);
        Assert.Contains(pseudonym, body, StringComparison.Ordinal);
        // The export went with the erasure.
        using var gone = await fixture.Client.GetAsync(link.TrimStart('/'));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private async Task<JsonElement> RunAsync(string kind, string officer)
    {
        string id;
        using (var requested = await _api.SendAsync(HttpMethod.Post, "api/privacy/" + kind, officer, new { customerId = Customer, userId = "u-karin", email = "karin.lund@" + Customer + ".se" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
            id = (await ApiClient.JsonAsync(requested)).GetProperty("id").GetString()!;
        }
        return await Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await _api.SendAsync(HttpMethod.Get, $"api/privacy/{kind}/{id}", officer);
                return await ApiClient.JsonAsync(response);
            },
            job => job.GetProperty("status").GetString() == "completed", TimeSpan.FromSeconds(90), $"the {kind} job to complete");
    }
}
