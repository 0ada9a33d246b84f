using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ServiceDesk.IntegrationTests.Infrastructure;

/// <summary>What a function answered, after its IActionResult was executed by ASP.NET Core.</summary>
public sealed record ApiResponse(int Status, IHeaderDictionary Headers, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? ETag => Headers.ETag.FirstOrDefault();

    public string Get(string property) => Json.GetProperty(property).ToString();

    public override string ToString() => $"{Status} {ContentType}: {Body}";
}
