using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Security;

namespace ServiceDesk.Functions.Operations;

public sealed record DevTokenInput
{
    public string? UserId { get; init; }
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? CustomerId { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public IReadOnlyList<string>? ServedCustomers { get; init; }
}

/// <summary>
/// Local development only: issues signed tokens for any user so the API can be tried without Entra ID.
/// When development tokens are off (always in Azure) the route answers 404 like any unknown route.
/// </summary>
public sealed class DevTokenApi(IOptions<AuthOptions> options, CallerAuthenticator authenticator, TimeProvider time, RateLimits limits)
{
    [Function("DevToken")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/token")] HttpRequest req)
    {
        if (!options.Value.DevelopmentTokens)
        {
            return new NotFoundResult();
        }
        if (limits.Refuse(RateLimitedSurface.DevToken, req) is { } refused) return refused;
        try
        {
            var input = await RequestBody.ReadJsonAsync<DevTokenInput>(req, 8 * 1024);
            var errors = new FieldErrors();
            var userId = errors.Identifier("userId", input.UserId, required: true);
            var name = errors.Text("name", input.Name, Limits.ShortTextLength, required: true);
            var email = errors.Email("email", input.Email, required: false);
            var customerId = errors.Identifier("customerId", input.CustomerId, required: true, maxLength: 63);
            if (customerId is not null && !CustomerId.IsValid(customerId))
            {
                errors.Add("customerId", FieldRule.Identifier, "Customer ids are 2-63 characters: lower-case letters, digits and '-'.");
            }
            var roles = new List<string>();
            foreach (var role in input.Roles ?? [nameof(Role.EndUser)])
            {
                var parsed = errors.Enum<Role>("roles", role, required: true);
                if (parsed is not null)
                {
                    roles.Add(parsed.Value.ToString());
                }
            }
            var served = (input.ServedCustomers ?? []).Where(s => s == Caller.AllCustomers || CustomerId.IsValid(s)).ToList();
            if (served.Count != (input.ServedCustomers?.Count ?? 0))
            {
                errors.Add("servedCustomers", FieldRule.Invalid, "Each served customer must be a customer id or \"*\".");
            }
            errors.ThrowIfAny();
            var claims = new Dictionary<string, object>
            {
                ["sub"] = userId!,
                ["oid"] = userId!,
                ["name"] = name!,
                [options.Value.CustomerClaim] = customerId!,
                ["roles"] = roles.ToArray(),
            };
            if (email is not null) claims["email"] = email;
            if (served.Count > 0) claims[options.Value.ServedCustomersClaim] = served.ToArray();
            var token = authenticator.IssueDevelopmentToken(claims, time.GetUtcNow().UtcDateTime);
            return ApiResults.Json(new { token, expiresIn = (int)DevelopmentTokens.Lifetime.TotalSeconds });
        }
        catch (ServiceDeskException e)
        {
            return Problems.For(e, req);
        }
    }
}
