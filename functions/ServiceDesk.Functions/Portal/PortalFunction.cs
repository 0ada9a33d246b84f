using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Security;

namespace ServiceDesk.Functions.Portal;

/// <summary>
/// Serves the self-service portal's static files under <c>/api/portal/</c> (the host's route prefix applies to every
/// function; the local host also redirects <c>/portal</c> here), with a strict Content-Security-Policy, a content type
/// per extension, an ETag and <c>no-cache</c> for the page, a year for assets named with the current version, 404 for
/// anything else. <c>config.json</c> tells the page how to sign in. Anonymous: the files are no secret; the API
/// they call checks every request.
/// </summary>
public sealed class PortalFunction(IOptions<PortalOptions> portal, IOptions<AuthOptions> auth)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https://login.microsoftonline.com; " +
        "frame-src https://login.microsoftonline.com; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    [Function("Portal")]
    public IActionResult Serve([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "portal/{*path}")] HttpRequest req, string? path)
    {
        var response = req.HttpContext.Response;
        response.Headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers[HeaderNames.XFrameOptions] = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";

        if (string.IsNullOrEmpty(path))
        {
            if (!req.Path.Value!.EndsWith('/'))
            {
                // Relative asset URLs need the trailing slash.
                return new RedirectResult(req.PathBase + req.Path + "/" + req.QueryString, permanent: false);
            }
            path = "index.html";
        }
        if (path == "config.json")
        {
            response.Headers[HeaderNames.CacheControl] = "no-cache";
            return ApiResults.Json(Config());
        }

        var file = PortalFiles.Embedded.Find(path);
        if (file is null)
        {
            response.Headers[HeaderNames.CacheControl] = "no-cache";
            return new ContentResult { StatusCode = StatusCodes.Status404NotFound, ContentType = "text/plain; charset=utf-8", Content = "Not found." };
        }
        var versioned = file.Name != "index.html" && req.Query["v"] == PortalFiles.Embedded.Version;
        response.Headers[HeaderNames.CacheControl] = versioned ? "public, max-age=31536000, immutable" : "no-cache";
        return new FileContentResult(file.Content, file.ContentType) { EntityTag = EntityTagHeaderValue.Parse(file.ETag) };
    }

    private object Config()
    {
        var p = portal.Value;
        if (!string.IsNullOrWhiteSpace(p.ClientId))
        {
            var authority = p.Authority ?? auth.Value.Issuer?.Replace("/v2.0", "", StringComparison.Ordinal).TrimEnd('/');
            var scopes = (p.Scopes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new { signIn = "entra", customerClaim = auth.Value.CustomerClaim, entra = new { clientId = p.ClientId, authority, scopes } };
        }
        return new { signIn = auth.Value.DevelopmentTokens ? "development" : "unavailable", customerClaim = auth.Value.CustomerClaim };
    }
}
