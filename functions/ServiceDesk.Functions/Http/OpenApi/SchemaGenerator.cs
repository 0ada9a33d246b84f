using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;

namespace ServiceDesk.Functions.Http.OpenApi;

/// <summary>
/// JSON schemas from the C# types the functions read and write, named the way <see cref="Json.Options"/> names them:
/// camelCase properties, enums as camelCase strings (values listed), nulls omitted (so only non-nullable properties
/// are required), unknown properties refused (<c>additionalProperties: false</c>, as the API refuses unknown request
/// fields). Object types become components under <c>#/components/schemas</c>.
/// </summary>
public sealed class SchemaGenerator(OpenApiDocument document)
{
    private readonly NullabilityInfoContext _nullability = new();
    private readonly Dictionary<Type, string> _names = [];
    private readonly JsonNamingPolicy _naming = Json.Options.PropertyNamingPolicy!;

    /// <summary>The schema of <paramref name="type"/> (a <c>$ref</c> for object types).</summary>
    public IOpenApiSchema For(Type type) => For(type, nullable: false);

    private IOpenApiSchema For(Type type, bool nullable)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return For(underlying, nullable: true);
        }
        var schema = Inline(type);
        if (schema is null)
        {
            var reference = Reference(type);
            return nullable ? new OpenApiSchema { OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }] } : reference;
        }
        if (nullable && schema is OpenApiSchema s && s.Type is { } t)
        {
            s.Type = t | JsonSchemaType.Null;
        }
        return schema;
    }

    /// <summary>Primitives, enums, arrays and dictionaries inline; null for object types (they become components).</summary>
    private OpenApiSchema? Inline(Type type)
    {
        if (type == typeof(string)) return new() { Type = JsonSchemaType.String };
        if (type == typeof(bool)) return new() { Type = JsonSchemaType.Boolean };
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)) return new() { Type = JsonSchemaType.Integer };
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return new() { Type = JsonSchemaType.Number };
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return new() { Type = JsonSchemaType.String, Format = "date-time" };
        if (type == typeof(DateOnly)) return new() { Type = JsonSchemaType.String, Format = "date" };
        if (type == typeof(TimeOnly)) return new() { Type = JsonSchemaType.String, Format = "time" };
        if (type == typeof(TimeSpan)) return new() { Type = JsonSchemaType.String, Description = "A .NET TimeSpan: [d.]hh:mm:ss[.fffffff]" };
        if (type == typeof(Guid)) return new() { Type = JsonSchemaType.String, Format = "uuid" };
        if (type == typeof(Uri)) return new() { Type = JsonSchemaType.String, Format = "uri" };
        if (type == typeof(byte[])) return new() { Type = JsonSchemaType.String, ContentEncoding = "base64" };
        if (type == typeof(object) || type == typeof(JsonElement) || type == typeof(JsonNode) || type == typeof(JsonObject))
        {
            return new() { Description = "Any JSON value." };
        }
        if (type.IsEnum)
        {
            return new()
            {
                Type = JsonSchemaType.String,
                Enum = Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(n))!).ToList(),
            };
        }
        if (DictionaryValue(type) is { } value)
        {
            return new() { Type = JsonSchemaType.Object, AdditionalProperties = For(value, nullable: false) };
        }
        if (ElementType(type) is { } element)
        {
            return new() { Type = JsonSchemaType.Array, Items = For(element, nullable: false) };
        }
        return null;
    }

    private OpenApiSchemaReference Reference(Type type)
    {
        if (!_names.TryGetValue(type, out var name))
        {
            name = UniqueName(type);
            _names[type] = name;
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[name] = new OpenApiSchema(); // placeholder: recursive types refer to it
            document.Components.Schemas[name] = Describe(type);
        }
        return new OpenApiSchemaReference(name, document);
    }

    private OpenApiSchema Describe(Type type)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>(),
            Required = new HashSet<string>(),
            AdditionalPropertiesAllowed = false,
        };
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null || !property.GetMethod.IsPublic ||
                property.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always })
            {
                continue;
            }
            if (property.GetCustomAttribute<JsonExtensionDataAttribute>() is not null)
            {
                schema.AdditionalPropertiesAllowed = true;
                continue;
            }
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? _naming.ConvertName(property.Name);
            var nullable = IsNullable(property);
            schema.Properties[name] = For(property.PropertyType, nullable);
            if (!nullable)
            {
                schema.Required.Add(name);
            }
        }
        return schema;
    }

    private bool IsNullable(PropertyInfo property)
    {
        if (property.PropertyType.IsValueType)
        {
            return Nullable.GetUnderlyingType(property.PropertyType) is not null;
        }
        return _nullability.Create(property).ReadState != NullabilityState.NotNull;
    }

    private string UniqueName(Type type)
    {
        var name = Name(type);
        var candidate = name;
        for (var i = 2; _names.ContainsValue(candidate); i++)
        {
            candidate = name + i;
        }
        return candidate;
    }

    private static string Name(Type type) => type.IsGenericType
        ? type.Name[..type.Name.IndexOf('`')] + "Of" + string.Concat(type.GetGenericArguments().Select(Name))
        : type.IsNested && type.DeclaringType is { } outer ? outer.Name + type.Name : type.Name;

    private static Type? DictionaryValue(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() is var d &&
                         (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>) || d == typeof(Dictionary<,>))
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
        return dictionary?.GetGenericArguments()[1];
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return null;
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0] ?? typeof(object);
    }
}
