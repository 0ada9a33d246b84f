using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Mail;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.FaultTests.Infrastructure;
using ServiceDesk.Infrastructure.Mail;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;
using Xunit.Abstractions;

namespace ServiceDesk.FaultTests.Dependencies;

/// <summary>
/// The SMTP server refuses our credentials (535) or requires some we did not send (530): that is our configuration,
/// not the mail, so the mail is never marked failed for good: it stays in the outbox with the cause and is retried.
/// </summary>
public sealed class SmtpAuthenticationFailureTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("mailer", "wrong-password")] // AUTH → 535
    [InlineData("", "")]                     // no AUTH, MAIL FROM → 530
    public async Task An_authentication_failure_is_transient_and_names_the_setting(string userName, string password)
    {
        await using var server = new RefusingSmtpServer();
        var transport = new MailKitSmtpTransport(
            Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = "None", UserName = userName, Password = password, TimeoutSeconds = 10 }),
            Options.Create(new MailOptions()));

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => transport.SendAsync(Mail(), CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.True(failure.Authentication);
        Assert.Contains("ServiceDesk:Mail:Smtp:UserName", failure.Message);
    }

    [Fact]
    public async Task A_mail_refused_for_authentication_stays_in_the_outbox_and_is_retried()
    {
        await using var server = new RefusingSmtpServer();
        await using var azurite = await AzuriteProcess.StartAsync();
        var options = TestHosts.Options(azurite, "SmtpAuthHub", TestHosts.NeverDuringTests);
        options.MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Critical;
        options.Settings["ServiceDesk__Mail__Smtp__Host"] = "127.0.0.1";
        options.Settings["ServiceDesk__Mail__Smtp__Port"] = server.Port.ToString();
        options.Settings["ServiceDesk__Mail__Smtp__Security"] = "None";
        options.Settings["ServiceDesk__Mail__Smtp__UserName"] = "mailer";
        options.Settings["ServiceDesk__Mail__Smtp__Password"] = "wrong-password";
        options.Settings["ServiceDesk__Mail__Sending__FirstBackoffSeconds"] = "1";
        options.Settings["ServiceDesk__Mail__Sending__MaxBackoffSeconds"] = "2";
        await using var host = await LocalFunctionsHost.StartAsync(options);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = FaultSuite.RequestTimeout };
        var api = new ApiClient(client, checkContract: false);
        await api.PutCustomerAsync("smtpauth");
        var requester = await api.TokenAsync(new { userId = "u1", name = "Siv", email = "siv@smtpauth.se", customerId = "smtpauth" });
        var admin = await api.TokenAsync(new { userId = "admin1", name = "Ada", customerId = "supplier", roles = new[] { "Admin" } });
        using (var request = new HttpRequestMessage(HttpMethod.Post, "api/tickets")
               {
                   Content = JsonContent.Create(new { kind = "Incident", customerId = "smtpauth", title = "Mail me", description = "Please", impact = "Low", urgency = "Low" }),
               })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", requester);
            using var created = await client.SendAsync(request);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var row = await Eventually.ReturnsAsync(async () =>
        {
            using var response = await api.SendAsync(HttpMethod.Get, "api/mail/outbox", admin);
            var items = (await ApiClient.JsonAsync(response)).GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("to").GetString() == "siv@smtpauth.se").ToList();
            return items.Count == 1 ? items[0] : default;
        }, r => r.ValueKind == JsonValueKind.Object && r.GetProperty("attempts").GetInt32() >= 2, TimeSpan.FromSeconds(90), "two refused attempts of the mail");

        output.WriteLine($"outbox row: {row}; AUTH attempts seen by the server: {server.AuthAttempts}");
        Assert.Equal("pending", row.GetProperty("status").GetString());
        Assert.Contains("SMTP authentication failed", row.GetProperty("lastError").GetString());
        Assert.True(server.AuthAttempts >= 2);
    }

    private static OutgoingMail Mail() => new(
        "INC-000001", "evt-1", "test", "someone@example.se", "Someone", "Test", "Test", "<test-1@servicedesk.local>", null, "auto-generated");
}
