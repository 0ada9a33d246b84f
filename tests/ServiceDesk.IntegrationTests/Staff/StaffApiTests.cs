using ServiceDesk.Application.Staff;
using ServiceDesk.Functions.Staff;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Staff;

/// <summary>The staff directory API on Azurite: admins write and read it, everyone else is refused; bad input is a 400 per field.</summary>
public sealed class StaffApiTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _admin = await _app.TokenAsync(new { userId = "admin", name = "Admin", customerId = "supplier", roles = new[] { "Admin" } });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private StaffApi Api => _app.Get<StaffApi>();

    private Task<ApiResponse> Put(string? token, string userId, object body) =>
        _app.SendAsync(r => Api.Put(r, userId), "PUT", "/api/staff/" + userId, body, token);

    private Task<ApiResponse> Get(string? token, string userId) =>
        _app.SendAsync(r => Api.Get(r, userId), "GET", "/api/staff/" + userId, token: token);

    private Task<ApiResponse> List(string? token) => _app.SendAsync(r => Api.List(r), "GET", "/api/staff", token: token);

    private static object Body(string language = "sv", string[]? roles = null, string[]? served = null) => new
    {
        name = "Petra Problem",
        email = "Petra@Supplier.se",
        language,
        roles = roles ?? ["ProblemManager"],
        servedCustomers = served ?? ["contoso", "fabrikam"],
    };

    [Fact]
    public async Task A_member_round_trips_through_put_get_and_list_and_a_put_replaces_it()
    {
        var put = await Put(_admin, "pm-petra", Body(served: ["fabrikam", "contoso", "contoso"]));
        Assert.Equal(200, put.Status);
        Assert.Equal("petra@supplier.se", put.Get("email"));

        // A fresh process reads the stored row.
        await using (var other = await TestApp.StartAsync(s => s["ServiceDesk:Storage:TablePrefix"] = _app.TablePrefix))
        {
            var stored = await other.Get<IStaffDirectory>().FindAsync("pm-petra", CancellationToken.None);
            Assert.NotNull(stored);
            Assert.Equal(["contoso", "fabrikam"], stored.ServedCustomers);
            Assert.Equal([Application.Security.Role.ProblemManager], stored.Roles);
            Assert.Equal(Domain.Common.Language.Sv, stored.Language);
        }

        var get = await Get(_admin, "pm-petra");
        Assert.Equal(200, get.Status);
        Assert.Equal("pm-petra", get.Get("userId"));
        Assert.Equal("Petra Problem", get.Get("name"));
        Assert.Equal("sv", get.Get("language"));
        Assert.Equal(["problemManager"], get.Json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["contoso", "fabrikam"], get.Json.GetProperty("servedCustomers").EnumerateArray().Select(r => r.GetString()));

        Assert.Equal(200, (await Put(_admin, "pm-petra", Body("en", ["Agent", "ProblemManager"], ["*"]))).Status);
        Assert.Equal(200, (await Put(_admin, "agent-axel", Body(roles: ["Agent"]))).Status);
        var list = await List(_admin);
        Assert.Equal(200, list.Status);
        var items = list.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["agent-axel", "pm-petra"], items.Select(i => i.GetProperty("userId").GetString()));
        var petra = items[1];
        Assert.Equal("en", petra.GetProperty("language").GetString());
        Assert.Equal(["agent", "problemManager"], petra.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["*"], petra.GetProperty("servedCustomers").EnumerateArray().Select(r => r.GetString()));

        Assert.Equal(404, (await Get(_admin, "nobody")).Status);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"email":"p@supplier.se","language":"sv","roles":["ProblemManager"]}""", "name" },
        { """{"name":"P","language":"sv","roles":["ProblemManager"]}""", "email" },
        { """{"name":"P","email":"not-an-address","language":"sv","roles":["ProblemManager"]}""", "email" },
        { """{"name":"P","email":"p@supplier.se","roles":["ProblemManager"]}""", "language" },
        { """{"name":"P","email":"p@supplier.se","language":"de","roles":["ProblemManager"]}""", "language" },
        { """{"name":"P","email":"p@supplier.se","language":"sv"}""", "roles" },
        { """{"name":"P","email":"p@supplier.se","language":"sv","roles":[]}""", "roles" },
        { """{"name":"P","email":"p@supplier.se","language":"sv","roles":["EndUser"]}""", "roles[0]" },
        { """{"name":"P","email":"p@supplier.se","language":"sv","roles":["Agent","Boss"]}""", "roles[1]" },
        { """{"name":"P","email":"p@supplier.se","language":"sv","roles":["Agent"],"servedCustomers":["Contoso AB"]}""", "servedCustomers[0]" },
        { """{"name":"P","email":"p@supplier.se","language":"sv","roles":["Agent"],"servedCustomers":["*","contoso"]}""", "servedCustomers" },
        { """{"name":"P","email":"p@supplier.se","language":"sv","roles":["Agent"],"nickname":"Pe"}""", "nickname" },
        { """{"name":"P","email":"p@supplier.se","language":"sv","roles":"Agent"}""", "roles" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_bodies_are_400_problem_json_naming_the_field_and_store_nothing(string body, string field)
    {
        var response = await Put(_admin, "pm-x", body);

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out _), response.Body);
        Assert.Equal(404, (await Get(_admin, "pm-x")).Status);
    }

    [Fact]
    public async Task A_bad_user_id_is_400()
    {
        var response = await Put(_admin, "bad id", Body());
        Assert.Equal(400, response.Status);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("userId", out _), response.Body);
    }

    [Fact]
    public async Task Only_admins_may_read_or_write_the_directory()
    {
        Assert.Equal(200, (await Put(_admin, "pm-petra", Body())).Status);
        var agent = await _app.TokenAsync(new { userId = "a", name = "A", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });
        var pm = await _app.TokenAsync(new { userId = "pm-petra", name = "P", customerId = "supplier", roles = new[] { "ProblemManager" }, servedCustomers = new[] { "*" } });
        var user = await _app.TokenAsync("u-anna", "contoso", "EndUser");
        foreach (var token in new[] { agent, pm, user })
        {
            Assert.Equal(403, (await Put(token, "pm-petra", Body(roles: ["Admin"]))).Status);
            Assert.Equal(403, (await Get(token, "pm-petra")).Status);
            Assert.Equal(403, (await List(token)).Status);
        }
        Assert.Equal(401, (await Put(null, "pm-petra", Body())).Status);
        Assert.Equal(401, (await List(null)).Status);
        Assert.Equal(["problemManager"], (await Get(_admin, "pm-petra")).Json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }
}
