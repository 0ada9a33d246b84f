using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ServiceDesk.Application.Common;

namespace ServiceDesk.Functions.Http;

/// <summary>Reads JSON request bodies with a content-type check and a size limit.</summary>
public static class RequestBody
{
    public const int DefaultMaxBytes = 128 * 1024;

    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, int maxBytes = DefaultMaxBytes) where T : class
    {
        var contentType = request.ContentType;
        var mediaType = contentType?.Split(';')[0].Trim();
        if (mediaType is null || !(mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                                   mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            throw new UnsupportedMediaTypeException("Send the body as JSON with 'Content-Type: application/json'.");
        }
        if (request.ContentLength > maxBytes)
        {
            throw new PayloadTooLargeException($"The body is larger than {maxBytes / 1024} KiB.");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new PayloadTooLargeException($"The body is larger than {maxBytes / 1024} KiB.");
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            throw ValidationException.For("body", FieldRule.Required, "The request body is empty; send a JSON object.");
        }
        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Json.Options)
                ?? throw ValidationException.For("body", FieldRule.Type, "Send a JSON object, not null.");
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            var (rule, message) = Describe(e);
            throw ValidationException.For(path, rule, message);
        }
    }

    private static (FieldRule Rule, string Message) Describe(JsonException e) =>
        e.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? (FieldRule.UnknownProperty, "Unknown field: this API does not accept it.")
            : e.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? (FieldRule.Type, "Wrong type for this field.")
                : (FieldRule.Type, "The body is not valid JSON.");
}

public sealed class UnsupportedMediaTypeException(string detail) : ServiceDeskException("Unsupported media type", detail)
{
    public override string ProblemCode => ProblemCodes.UnsupportedMediaType;
}

public sealed class PayloadTooLargeException(string detail) : ServiceDeskException("Payload too large", detail)
{
    public override string ProblemCode => ProblemCodes.PayloadTooLarge;
}
