using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Problems;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Functions.Customers;
using ServiceDesk.Functions.ProblemManagement;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Problems;

/// <summary>
/// Per-customer detection thresholds on Azurite: set with <c>PUT /api/customers/{id}</c>, read back with GET, validated
/// per field, and used by the detection run for that customer only.
/// </summary>
public sealed class CustomerDetectionThresholdTests : IAsyncLifetime
{
    private static readonly Caller Admin = new("admin", "Admin", null, "supplier", new HashSet<Role> { Role.Admin }, []);

    private TestApp _app = null!;
    private Api _api = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        _admin = await _app.TokenAsync(new { userId = "admin", name = "Admin", customerId = "supplier", roles = new[] { "Admin" } });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<ApiResponse> GetCustomer(string id) =>
        _app.SendAsync(r => _app.Get<CustomersApi>().Get(r, id), "GET", "/api/customers/" + id, token: _admin);

    private static object Body(object? problemDetection) => new { name = "Contoso AB", emailDomains = new[] { "contoso.se" }, problemDetection };

    [Fact]
    public async Task Overrides_round_trip_through_put_and_get_and_a_put_without_them_clears_them()
    {
        var put = await _api.PutCustomer(_admin, "contoso", Body(new { volumeMinIncidents = 3, volumeWindowHours = 48, similarityMinIncidents = 4 }));
        Assert.Equal(200, put.Status);
        Assert.Equal(3, put.Json.GetProperty("problemDetection").GetProperty("volumeMinIncidents").GetInt32());

        // A fresh process (cold customer cache) reads the stored row, not the cache of the process that wrote it.
        await using (var other = await TestApp.StartAsync(s => s["ServiceDesk:Storage:TablePrefix"] = _app.TablePrefix))
        {
            var stored = await other.Get<ICustomerDirectory>().FindAsync("contoso", CancellationToken.None);
            Assert.Equal(new Domain.Customers.ProblemDetectionOverrides(3, 48, 4), stored!.ProblemDetection);
        }

        var get = await GetCustomer("contoso");
        Assert.Equal(200, get.Status);
        var detection = get.Json.GetProperty("problemDetection");
        Assert.Equal(3, detection.GetProperty("volumeMinIncidents").GetInt32());
        Assert.Equal(48, detection.GetProperty("volumeWindowHours").GetInt32());
        Assert.Equal(4, detection.GetProperty("similarityMinIncidents").GetInt32());

        // Only one value: the others are the global defaults, and GET leaves them out.
        Assert.Equal(200, (await _api.PutCustomer(_admin, "contoso", Body(new { volumeWindowHours = 12 }))).Status);
        detection = (await GetCustomer("contoso")).Json.GetProperty("problemDetection");
        Assert.Equal(12, detection.GetProperty("volumeWindowHours").GetInt32());
        Assert.False(detection.TryGetProperty("volumeMinIncidents", out _));
        Assert.False(detection.TryGetProperty("similarityMinIncidents", out _));

        // PUT replaces the record: without problemDetection (or with only nulls) the customer is back on the defaults.
        Assert.Equal(200, (await _api.PutCustomer(_admin, "contoso", Body(null))).Status);
        Assert.False((await GetCustomer("contoso")).Json.TryGetProperty("problemDetection", out _));
        Assert.Equal(200, (await _api.PutCustomer(_admin, "contoso", Body(new { volumeMinIncidents = (int?)null }))).Status);
        Assert.False((await GetCustomer("contoso")).Json.TryGetProperty("problemDetection", out _));
        Assert.Null((await _app.Get<ICustomerDirectory>().FindAsync("contoso", CancellationToken.None))!.ProblemDetection);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"volumeMinIncidents":0}""", "problemDetection.volumeMinIncidents" },
        { """{"volumeMinIncidents":1}""", "problemDetection.volumeMinIncidents" },
        { """{"volumeMinIncidents":-5}""", "problemDetection.volumeMinIncidents" },
        { """{"volumeMinIncidents":1001}""", "problemDetection.volumeMinIncidents" },
        { """{"volumeWindowHours":0}""", "problemDetection.volumeWindowHours" },
        { """{"volumeWindowHours":169}""", "problemDetection.volumeWindowHours" },
        { """{"volumeWindowHours":100000}""", "problemDetection.volumeWindowHours" },
        { """{"similarityMinIncidents":2}""", "problemDetection.similarityMinIncidents" },
        { """{"similarityMinIncidents":1001}""", "problemDetection.similarityMinIncidents" },
        { """{"volumeMinIncidents":"three"}""", "problemDetection.volumeMinIncidents" },
        { """{"volumeMinIncidents":99999999999}""", "problemDetection.volumeMinIncidents" },
        { """{"volumeMinIncidents":3.5}""", "problemDetection.volumeMinIncidents" },
        { """{"minIncidents":3}""", "problemDetection.minIncidents" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_thresholds_are_400_naming_the_field_and_change_nothing(string problemDetection, string field)
    {
        Assert.Equal(200, (await _api.PutCustomer(_admin, "contoso", Body(new { volumeMinIncidents = 4 }))).Status);

        var body = $$"""{"name":"Contoso AB","emailDomains":["contoso.se"],"problemDetection":{{problemDetection}}}""";
        var response = await _api.PutCustomer(_admin, "contoso", body);

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        var errors = response.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), response.Body);
        Assert.Equal(4, (await GetCustomer("contoso")).Json.GetProperty("problemDetection").GetProperty("volumeMinIncidents").GetInt32());
    }

    [Fact]
    public async Task Every_bad_threshold_is_reported_at_once_and_the_bounds_themselves_are_accepted()
    {
        var bad = await _api.PutCustomer(_admin, "contoso", Body(new { volumeMinIncidents = 0, volumeWindowHours = 0, similarityMinIncidents = 0 }));
        Assert.Equal(400, bad.Status);
        Assert.Equal(
            ["problemDetection.similarityMinIncidents", "problemDetection.volumeMinIncidents", "problemDetection.volumeWindowHours"],
            bad.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());

        Assert.Equal(200, (await _api.PutCustomer(_admin, "contoso", Body(new { volumeMinIncidents = 2, volumeWindowHours = 1, similarityMinIncidents = 3 }))).Status);
        Assert.Equal(200, (await _api.PutCustomer(_admin, "contoso", Body(new { volumeMinIncidents = 1000, volumeWindowHours = 168, similarityMinIncidents = 1000 }))).Status);
    }

    [Fact]
    public async Task A_customer_with_a_lower_volume_threshold_gets_a_candidate_from_a_burst_that_the_default_ignores()
    {
        Assert.Equal(200, (await _api.PutCustomer(_admin, "sensitive", new { name = "Sensitive AB", problemDetection = new { volumeMinIncidents = 3 } })).Status);
        Assert.Equal(200, (await _api.PutCustomer(_admin, "standard", new { name = "Standard AB" })).Status);
        var now = DateTimeOffset.UtcNow;
        var burst = new Dictionary<string, List<string>>();
        foreach (var customer in new[] { "sensitive", "standard" })
        {
            // More than MinHistory (7 days) of history, on another service, so the volume rule has a baseline and the
            // printer's usual rate is zero; then three printer incidents within three hours.
            await IncidentAsync(customer, now.AddDays(-9), "VPN", null, "Network", "VPN kopplar ner");
            await IncidentAsync(customer, now.AddDays(-5), "VPN", null, "Network", "VPN kopplar ner igen");
            burst[customer] = [];
            for (var i = 0; i < 3; i++)
            {
                burst[customer].Add(await IncidentAsync(customer, now.AddHours(-3 + i), "Printing", "PRN-0042", "Hardware", "Skrivaren skriver inte ut"));
            }
        }

        var sensitive = await DetectAsync("sensitive");
        Assert.Equal(1, sensitive.GetProperty("created").GetInt32());
        var candidate = Assert.Single(await CandidatesAsync("sensitive"));
        Assert.Equal("volume", candidate.GetProperty("rule").GetString());
        Assert.Equal("configurationItem", candidate.GetProperty("dimension").GetString());
        Assert.Equal("PRN-0042", candidate.GetProperty("value").GetString());
        Assert.Equal(3, candidate.GetProperty("threshold").GetInt32());
        Assert.Equal(burst["sensitive"].Order(), candidate.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).Order());

        Assert.Equal(0, (await DetectAsync("standard")).GetProperty("created").GetInt32());
        Assert.Empty(await CandidatesAsync("standard"));

        // The same setup does reach the default threshold (5) with two more incidents: the 3 above were below it.
        // (Opened now, not back-dated: the statistics watermark of the run above is now, and changes dated before it
        // are not read again.)
        for (var i = 0; i < 2; i++)
        {
            burst["standard"].Add(await IncidentAsync("standard", DateTimeOffset.UtcNow, "Printing", "PRN-0042", "Hardware", "Skrivaren skriver inte ut"));
        }
        Assert.Equal(1, (await DetectAsync("standard")).GetProperty("created").GetInt32());
        var standard = Assert.Single(await CandidatesAsync("standard"));
        Assert.Equal(_app.Get<Microsoft.Extensions.Options.IOptions<ProblemOptions>>().Value.VolumeMinIncidents, standard.GetProperty("threshold").GetInt32());
        Assert.Equal(burst["standard"].Order(), standard.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).Order());
    }

    /// <summary>An incident opened at <paramref name="at"/>, through the ticket use cases with their clock set to then
    /// (as the sample loader back-dates its stream).</summary>
    private async Task<string> IncidentAsync(string customerId, DateTimeOffset at, string service, string? item, string category, string title)
    {
        var commands = new TicketCommands(_app.Get<ITicketStore>(), _app.Get<ITicketNumberAllocator>(), _app.Get<ICustomerDirectory>(), new TicketUpdater(_app.Get<ITicketStore>(), new FakeTimeProvider(at)), new FakeTimeProvider(at));
        var created = await commands.CreateAsync(Admin, new CreateTicketInput
        {
            Kind = "Incident",
            CustomerId = customerId,
            Title = title,
            Description = "Sedan i morse.",
            Service = service,
            ConfigurationItem = item,
            Category = category,
            Impact = "Medium",
            Urgency = "Medium",
            Requester = new RequesterInput { Id = "u-" + Guid.NewGuid().ToString("N")[..8], Name = "Anna", Email = $"anna@{customerId}.se" },
        }, null, CancellationToken.None);
        return created.Ticket.State.Number.ToString();
    }

    private async Task<JsonElement> DetectAsync(string customerId)
    {
        var response = await _app.SendAsync(r => _app.Get<ProblemsApi>().Detect(r), "POST", "/api/problems/detect", new { customerId }, _admin);
        Assert.True(response.Status == 200, response.ToString());
        return response.Json;
    }

    private async Task<List<JsonElement>> CandidatesAsync(string customerId)
    {
        var response = await _app.SendAsync(r => _app.Get<ProblemCandidatesApi>().List(r), "GET", "/api/problems/candidates?customerId=" + customerId, token: _admin);
        Assert.True(response.Status == 200, response.ToString());
        return response.Json.GetProperty("items").EnumerateArray().ToList();
    }
}
