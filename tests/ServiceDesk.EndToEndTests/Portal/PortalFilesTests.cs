using System.Net;
using System.Text.Json;
using ServiceDesk.Functions.Portal;

namespace ServiceDesk.EndToEndTests.Portal;

/// <summary>How the app serves the portal's files over HTTP: address, security headers, content types, caching.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalFilesTests(PortalHostFixture f)
{
    [Fact]
    public async Task Slash_portal_leads_to_the_page_under_the_route_prefix()
    {
        using var first = await f.Client.GetAsync("portal");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/api/portal/", first.Headers.Location!.OriginalString);
        using var second = await f.Client.GetAsync("api/portal");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal("/api/portal/", second.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_page_has_a_strict_content_security_policy_and_is_revalidated_with_its_etag()
    {
        using var page = await f.Client.GetAsync("api/portal/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var csp = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("style-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("base-uri 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(page.Headers.CacheControl!.NoCache);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"js/main.js?v={PortalFiles.Embedded.Version}", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("style=", html);

        using var again = new HttpRequestMessage(HttpMethod.Get, "api/portal/");
        again.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        using var notModified = await f.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory]
    [InlineData("js/main.js", "text/javascript")]
    [InlineData("css/portal.css", "text/css")]
    [InlineData("i18n/sv.json", "application/json")]
    [InlineData("img/logo.svg", "image/svg+xml")]
    public async Task Each_file_has_its_content_type_and_versioned_names_are_cached_for_a_year(string path, string mediaType)
    {
        using var plain = await f.Client.GetAsync($"api/portal/{path}");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(mediaType, plain.Content.Headers.ContentType!.MediaType);
        Assert.True(plain.Headers.CacheControl!.NoCache);
        using var versioned = await f.Client.GetAsync($"api/portal/{path}?v={PortalFiles.Embedded.Version}");
        Assert.Equal(TimeSpan.FromDays(365), versioned.Headers.CacheControl!.MaxAge);
    }

    [Theory]
    [InlineData("api/portal/nothing.js")]
    [InlineData("api/portal/../host.json")]
    [InlineData("api/portal/%2e%2e/ServiceDesk.Functions.dll")]
    public async Task An_unknown_path_is_not_found(string path)
    {
        using var response = await f.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_configuration_offers_the_development_sign_in_locally()
    {
        using var response = await f.Client.GetAsync("api/portal/config.json");
        var config = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("development", config.GetProperty("signIn").GetString());
    }
}
