using ServiceDesk.Application.Common;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Mail.Charsets;

/// <summary>One mail test app (customer contoso, contoso.se) shared by the cases of <see cref="CharsetIngestionTests"/>.</summary>
public sealed class CharsetIngestionFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await MailTestApp.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// The generated charset corpus through <see cref="MailIngestion.IngestAsync"/> against Azurite: every case opens a
/// ticket whose title, description, requester and attachment note carry the decoded text. Every case has its own
/// sender and Message-ID, so they share one app.
/// </summary>
public sealed class CharsetIngestionTests(CharsetIngestionFixture fixture) : IClassFixture<CharsetIngestionFixture>
{
    public static TheoryData<string> Cases() => CharsetCorpus.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_charset_case_opens_a_ticket_with_the_decoded_title_description_requester_and_attachment(string name)
    {
        var c = CharsetCorpus.Get(name);
        var app = fixture.App;

        MailIngestResult result;
        try
        {
            result = await app.Get<MailIngestion>().IngestAsync(c.Raw, "test", CancellationToken.None);
        }
        catch (ValidationException e)
        {
            // What the HTTP endpoint would answer with 400: the mail's decoded text was refused as ticket input.
            throw new Xunit.Sdk.XunitException("The ticket was refused: " + string.Join("; ", e.Errors.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}")));
        }

        Assert.True(result.Action == MailIngestResult.Created, $"{result.Action} ({result.Reason})");
        var store = app.Get<ITicketStore>();
        var ticket = (await store.FindAsync(result.TicketNumber!, CancellationToken.None))!.State;
        var title = ticket.Title;
        Assert.True(title.Length <= 200, $"title of {title.Length} characters");
        if (c.Title is not null)
        {
            Assert.Equal(c.Title, title);
        }
        if (c.TitlePrefix is not null)
        {
            Assert.StartsWith(c.TitlePrefix, title);
            Assert.NotEqual("(no subject)", title);
        }
        if (c.TitleCutFrom is not null)
        {
            Assert.EndsWith("…", title);
            var kept = title[..^1].TrimEnd();
            Assert.True(kept.Length >= 100, $"only {kept.Length} characters of the subject kept: {title}");
            Assert.StartsWith(kept, c.TitleCutFrom);
        }
        foreach (var text in c.BodyContains)
        {
            Assert.Contains(text, ticket.Description);
        }
        if (c.DescriptionPrefixOf is not null)
        {
            var description = ticket.Description.TrimEnd('…').TrimEnd();
            Assert.True(description.Length >= 1000, $"description of {description.Length} characters");
            Assert.StartsWith(description, c.DescriptionPrefixOf);
        }
        if (c.FromName is not null)
        {
            Assert.Equal(c.FromName, ticket.Requester.Name);
        }
        Assert.Equal(c.Sender, ticket.Requester.Email);
        if (c.FileName is not null)
        {
            var activities = (await store.ListActivityAsync(result.TicketNumber!, true, 100, null, CancellationToken.None)).Items;
            var notes = string.Join("\n", activities.Where(a => a.Type == ActivityType.InternalNote).Select(a => a.Text));
            Assert.Contains($"Attachment stored: {c.FileName} (", notes);
        }
    }
}
