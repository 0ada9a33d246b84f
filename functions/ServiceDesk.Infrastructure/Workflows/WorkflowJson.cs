using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceDesk.Infrastructure.Workflows;

/// <summary>How workflow records are stored: one JSON column per row (records are small and read whole).</summary>
internal static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string? json) => JsonSerializer.Deserialize<T>(json ?? "null", Options)
        ?? throw new InvalidOperationException($"A stored {typeof(T).Name} is empty.");
}
