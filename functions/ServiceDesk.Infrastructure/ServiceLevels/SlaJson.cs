using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceDesk.Infrastructure.ServiceLevels;

/// <summary>How service level documents and clocks are stored: web defaults with enum names (stable when enums grow).</summary>
internal static class SlaJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
