using ServiceDesk.Functions.Customers;
using ServiceDesk.Functions.Tickets;

namespace ServiceDesk.IntegrationTests.Infrastructure;

/// <summary>Shorthands for calling the ticket functions the way the HTTP routes do.</summary>
public sealed class Api(TestApp app)
{
    public TestApp App => app;

    public Task<ApiResponse> Create(string token, object body, string? idempotencyKey = null) =>
        app.SendAsync(r => app.Get<TicketsApi>().Create(r), "POST", "/api/tickets", body, token,
            idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    public Task<ApiResponse> Get(string token, string number) =>
        app.SendAsync(r => app.Get<TicketsApi>().Get(r, number), "GET", "/api/tickets/" + number, token: token);

    public Task<ApiResponse> List(string token, string query = "") =>
        app.SendAsync(r => app.Get<TicketsApi>().List(r), "GET", "/api/tickets" + query, token: token);

    public Task<ApiResponse> Update(string token, string number, object body, string? ifMatch) =>
        app.SendAsync(r => app.Get<TicketsApi>().Update(r, number), "PATCH", "/api/tickets/" + number, body, token, IfMatch(ifMatch));

    public Task<ApiResponse> Comment(string token, string number, string text, string visibility = "public", string? ifMatch = null) =>
        app.SendAsync(r => app.Get<TicketWorkApi>().Comment(r, number), "POST", $"/api/tickets/{number}/comments",
            new { text, visibility }, token, IfMatch(ifMatch));

    public Task<ApiResponse> Transition(string token, string number, string action, object? body, string? ifMatch) =>
        app.SendAsync(r => app.Get<TicketWorkApi>().Transition(r, number, action), "POST", $"/api/tickets/{number}/transitions/{action}",
            body ?? new { }, token, IfMatch(ifMatch));

    public Task<ApiResponse> Activity(string token, string number, string query = "") =>
        app.SendAsync(r => app.Get<TicketWorkApi>().Activity(r, number), "GET", $"/api/tickets/{number}/activity{query}", token: token);

    public Task<ApiResponse> PutCustomer(string token, string id, object body) =>
        app.SendAsync(r => app.Get<CustomersApi>().Put(r, id), "PUT", "/api/customers/" + id, body, token);

    /// <summary>Runs a transition with the ticket's current ETag, asserting success.</summary>
    public async Task<ApiResponse> Step(string token, string number, string action, object? body = null)
    {
        var current = await Get(token, number);
        var response = await Transition(token, number, action, body, current.ETag);
        Assert.True(response.Status == 200, $"{action}: {response}");
        return response;
    }

    public static object Incident(string title = "Skrivaren på plan 3 skriver inte ut") => new
    {
        kind = "Incident",
        title,
        description = "Utskrifter fastnar i kön sedan i morse.",
        category = "Hardware",
        service = "Printing",
        impact = "Medium",
        urgency = "High",
    };

    public static object OnBehalf(string customerId, string requesterId = "r-100") => new
    {
        kind = "Incident",
        title = "Kan inte logga in i VPN",
        description = "Användaren ringde: VPN-klienten avvisar lösenordet.",
        customerId,
        requester = new { id = requesterId, name = "Åsa Öberg", email = "asa.oberg@" + customerId + ".se", phone = "+46701234567", language = "sv" },
        impact = "Low",
        urgency = "Medium",
    };

    private static Dictionary<string, string>? IfMatch(string? etag) =>
        etag is null ? null : new Dictionary<string, string> { ["If-Match"] = etag };
}
