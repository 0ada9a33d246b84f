using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceDesk.Benchmarks.Harness;

namespace ServiceDesk.Benchmarks.Workflows;

/// <summary>The ServiceDesk API over HTTP with development tokens: a minimal copy of the end-to-end tests' ApiClient.</summary>
public sealed class ApiClient(HttpClient client)
{
    public async Task<string> TokenAsync(object claims)
    {
        using var response = await client.PostAsJsonAsync("api/dev/token", claims);
        RequireSuccess(response);
        return (await JsonAsync(response)).GetProperty("token").GetString()!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = body is null ? null : JsonContent.Create(body);
        return await client.SendAsync(request);
    }

    /// <summary>Registers the customer (as an admin) so tickets can be opened for it.</summary>
    public async Task PutCustomerAsync(string id)
    {
        var admin = await TokenAsync(new { userId = "admin1", name = "Ada Admin", customerId = "supplier", roles = new[] { "Admin" } });
        using var response = await SendAsync(HttpMethod.Put, $"api/customers/{id}", admin,
            new { name = id.ToUpperInvariant(), emailDomains = new[] { id + ".se" }, defaultLanguage = "sv" });
        RequireSuccess(response);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static void RequireSuccess(HttpResponseMessage response) =>
        BenchmarkCheckException.Require(response.IsSuccessStatusCode, Describe(response));

    public static void RequireStatus(HttpStatusCode expected, HttpResponseMessage response) =>
        BenchmarkCheckException.Require(response.StatusCode == expected, $"expected {(int)expected}; " + Describe(response));

    private static string Describe(HttpResponseMessage response) =>
        $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}";
}
