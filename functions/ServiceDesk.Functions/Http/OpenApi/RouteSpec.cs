using Microsoft.OpenApi;

namespace ServiceDesk.Functions.Http.OpenApi;

/// <summary>How a route is authenticated.</summary>
public enum RouteAuth
{
    /// <summary><c>Authorization: Bearer</c> (Entra ID, App Service Authentication or a development token).</summary>
    Bearer,
    /// <summary>No credentials (public by design).</summary>
    None,
    /// <summary>The Functions host's key (<c>x-functions-key</c> header or <c>code</c> query), plus an optional HMAC signature.</summary>
    FunctionKey,
    /// <summary>No bearer token: the body is signed (HMAC) by the sender, or the link carries a signed token.</summary>
    Signed,
}

/// <summary>A request or response body: a C# type, a list wrapper, a few named fields, HTML, or (honestly) free-form JSON.</summary>
public sealed class BodySpec
{
    private readonly Func<SchemaGenerator, IOpenApiSchema> _schema;

    private BodySpec(Func<SchemaGenerator, IOpenApiSchema> schema, string mediaType = "application/json")
    {
        _schema = schema;
        MediaType = mediaType;
    }

    public string MediaType { get; }

    /// <summary>True when the schema does not describe the fields (the response is built ad hoc in the function).</summary>
    public bool FreeForm { get; private init; }

    public IOpenApiSchema Schema(SchemaGenerator schemas) => _schema(schemas);

    public static BodySpec Of<T>() => new(s => s.For(typeof(T)));

    /// <summary><c>{"items": [T, …]}</c>, with <c>continuationToken</c> when paged.</summary>
    public static BodySpec Items<T>(bool paged = false) => paged
        ? Fields(("items", typeof(IReadOnlyList<T>), true), ("continuationToken", typeof(string), false))
        : Fields(("items", typeof(IReadOnlyList<T>), true));

    /// <summary>An object with the given fields (for the functions' anonymous wrappers, e.g. <c>new { topics = … }</c>).</summary>
    public static BodySpec Fields(params (string Name, Type Type, bool Required)[] fields) => new(s =>
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>(),
            Required = new HashSet<string>(),
            AdditionalPropertiesAllowed = false,
        };
        foreach (var (name, type, required) in fields)
        {
            schema.Properties[name] = s.For(type);
            if (required)
            {
                schema.Required.Add(name);
            }
        }
        return schema;
    });

    /// <summary>A JSON object whose fields are not described here (see the description).</summary>
    public static BodySpec Free(string description) =>
        new(_ => new OpenApiSchema { Type = JsonSchemaType.Object, Description = description }) { FreeForm = true };

    public static BodySpec Raw(string mediaType, string description) =>
        new(_ => new OpenApiSchema { Type = JsonSchemaType.String, Description = description }, mediaType);
}

/// <summary>One operation of the API: the HTTP trigger's method and route, and what reflection cannot see.</summary>
public sealed record RouteSpec(string Method, string Route, string Summary)
{
    public RouteAuth Auth { get; init; } = RouteAuth.Bearer;
    public BodySpec? Request { get; init; }
    public bool RequestOptional { get; init; }
    public int Status { get; init; } = 200;
    public BodySpec? Response { get; init; }
    /// <summary>Other success statuses (same headers; the same body unless 304), e.g. 200 for an idempotent replay of a 201.</summary>
    public int[] AlsoStatus { get; init; } = [];
    public bool ETag { get; init; }
    /// <summary>null: no If-Match; false: optional; true: required (428 without it).</summary>
    public bool? IfMatch { get; init; }
    public bool IdempotencyKey { get; init; }
    /// <summary>The route is rate-limited: 429 problem+json with Retry-After.</summary>
    public bool RateLimited { get; init; }
    public bool Location { get; init; }
    public string[] Query { get; init; } = [];
    /// <summary>Answers 404 unless development tokens are on (never in Azure).</summary>
    public bool DevelopmentOnly { get; init; }
    /// <summary>False for the few routes that never answer problem+json (the document itself, HTML pages, health).</summary>
    public bool Problems { get; init; } = true;
    public string Tag => Route.Split('/')[0] switch
    {
        "customers" when Route.Split('/').Length > 2 => Route.Split('/')[2],
        var first => first,
    };
}
