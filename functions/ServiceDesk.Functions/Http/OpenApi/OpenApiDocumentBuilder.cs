using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace ServiceDesk.Functions.Http.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document: operations from the HTTP triggers (<see cref="HttpRoutes"/>), what they take and
/// answer from <see cref="ApiRoutes"/>, schemas from the C# types (<see cref="SchemaGenerator"/>). A trigger without
/// an <see cref="ApiRoutes"/> entry is still documented (method, route, bearer, problems) and marked
/// <c>x-undescribed: true</c>, so the app keeps serving a document while the drift test names the gap.
/// </summary>
public static class OpenApiDocumentBuilder
{
    public const string ProblemSchema = "Problem";
    public const string ValidationProblemSchema = "ValidationProblem";
    public const string BearerScheme = "bearer";
    public const string FunctionKeyScheme = "functionKey";

    private static readonly Lazy<string> Cached = new(() => ToJson(Build()));

    /// <summary>The document of this app, serialized once.</summary>
    public static string Json => Cached.Value;

    public static OpenApiDocument Build() => Build(HttpRoutes.Of(typeof(OpenApiDocumentBuilder).Assembly), ApiRoutes.All);

    public static OpenApiDocument Build(IReadOnlyList<HttpRoute> routes, IReadOnlyList<RouteSpec> specs)
    {
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = "ServiceDesk API",
                Version = "1",
                Description = "The service desk backend. JSON is camelCase, enums are camelCase strings, null fields are left out, " +
                              "unknown request fields are refused (400), and every error is RFC 9457 application/problem+json.",
            },
            Servers = [new OpenApiServer { Url = "/api" }],
            Paths = [],
            Components = new OpenApiComponents
            {
                Schemas = new Dictionary<string, IOpenApiSchema>(),
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [BearerScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                        Description = "Entra ID access token, App Service Authentication, or locally a development token from POST /api/dev/token.",
                    },
                    [FunctionKeyScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "x-functions-key",
                        Description = "The Functions host key (or ?code=).",
                    },
                },
            },
        };
        var schemas = new SchemaGenerator(document);
        AddProblemSchemas(document, schemas);
        var byKey = specs.ToDictionary(s => HttpRoute.Key(s.Method, s.Route));
        foreach (var route in routes)
        {
            var spec = byKey.GetValueOrDefault(route.Key());
            var path = "/" + route.Route;
            if (!document.Paths.TryGetValue(path, out var item))
            {
                item = new OpenApiPathItem();
                document.Paths[path] = item;
            }
            var pathItem = (OpenApiPathItem)item;
            pathItem.Operations ??= [];
            pathItem.Operations[HttpMethod.Parse(route.Method)] = Operation(document, schemas, route, spec);
        }
        return document;
    }

    public static string ToJson(OpenApiDocument document)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    private static OpenApiOperation Operation(OpenApiDocument document, SchemaGenerator schemas, HttpRoute route, RouteSpec? spec)
    {
        var operation = new OpenApiOperation
        {
            OperationId = route.Function,
            Summary = spec?.Summary ?? route.Function,
            Tags = new HashSet<OpenApiTagReference> { new(spec?.Tag ?? route.Route.Split('/')[0], document) },
            Parameters = [],
            Responses = [],
        };
        document.Tags ??= new HashSet<OpenApiTag>();
        var tag = spec?.Tag ?? route.Route.Split('/')[0];
        if (!document.Tags.Any(t => t.Name == tag))
        {
            document.Tags.Add(new OpenApiTag { Name = tag });
        }
        if (spec is null)
        {
            operation.Extensions = new Dictionary<string, IOpenApiExtension> { ["x-undescribed"] = new JsonNodeExtension(JsonValue.Create(true)) };
        }
        var auth = spec?.Auth ?? (route.Level == Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous ? RouteAuth.Bearer : RouteAuth.FunctionKey);
        operation.Security = auth switch
        {
            RouteAuth.Bearer => [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }],
            RouteAuth.FunctionKey => [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(FunctionKeyScheme, document)] = [] }],
            _ => [],
        };
        foreach (var segment in route.Template.Split('/').Where(s => s.StartsWith('{')))
        {
            var name = segment.Trim('{', '}').TrimStart('*').Split(':')[0].TrimEnd('?');
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name, In = ParameterLocation.Path, Required = true,
                Schema = new OpenApiSchema { Type = segment.Contains(":int", StringComparison.Ordinal) ? JsonSchemaType.Integer : JsonSchemaType.String },
            });
        }
        foreach (var query in spec?.Query ?? [])
        {
            operation.Parameters.Add(new OpenApiParameter { Name = query, In = ParameterLocation.Query, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
        }
        if (spec?.IfMatch is { } ifMatch)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match", In = ParameterLocation.Header, Required = ifMatch,
                Description = ifMatch ? "The ETag of the version you changed (412 when stale, 428 when missing)." : "Optional: the ETag of the version you changed (412 when stale).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        if (spec?.IdempotencyKey == true)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key", In = ParameterLocation.Header,
                Description = "Makes retries safe: the same key with the same body answers the first result (Idempotent-Replayed: true); with another body, 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        if (spec?.Request is { } request)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !spec.RequestOptional,
                Content = new Dictionary<string, IOpenApiMediaType> { [request.MediaType] = new OpenApiMediaType { Schema = request.Schema(schemas) } },
            };
        }
        var success = new OpenApiResponse { Description = Describe(spec?.Status ?? 200), Headers = new Dictionary<string, IOpenApiHeader>() };
        if (spec?.Response is { } response)
        {
            success.Content = new Dictionary<string, IOpenApiMediaType> { [response.MediaType] = new OpenApiMediaType { Schema = response.Schema(schemas) } };
        }
        if (spec?.ETag == true)
        {
            success.Headers["ETag"] = new OpenApiHeader { Description = "The version; send it as If-Match to change the resource.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
        if (spec?.Location == true)
        {
            success.Headers["Location"] = new OpenApiHeader { Description = "The new resource.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
        operation.Responses[(spec?.Status ?? 200).ToString(System.Globalization.CultureInfo.InvariantCulture)] = success;
        foreach (var status in spec?.AlsoStatus ?? [])
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = status == 304 ? "Not modified (If-None-Match matched the ETag)" : Describe(status),
                Headers = success.Headers,
                Content = status == 304 ? null : success.Content,
            };
        }
        if (spec is { Route: "health" })
        {
            operation.Responses["503"] = new OpenApiResponse { Description = "Storage unreachable", Content = success.Content };
        }
        if (spec?.Problems ?? true)
        {
            AddProblems(document, operation, route, spec, auth);
        }
        else if (spec.RateLimited)
        {
            // Pages answer their own failures in HTML, but a refused flood is still 429 problem+json.
            operation.Responses!.TryAdd("429", TooManyCalls(document));
        }
        return operation;
    }

    private static void AddProblems(OpenApiDocument document, OpenApiOperation operation, HttpRoute route, RouteSpec? spec, RouteAuth auth)
    {
        void Add(int status, string description, string schema = ProblemSchema) =>
            operation.Responses!.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType> { [Problems.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(schema, document) } },
            });
        var jsonBody = spec?.Request?.MediaType is { } media && (media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal));
        Add(400, "Invalid input: `fieldErrors` lists each field error with its code; `errors` maps field paths to messages", ValidationProblemSchema);
        if (auth != RouteAuth.None)
        {
            Add(401, "No or bad credentials (WWW-Authenticate: Bearer)");
        }
        if (auth == RouteAuth.Bearer)
        {
            Add(403, "Visible, but not yours to change this way");
        }
        Add(404, spec?.DevelopmentOnly == true
            ? "Missing or not visible to you; always 404 unless development tokens are on"
            : "Missing, or belonging to a customer you cannot see (indistinguishable)");
        if (route.Method != "get")
        {
            Add(409, "Conflict, e.g. an illegal transition (`code` says which)");
        }
        if (spec?.IfMatch is not null)
        {
            Add(412, "If-Match is stale: read again and retry");
        }
        if (spec?.IfMatch == true)
        {
            Add(428, "If-Match is missing");
        }
        if (spec?.Request is not null)
        {
            Add(413, "The body is too large");
            Add(415, jsonBody ? "Not JSON: send Content-Type: application/json" : $"Send Content-Type: {spec.Request.MediaType}");
        }
        if (spec?.IdempotencyKey == true)
        {
            Add(422, "The Idempotency-Key was used for a different request");
        }
        if (spec?.RateLimited == true)
        {
            operation.Responses!.TryAdd("429", TooManyCalls(document));
        }
        Add(500, "Unexpected failure (`traceId` to quote)");
        Add(503, "Storage unreachable or try later (Retry-After)");
    }

    private static OpenApiResponse TooManyCalls(OpenApiDocument document) => new()
    {
        Description = "Too many calls: wait the Retry-After seconds (`code`: rate-limited, or remote.rate-limited on the device routes)",
        Content = new Dictionary<string, IOpenApiMediaType> { [Problems.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) } },
    };

    private static void AddProblemSchemas(OpenApiDocument document, SchemaGenerator schemas)
    {
        OpenApiSchema Problem() => new()
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A stable machine code, e.g. validation.failed, ticket.notFound, ticket.illegal-transition; its Swedish and English texts are in GET /api/texts (problems)." },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "500: quote it when you report the failure." },
            },
            Required = new HashSet<string> { "type", "title", "status" },
            AdditionalPropertiesAllowed = false,
        };
        document.Components!.Schemas![ProblemSchema] = Problem();
        var validation = Problem();
        validation.Properties!["errors"] = schemas.For(typeof(IReadOnlyDictionary<string, string[]>));
        validation.Required!.Add("errors");
        validation.Properties["fieldErrors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Description = "Each field error with its rule and stable code (`title.tooLong`) and the values of the rule's text (`args.max`); texts per rule in GET /api/texts (fieldRules).",
            Items = schemas.For(typeof(Problems.FieldErrorView)),
        };
        document.Components.Schemas[ValidationProblemSchema] = validation;
    }

    private static string Describe(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No content",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
