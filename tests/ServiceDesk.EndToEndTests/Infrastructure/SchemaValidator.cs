using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceDesk.EndToEndTests.Infrastructure;

/// <summary>
/// A small JSON Schema validator over the served OpenAPI document (the JSON text, not the object model): $ref to
/// components, type (with null), enum, required, properties, additionalProperties (false or a schema), items, oneOf.
/// Enough to catch a renamed, missing, extra or mistyped property; formats are not checked. Compiled into the
/// integration tests too (linked), which check it and validate in-process responses with it.
/// </summary>
public sealed class SchemaValidator(JsonNode document)
{
    public static SchemaValidator FromJson(string json) => new(JsonNode.Parse(json)!);

    /// <summary>The schema of the response <paramref name="status"/> of <c>method path</c> for <paramref name="mediaType"/>.</summary>
    public JsonNode ResponseSchema(string method, string path, int status, string mediaType = "application/json") =>
        document["paths"]?[path]?[method]?["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?[mediaType]?["schema"]
        ?? throw new InvalidOperationException($"The document has no {mediaType} schema for {method.ToUpperInvariant()} {path} {status}.");

    public IReadOnlyList<string> Validate(JsonNode schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(schema, value, "$", errors);
        return errors;
    }

    private JsonNode Resolve(JsonNode schema)
    {
        while (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            const string prefix = "#/components/schemas/";
            if (!reference.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Unsupported $ref " + reference);
            }
            schema = document["components"]!["schemas"]![reference[prefix.Length..]] ?? throw new InvalidOperationException("Dangling $ref " + reference);
        }
        return schema;
    }

    private void Check(JsonNode schema, JsonElement value, string at, List<string> errors)
    {
        schema = Resolve(schema);
        if (schema["oneOf"] is JsonArray oneOf)
        {
            var passing = oneOf.Count(s => { var e = new List<string>(); Check(s!, value, at, e); return e.Count == 0; });
            if (passing != 1)
            {
                errors.Add($"{at}: matches {passing} of the oneOf schemas, not exactly one");
            }
            return;
        }
        if (schema["type"] is { } type)
        {
            var allowed = type is JsonArray many ? many.Select(t => t!.GetValue<string>()).ToList() : [type.GetValue<string>()];
            if (!allowed.Any(t => Is(t, value)))
            {
                errors.Add($"{at}: {value.ValueKind} is not {string.Join(" or ", allowed)}");
                return;
            }
        }
        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, JsonNode.Parse(value.GetRawText()))))
        {
            errors.Add($"{at}: {value.GetRawText()} is not one of {values.ToJsonString()}");
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema["properties"] as JsonObject;
            foreach (var required in schema["required"] as JsonArray ?? [])
            {
                if (!value.TryGetProperty(required!.GetValue<string>(), out _))
                {
                    errors.Add($"{at}: required property '{required}' is missing");
                }
            }
            foreach (var property in value.EnumerateObject())
            {
                if (properties?[property.Name] is { } propertySchema)
                {
                    Check(propertySchema, property.Value, $"{at}.{property.Name}", errors);
                }
                else if (schema["additionalProperties"] is JsonValue additional && additional.GetValue<bool>() == false)
                {
                    errors.Add($"{at}: property '{property.Name}' is not in the schema");
                }
                else if (schema["additionalProperties"] is JsonObject additionalSchema)
                {
                    Check(additionalSchema, property.Value, $"{at}.{property.Name}", errors);
                }
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema["items"] is { } items)
        {
            var i = 0;
            foreach (var element in value.EnumerateArray())
            {
                Check(items, element, $"{at}[{i++}]", errors);
            }
        }
    }

    private static bool Is(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new InvalidOperationException("Unknown type " + type),
    };
}
