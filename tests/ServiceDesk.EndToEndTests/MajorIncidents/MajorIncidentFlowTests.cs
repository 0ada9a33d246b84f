using System.Net;
using System.Net.Http.Headers;
using ServiceDesk.EndToEndTests.Infrastructure;

namespace ServiceDesk.EndToEndTests.MajorIncidents;

/// <summary>
/// A major incident from alert storm to resolution on the local host, over real HTTP, the real intake queue, the real
/// timers and queue functions, with every mail read back from smtp4dev: the storm proposes it (activity and on-duty
/// mail), the desk declares it (Swedish and English broadcasts), users and the anonymous status page see it, a new
/// portal incident on the service is linked to it (the "known major incident" mail instead of the acknowledgement),
/// a public update reaches the child ticket and the mailboxes, and the resolution resolves the child.
/// </summary>
public sealed class MajorIncidentFlowTests(MajorIncidentHostFixture f) : IClassFixture<MajorIncidentHostFixture>
{
    private const string Customer = MajorIncidentHostFixture.Customer;
    private const string Service = "E-post";

    [Fact]
    public async Task An_alert_storm_is_proposed_declared_broadcast_linked_updated_and_resolved()
    {
        var svSubscriber = MajorIncidentHostFixture.Address("it-chef");
        var enSubscriber = MajorIncidentHostFixture.Address("cio");
        await f.SendOkAsync(HttpMethod.Put, $"api/customers/{Customer}/major-incident-settings", f.Admin, new
        {
            publicStatus = true, allowOptOut = true, stormThreshold = 3,
            subscribers = new[]
            {
                new { email = svSubscriber, name = "Ingrid IT-chef", language = "sv", services = new[] { Service } },
                new { email = enSubscriber, name = "Chris CIO", language = "en", services = new[] { Service } },
                new { email = MajorIncidentHostFixture.Address("other"), name = "Not this service", language = "sv", services = new[] { "Lön" } },
            },
        });

        // The storm: three firings of one alert (one correlation key) through the intake queue → one ticket, proposed.
        object Firing(int i) => new
        {
            schemaVersion = "1.0", source = "zabbix-prod", sourceId = $"mi-event-{i}", customerId = Customer,
            title = "Mail server not responding", description = "SMTP checks fail on mail01.", severity = "high",
            service = Service, configurationItem = "mail01", occurredAt = DateTimeOffset.UtcNow, correlationKey = "mail01/smtp",
        };
        await f.EnqueueIntakeAsync(Firing(1));
        var master = await Eventually.ReturnsAsync(
            async () => (await f.GetAsync($"api/tickets?customerId={Customer}")).GetProperty("items").EnumerateArray().ToList(),
            items => items.Count > 0, TimeSpan.FromSeconds(30), "the alert's ticket");
        var number = Assert.Single(master).GetProperty("number").GetString()!;
        await f.EnqueueIntakeAsync(Firing(2));
        await f.EnqueueIntakeAsync(Firing(3));
        await f.EnqueueIntakeAsync(Firing(4));
        var proposed = await Eventually.ReturnsAsync(async () => string.Join(", ", (await f.ActivityAsync(number)).Select(x => x.GetProperty("type").GetString())),
            a => a.Contains("majorIncidentProposed", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "majorIncidentProposed on " + number);
        Assert.Single(proposed.Split(", "), x => x == "majorIncidentProposed");
        Assert.Single((await f.GetAsync($"api/tickets?customerId={Customer}")).GetProperty("items").EnumerateArray());
        var proposal = (await f.MailsAsync(MajorIncidentHostFixture.OnDuty, "Proposed major incident"))[0];
        Assert.Contains(number, proposal.Subject, StringComparison.Ordinal);
        Assert.Contains($"\"fromTicket\":\"{number}\"", proposal.TextBody, StringComparison.Ordinal);

        // Declared from the ticket: the broadcast reaches the subscribers of the service, each in their language.
        using (var declared = await f.Api.SendAsync(HttpMethod.Post, "api/major-incidents", f.Agent, new
        {
            fromTicket = number, customers = new[] { Customer }, services = new[] { Service },
            title = new { sv = "E-posten fungerar inte", en = "E-mail is down" },
            impact = new { sv = "Ingen kan skicka eller ta emot e-post.", en = "Nobody can send or receive e-mail." },
            message = new { sv = "Vi felsöker e-postservern.", en = "We are troubleshooting the mail server." },
            nextUpdateAt = DateTimeOffset.UtcNow.AddHours(1),
        }))
        {
            Assert.True(declared.StatusCode == HttpStatusCode.Created, await declared.Content.ReadAsStringAsync());
            Assert.Equal(number, (await ApiClient.JsonAsync(declared)).GetProperty("id").GetString());
        }
        var sv = (await f.MailsAsync(svSubscriber, $"[{number}] Pågående störning: E-posten fungerar inte"))[0];
        Assert.Contains("Vi felsöker e-postservern.", sv.TextBody, StringComparison.Ordinal);
        Assert.Contains("Påverkan: Ingen kan skicka eller ta emot e-post.", sv.TextBody, StringComparison.Ordinal);
        var en = (await f.MailsAsync(enSubscriber, $"[{number}] Ongoing major incident: E-mail is down"))[0];
        Assert.Contains("We are troubleshooting the mail server.", en.TextBody, StringComparison.Ordinal);

        // Users of the customer see it; so does anyone on the public status page, which is cacheable.
        var user = await f.Api.TokenAsync(new { userId = "u-eve", name = "Eve User", email = MajorIncidentHostFixture.Address("u-eve"), customerId = Customer, roles = new[] { "EndUser" } });
        var list = await f.GetAsync($"api/major-incidents?customerId={Customer}", user);
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal((number, "Open"), (item.GetProperty("id").GetString(), item.GetProperty("status").GetString()));
        using var anonymous = new HttpClient { BaseAddress = f.Host.BaseAddress };
        EntityTagHeaderValue etag;
        using (var status = await anonymous.GetAsync($"api/status/{Customer}"))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            etag = status.Headers.ETag!;
            Assert.NotNull(etag);
            Assert.Equal("public, max-age=30", status.Headers.CacheControl?.ToString());
            var items = (await ApiClient.JsonAsync(status)).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(number, Assert.Single(items).GetProperty("id").GetString());
        }
        using (var conditional = new HttpRequestMessage(HttpMethod.Get, $"api/status/{Customer}"))
        {
            conditional.Headers.IfNoneMatch.Add(etag);
            using var notModified = await anonymous.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        // A new portal incident on the affected service is linked at once and told the incident is known.
        var childRequester = MajorIncidentHostFixture.Address("u-emma");
        var emma = await f.Api.TokenAsync(new { userId = "u-emma", name = "Emma English", email = childRequester, customerId = Customer, roles = new[] { "EndUser" } });
        var created = await f.SendOkAsync(HttpMethod.Post, "api/tickets", emma, new
        {
            kind = "Incident", title = "Cannot send mail", description = "Outlook says the server is unavailable.", service = Service, language = "en",
        });
        var child = created.GetProperty("number").GetString()!;
        var childTicket = await f.TicketAsync(child);
        Assert.Equal("pending", childTicket.GetProperty("status").GetString(), ignoreCase: true);
        Assert.Equal("awaitingMajorIncident", childTicket.GetProperty("pendingReason").GetString(), ignoreCase: true);
        Assert.Contains(childTicket.GetProperty("links").EnumerateArray(), l =>
            string.Equals(l.GetProperty("type").GetString(), "parent", StringComparison.OrdinalIgnoreCase) && l.GetProperty("target").GetString() == number);
        var known = (await f.MailsAsync(childRequester, $"Known major incident: Cannot send mail"))[0];
        Assert.Contains(child, known.Subject, StringComparison.Ordinal);
        Assert.Contains("We are troubleshooting the mail server.", known.TextBody, StringComparison.Ordinal);

        // A public update: broadcast (now to the child's requester too) and added to the child ticket.
        await f.SendOkAsync(HttpMethod.Post, $"api/major-incidents/{number}/updates", f.Agent, new
        {
            message = new { sv = "Felet är hittat, en disk byts.", en = "Found the fault: a disk is being replaced." },
            nextUpdateAt = DateTimeOffset.UtcNow.AddMinutes(30),
        });
        await f.MailsAsync(svSubscriber, $"[{number}] Uppdatering: E-posten fungerar inte");
        var childUpdate = (await f.MailsAsync(childRequester, $"[{number}] Update: E-mail is down"))[0];
        Assert.Contains("Found the fault: a disk is being replaced.", childUpdate.TextBody, StringComparison.Ordinal);
        await Eventually.ReturnsAsync(() => f.ActivityAsync(child),
            a => a.Any(x => x.GetProperty("type").GetString() == "workflowStep" && (x.GetProperty("text").GetString() ?? "").Contains("Found the fault")),
            TimeSpan.FromSeconds(30), "the update on the child ticket");
        Assert.Empty(await f.MailsNowAsync(childRequester, "Ärendet har tagits emot"));
        Assert.Empty(await f.MailsNowAsync(childRequester, "Request received"));

        // Resolved: the final broadcast, and the child ticket resolved with it.
        await f.SendOkAsync(HttpMethod.Post, $"api/major-incidents/{number}/resolve", f.Agent, new
        {
            message = new { sv = "E-posten fungerar igen.", en = "E-mail works again." },
            resolutionNotes = "Failed disk in mail01 replaced.",
        });
        await f.MailsAsync(svSubscriber, $"[{number}] Löst: E-posten fungerar inte");
        await f.MailsAsync(enSubscriber, $"[{number}] Resolved: E-mail is down");
        await f.MailsAsync(childRequester, $"[{number}] Resolved: E-mail is down");
        await Eventually.ReturnsAsync(() => f.TicketAsync(child), t => string.Equals(t.GetProperty("status").GetString(), "resolved", StringComparison.OrdinalIgnoreCase),
            TimeSpan.FromSeconds(30), "the child resolved");
        Assert.Equal("resolved", (await f.TicketAsync(number)).GetProperty("status").GetString(), ignoreCase: true);
        Assert.Empty(await f.MailsNowAsync(MajorIncidentHostFixture.Address("other"), number));

        var timeline = await Eventually.ReturnsAsync(() => f.GetAsync($"api/major-incidents/{number}/timeline"),
            t => t.GetProperty("entries").EnumerateArray().All(e => e.GetProperty("usersInformed").GetInt32() > 0), TimeSpan.FromSeconds(30), "users informed on every update");
        Assert.Equal("declared,update,resolved", string.Join(",", timeline.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString())));
        Assert.True(timeline.GetProperty("ticketsLinked").GetInt32() >= 1, timeline.ToString());
        Assert.True(timeline.GetProperty("usersInformed").GetInt32() > 0, timeline.ToString());
        Assert.Equal("Resolved", timeline.GetProperty("status").GetString());
    }
}
