using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ServiceDesk.EndToEndTests.Portal;

/// <summary>Files attached to tickets over HTTP (POST/GET /api/tickets/{number}/attachments…) and in the portal.</summary>
[Collection(PortalCollection.Name)]
public sealed class TicketAttachmentsTests(PortalHostFixture f)
{
    private async Task<(string Token, string Number)> TicketAsync(string user)
    {
        var token = await f.UserTokenAsync(user, PortalHostFixture.CustomerA);
        var number = (await f.SendAsync(HttpMethod.Post, "api/tickets", token,
            new { kind = "Incident", title = "Felmeddelande vid inloggning", description = "Se bifogad skärmbild.", impact = "Low", urgency = "Low" })).GetProperty("number").GetString()!;
        return (token, number);
    }

    private async Task<HttpResponseMessage> UploadAsync(string token, string number, byte[] content, string contentType, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/tickets/{number}/attachments") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await f.Client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> DownloadAsync(string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await f.Client.SendAsync(request);
    }

    [Fact]
    public async Task An_attached_file_is_a_public_activity_and_downloads_as_an_attachment_that_is_never_sniffed()
    {
        var (token, number) = await TicketAsync("filip");
        var bytes = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html> is only text here");
        using var uploaded = await UploadAsync(token, number, bytes, "text/plain", "../../logg <1>.txt");
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var body = await Infrastructure.ApiClient.JsonAsync(uploaded);
        Assert.Equal("logg 1.txt", body.GetProperty("fileName").GetString());
        var location = uploaded.Headers.Location!.OriginalString;

        using var download = await DownloadAsync(token, location);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/plain", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        var activity = await f.SendAsync(HttpMethod.Get, $"api/tickets/{number}/activity", token);
        var added = activity.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("type").GetString() == "attachmentAdded");
        Assert.Equal(body.GetProperty("id").GetString(), added.GetProperty("data").GetProperty("attachmentId").GetString());
        Assert.Equal("filip", added.GetProperty("actor").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_disallowed_type_is_refused_with_415_and_an_oversized_file_with_413()
    {
        var (token, number) = await TicketAsync("frida");
        using (var html = await UploadAsync(token, number, Encoding.UTF8.GetBytes("<h1>x</h1>"), "text/html", "sida.html"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, html.StatusCode);
        }
        using (var big = await UploadAsync(token, number, new byte[10 * 1024 * 1024 + 1], "application/pdf", "stor.pdf"))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        }
        var activity = await f.SendAsync(HttpMethod.Get, $"api/tickets/{number}/activity", token);
        Assert.DoesNotContain(activity.GetProperty("items").EnumerateArray(), a => a.GetProperty("type").GetString() == "attachmentAdded");
    }

    [Fact]
    public async Task A_user_of_another_customer_can_neither_attach_to_nor_download_from_the_ticket()
    {
        var (token, number) = await TicketAsync("gustav");
        using var uploaded = await UploadAsync(token, number, Encoding.UTF8.GetBytes("hemligt"), "text/plain", "hemligt.txt");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var other = await f.UserTokenAsync("bertil", PortalHostFixture.CustomerB);

        using (var download = await DownloadAsync(other, uploaded.Headers.Location!.OriginalString))
        {
            Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        }
        using (var attach = await UploadAsync(other, number, Encoding.UTF8.GetBytes("x"), "text/plain", "x.txt"))
        {
            Assert.Equal(HttpStatusCode.NotFound, attach.StatusCode);
        }
        using (var unknown = await DownloadAsync(token, $"api/tickets/{number}/attachments/{Guid.NewGuid():N}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
    }

    [Fact]
    public async Task The_requester_attaches_a_file_in_the_portal_and_downloads_it()
    {
        var (_, number) = await TicketAsync("hanna");
        await using var p = await f.NewPageAsync();
        await p.SignInAsync("hanna", "Hanna Holm", PortalHostFixture.CustomerA);
        await p.OpenAsync($"#/tickets/{number}");
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        await p.Page.GetByLabel("Bifoga fil").SetInputFilesAsync(new FilePayload { Name = "skärmbild.png", MimeType = "image/png", Buffer = png });
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Ladda upp" }).ClickAsync();
        await Expect(p.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Filen skärmbild.png är bifogad." })).ToBeVisibleAsync();
        var link = p.Page.Locator(".timeline a.attachment");
        await Expect(link).ToHaveTextAsync("skärmbild.png");

        var download = await p.Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal("skärmbild.png", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        await download.SaveAsAsync(saved);
        Assert.Equal(png, await File.ReadAllBytesAsync(saved));
        File.Delete(saved);
        p.AssertNothingWentWrong();
    }
}
