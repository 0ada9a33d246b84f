using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Functions.Workflows;

/// <summary>Posts signed JSON to a vendor's webhook through a named <see cref="IHttpClientFactory"/> client.</summary>
public sealed class HttpVendorWebhook(IHttpClientFactory clients, TimeProvider time) : IVendorWebhook
{
    public const string ClientName = "vendor-webhooks";

    public async Task PostAsync(Vendor vendor, object payload, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, Http.Json.Options);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, vendor.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(VendorSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(VendorSignature.SignatureHeader, VendorSignature.Sign(vendor.WebhookSecret!, timestamp, body));
        using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    public static IServiceCollection Register(IServiceCollection services)
    {
        services.AddHttpClient(ClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<IVendorWebhook, HttpVendorWebhook>();
        return services;
    }
}
