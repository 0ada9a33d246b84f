using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ServiceDesk.EndToEndTests.Infrastructure;

/// <summary>Small helpers for calling the ServiceDesk API over HTTP with development tokens.</summary>
/// <param name="checkContract">Check every response against the served OpenAPI document (off only where timing is measured).</param>
public sealed class ApiClient(HttpClient client, bool checkContract = true)
{
    public async Task<string> TokenAsync(object claims)
    {
        using var response = await client.PostAsJsonAsync("api/dev/token", claims);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).GetProperty("token").GetString()!;
    }

    /// <summary>Sends the request and checks the response against the served OpenAPI document (<see cref="OpenApiContract"/>).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        if (body is not null) request.Content = JsonContent.Create(body);
        var response = await client.SendAsync(request);
        if (checkContract)
        {
            await OpenApiContract.AssertMatchesAsync(client, method, path, response);
        }
        return response;
    }

    /// <summary>Registers the customer (as an admin) so tickets can be opened for it.</summary>
    public async Task PutCustomerAsync(string id)
    {
        var admin = await TokenAsync(new { userId = "admin1", name = "Ada Admin", customerId = "supplier", roles = new[] { "Admin" } });
        using var response = await SendAsync(HttpMethod.Put, $"api/customers/{id}", admin,
            new { name = id.ToUpperInvariant(), emailDomains = new[] { id + ".se" }, defaultLanguage = "sv" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
