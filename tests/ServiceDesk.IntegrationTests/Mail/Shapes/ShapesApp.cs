using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Mail.Shapes;

/// <summary>
/// One app per test class (customer contoso owns contoso.se, default language Swedish), shared by its cases; every
/// mail carries its own Message-ID so the cases never see each other as duplicates. Attachments above
/// <see cref="MaxAttachmentBytes"/> are dropped.
/// </summary>
public sealed class ShapesApp : IAsyncLifetime
{
    public const int MaxAttachmentBytes = 64 * 1024;

    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync() =>
        App = await MailTestApp.StartAsync(s => s["ServiceDesk:Mail:MaxAttachmentBytes"] = MaxAttachmentBytes.ToString());

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Ingests the raw mail and reads back the ticket it made or touched.</summary>
    public async Task<Outcome> IngestAsync(byte[] raw)
    {
        var result = await App.Get<MailIngestion>().IngestAsync(raw, "test", CancellationToken.None);
        if (result.TicketNumber is not { } number)
        {
            return new Outcome(result, null, null, "");
        }
        var store = App.Get<ITicketStore>();
        var ticket = (await store.FindAsync(number, CancellationToken.None))!.State;
        var activities = (await store.ListActivityAsync(number, true, 100, null, CancellationToken.None)).Items;
        var notes = string.Join("\n", activities.Where(a => a.Type == ActivityType.InternalNote).Select(a => a.Text));
        return new Outcome(result, ticket.Title, ticket.Description, notes);
    }

    /// <summary>The inbound record of a Message-ID (any action), searching every page.</summary>
    public async Task<InboundRecord?> InboundAsync(string action, string messageId)
    {
        string? token = null;
        do
        {
            var page = await App.Get<IMailStore>().ListInboundAsync(action, 100, token, CancellationToken.None);
            if (page.Items.FirstOrDefault(r => r.MessageId.Trim('<', '>') == messageId) is { } found)
            {
                return found;
            }
            token = page.ContinuationToken;
        } while (token is not null);
        return null;
    }
}

/// <param name="Notes">Every internal note of the ticket, one per line group.</param>
public sealed record Outcome(MailIngestResult Result, string? Title, string? Description, string Notes)
{
    public string Text => Description ?? "";

    /// <summary>Asserts the mail opened a new ticket (whatever the reason), and says what it got otherwise.</summary>
    public Outcome Created()
    {
        Assert.True(Result.Action == MailIngestResult.Created, $"Expected a new ticket, got {Result.Action} ({Result.Reason}).");
        return this;
    }
}
