using System.Text;
using System.Text.Json;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.IntegrationTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.IntegrationTests.Mail;

/// <summary>
/// The .eml corpus (Mail/Corpus) through the real ingestion pipeline against Azurite, each file with its expected
/// outcome in Corpus/expected.json. Every case starts from one open ticket, INC-000001 of anna@contoso.se, whose
/// acknowledgement we "sent" as &lt;seed-ack@servicedesk.local&gt;; every file is delivered twice (the second is a duplicate).
/// </summary>
public sealed class MailCorpusTests
{
    public static string CorpusFolder => Path.Combine(RepositoryRoot.Find(), "tests", "ServiceDesk.IntegrationTests", "Mail", "Corpus");

    public sealed record Expectation(
        string File, string Action, string Reason, string? Ticket = null, string? Title = null,
        string[]? TextContains = null, string[]? TextExcludes = null, string[]? NoteContains = null,
        string? RequesterName = null, string? Bouncing = null, string? Spf = null, string? Dkim = null, string? Dmarc = null);

    private static IReadOnlyList<Expectation> Load() =>
        JsonSerializer.Deserialize<List<Expectation>>(File.ReadAllText(Path.Combine(CorpusFolder, "expected.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    public static TheoryData<string> Files() => new(Load().Select(e => e.File));

    [Fact]
    public void Every_corpus_file_has_an_expectation()
    {
        var files = Directory.GetFiles(CorpusFolder, "*.eml").Select(f => Path.GetFileName(f)!).Order().ToList();
        Assert.Equal(files, Load().Select(e => e.File).Order().ToList());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Corpus_mail_has_its_expected_outcome(string file)
    {
        var expected = Load().Single(e => e.File == file);
        await using var app = await MailTestApp.StartAsync(s => s["ServiceDesk:Mail:MaxAttachmentBytes"] = "4096");
        await MailTestApp.SeedTicketAsync(app);
        var ingestion = app.Get<MailIngestion>();
        var raw = await File.ReadAllBytesAsync(Path.Combine(CorpusFolder, file));

        var result = await ingestion.IngestAsync(raw, "test", CancellationToken.None);

        Assert.Equal(expected.Action, result.Action);
        Assert.Equal(expected.Reason, result.Reason);
        if (expected.Ticket is not null)
        {
            Assert.Equal(expected.Ticket, result.TicketNumber);
        }
        if (result.Action == MailIngestResult.Created)
        {
            Assert.NotEqual("INC-000001", result.TicketNumber);
        }
        var store = app.Get<ITicketStore>();
        if (result.TicketNumber is { } number)
        {
            var ticket = (await store.FindAsync(number, CancellationToken.None))!.State;
            var activities = (await store.ListActivityAsync(number, true, 100, null, CancellationToken.None)).Items;
            var text = result.Action == MailIngestResult.Created
                ? ticket.Description
                : activities.LastOrDefault(a => a.Type == ActivityType.Comment)?.Text ?? "";
            var notes = string.Join("\n", activities.Where(a => a.Type == ActivityType.InternalNote).Select(a => a.Text));
            if (expected.Title is not null) Assert.Equal(expected.Title, ticket.Title);
            if (expected.RequesterName is not null) Assert.Equal(expected.RequesterName, ticket.Requester.Name);
            if (result.Action == MailIngestResult.Created) Assert.Equal(Channel.Email, ticket.Channel);
            foreach (var s in expected.TextContains ?? []) Assert.Contains(s, text);
            foreach (var s in expected.TextExcludes ?? []) Assert.DoesNotContain(s, text, StringComparison.OrdinalIgnoreCase);
            foreach (var s in expected.NoteContains ?? []) Assert.Contains(s, notes);
            if (result.Reason == "auto-reply-noted")
            {
                // An auto-reply is an internal note at most: never a customer comment.
                Assert.DoesNotContain(activities, a => a.Type == ActivityType.Comment && a.Actor.Id != "system" && a.Sequence > 2);
            }
        }
        if (expected.Bouncing is not null)
        {
            Assert.True(await app.Get<IMailStore>().IsBouncingAsync(expected.Bouncing, CancellationToken.None));
        }
        if (expected.Spf is not null)
        {
            var record = (await app.Get<IMailStore>().ListInboundAsync(expected.Action, 100, null, CancellationToken.None)).Items
                .Single(r => r.TicketNumber == result.TicketNumber && r.Transport == "test");
            Assert.Equal((expected.Spf, expected.Dkim, expected.Dmarc), (record.Spf, record.Dkim, record.Dmarc));
            Assert.NotNull(record.RawBlob);
        }

        var again = await ingestion.IngestAsync(raw, "test", CancellationToken.None);
        Assert.Equal((MailIngestResult.Ignored, "duplicate"), (again.Action, again.Reason));
    }
}
