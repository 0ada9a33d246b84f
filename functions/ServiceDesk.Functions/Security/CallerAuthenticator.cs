using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;

namespace ServiceDesk.Functions.Security;

/// <summary>
/// Turns a request into a <see cref="Caller"/>: App Service Authentication's X-MS-CLIENT-PRINCIPAL (only when the
/// platform sets it), a bearer JWT from the configured issuer, or — locally, when enabled — a development token.
/// </summary>
public sealed class CallerAuthenticator
{
    private readonly AuthOptions _options;
    private readonly bool _trustPlatformPrincipal;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _metadata;

    public CallerAuthenticator(IOptions<AuthOptions> options, IConfiguration configuration)
    {
        _options = options.Value;
        _trustPlatformPrincipal = HostingEnvironment.AppServiceAuthenticationEnabled(configuration);
        if (!string.IsNullOrWhiteSpace(_options.Issuer))
        {
            _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
                _options.Issuer.TrimEnd('/') + "/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = true });
        }
    }

    public async Task<Caller> AuthenticateAsync(HttpRequest request)
    {
        if (_trustPlatformPrincipal && request.Headers.TryGetValue("X-MS-CLIENT-PRINCIPAL", out var principal))
        {
            return FromClaims(ParsePlatformPrincipal(principal.ToString()));
        }
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length > 16_384)
        {
            throw new UnauthenticatedException("Send a bearer token in the Authorization header.");
        }
        var token = authorization["Bearer ".Length..].Trim();
        var result = await _handler.ValidateTokenAsync(token, await ValidationParametersAsync());
        if (!result.IsValid)
        {
            throw new UnauthenticatedException("The bearer token is not valid (signature, issuer, audience or lifetime).");
        }
        return FromClaims(result.ClaimsIdentity.Claims);
    }

    public string IssueDevelopmentToken(IReadOnlyDictionary<string, object> claims, DateTime now)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokens.Issuer,
            Audience = DevelopmentTokens.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + DevelopmentTokens.Lifetime,
            Claims = claims.ToDictionary(),
            SigningCredentials = new SigningCredentials(DevelopmentKey(), SecurityAlgorithms.HmacSha256),
        };
        return _handler.CreateToken(descriptor);
    }

    private async Task<TokenValidationParameters> ValidationParametersAsync()
    {
        if (_options.DevelopmentTokens)
        {
            return new TokenValidationParameters
            {
                ValidIssuer = DevelopmentTokens.Issuer,
                ValidAudience = DevelopmentTokens.Audience,
                IssuerSigningKey = DevelopmentKey(),
                ClockSkew = TimeSpan.FromMinutes(1),
            };
        }
        if (_metadata is null || string.IsNullOrWhiteSpace(_options.Audience))
        {
            throw new UnauthenticatedException("Bearer tokens are not accepted: no issuer and audience are configured.");
        }
        var configuration = await _metadata.GetConfigurationAsync(CancellationToken.None);
        return new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ClockSkew = TimeSpan.FromMinutes(2),
        };
    }

    private SymmetricSecurityKey DevelopmentKey() =>
        new(Encoding.UTF8.GetBytes(_options.DevelopmentSigningKey ?? throw new InvalidOperationException("No development signing key.")));

    private Caller FromClaims(IEnumerable<Claim> claims)
    {
        var list = claims.ToList();
        string? First(params string[] types) =>
            types.Select(t => list.FirstOrDefault(c => c.Type == t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        IEnumerable<string> All(string type) => list.Where(c => c.Type == type).SelectMany(c => SplitArray(c.Value));

        var userId = First("oid", "sub", ClaimTypes.NameIdentifier)
            ?? throw new UnauthenticatedException("The token does not identify a user (no oid or sub claim).");
        var customer = First(_options.CustomerClaim)
            ?? throw new ForbiddenException($"The token carries no '{_options.CustomerClaim}' claim: the caller belongs to no customer organisation.");
        var roles = All("roles").Concat(All(ClaimTypes.Role))
            .Select(r => Enum.TryParse<Role>(r, ignoreCase: true, out var role) ? role : (Role?)null)
            .OfType<Role>()
            .ToHashSet();
        if (roles.Count == 0)
        {
            roles.Add(Role.EndUser);
        }
        var served = All(_options.ServedCustomersClaim).ToList();
        if (served.Count == 0 && (roles.Contains(Role.Agent) || roles.Contains(Role.ProblemManager) || roles.Contains(Role.Integration)))
        {
            served.Add(customer);
        }
        return new Caller(userId, First("name", ClaimTypes.Name) ?? userId, First("email", "preferred_username", ClaimTypes.Email),
            customer, roles, served);
    }

    /// <summary>Array claims arrive as repeated claims, or as one JSON array string from some issuers.</summary>
    private static IEnumerable<string> SplitArray(string value)
    {
        if (value.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<string[]>(value) ?? [];
            }
            catch (JsonException)
            {
                return [];
            }
        }
        return [value];
    }

    private static IEnumerable<Claim> ParsePlatformPrincipal(string header)
    {
        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(header));
            return doc.RootElement.GetProperty("claims").EnumerateArray()
                .Select(c => new Claim(c.GetProperty("typ").GetString() ?? "", c.GetProperty("val").GetString() ?? ""))
                .Select(c => c.Type switch
                {
                    "http://schemas.microsoft.com/identity/claims/objectidentifier" => new Claim("oid", c.Value),
                    _ => c,
                })
                .ToList();
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new UnauthenticatedException("The X-MS-CLIENT-PRINCIPAL header is malformed.");
        }
    }
}
