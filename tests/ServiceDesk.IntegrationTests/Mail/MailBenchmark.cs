using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Mail;
using ServiceDesk.Infrastructure.Mail;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ServiceDesk.IntegrationTests.Mail;

/// <summary>Runs only when SERVICEDESK_MAIL_BENCHMARK is set.</summary>
public sealed class MailBenchmarkFactAttribute : FactAttribute
{
    public MailBenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SERVICEDESK_MAIL_BENCHMARK") is null)
        {
            Skip = "Set SERVICEDESK_MAIL_BENCHMARK=1 to run the mail ingestion benchmark.";
        }
    }
}

/// <summary>
/// Inbound mails parsed and stored per second through <see cref="MailIngestion"/> (parse, claim, raw blob, ticket
/// create or append, completion), against raw Azure.Data.Tables inserts on the same Azurite in the same run.
/// </summary>
public sealed class MailBenchmark(ITestOutputHelper output)
{
    private const int Mails = 1000, Parallelism = 16;

    [MailBenchmarkFact]
    public async Task Inbound_mails_per_second()
    {
        CountingBlobStore? blobs = null;
        await using var app = await TestApp.StartAsync(overrides: services => services.AddSingleton<IMailBlobStore>(sp =>
            blobs = new CountingBlobStore(ActivatorUtilities.CreateInstance<BlobMailStore>(sp))));
        await app.SeedCustomerAsync("contoso");
        var counter = app.Get<StorageRequestCounter>();
        var raw = new TableClient(app.ConnectionString, app.TablePrefix + "Raw");
        await raw.CreateIfNotExistsAsync();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Mails), new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (i, ct) => await raw.AddEntityAsync(new TableEntity("p" + (i % 50), "r" + i) { ["Text"] = "x" }, ct));
        var rawRate = Mails / watch.Elapsed.TotalSeconds;
        output.WriteLine($"raw Azurite inserts: {rawRate:F0}/s ({Parallelism} in flight)");
        var ingestion = app.Get<MailIngestion>();
        await MailTestApp.SeedTicketAsync(app);

        async Task Run(string name, Func<int, byte[]> mail)
        {
            var before = counter.Count;
            var uploadsBefore = blobs!.Uploads;
            var sw = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, Mails), new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
                async (i, ct) => await ingestion.IngestAsync(mail(i), "benchmark", ct));
            var rate = Mails / sw.Elapsed.TotalSeconds;
            output.WriteLine($"{name}: {rate:F0} mails/s ({rate / rawRate:P0} of raw inserts), {(counter.Count - before) / (double)Mails:F2} table requests/mail, {(blobs.Uploads - uploadsBefore) / (double)Mails:F2} blob uploads/mail");
        }

        var run = Guid.NewGuid().ToString("N")[..8];
        await Run("new mails (each opens a ticket)", i => MailTestApp.Mail($"User {i} <user{i}@contoso.se>", $"Problem {i}", $"new-{run}-{i}@contoso.se", "Hej!\n\nDet fungerar inte."));
        await Run("replies to one ticket (In-Reply-To)", i => MailTestApp.Mail("Anna <anna@contoso.se>", "SV: [INC-000001] x", $"reply-{run}-{i}@contoso.se",
            "Fortfarande trasig.\n\nDen tis 4 mars 2025 kl 10:02 skrev ServiceDesk <support@servicedesk.local>:\n> gammalt", MailTestApp.SeedAckId));
        await Run("auto-generated (ignored)", i => MailTestApp.Mail($"noreply <noreply@contoso.se>", $"Report {i}", $"auto-{run}-{i}@contoso.se", "Automatic."));
        await Run("duplicates", i => MailTestApp.Mail($"User {i} <user{i}@contoso.se>", $"Problem {i}", $"new-{run}-{i}@contoso.se", "Hej!\n\nDet fungerar inte."));
    }

    /// <summary>Counts the uploads the ingestion asks for (raw messages and attachments).</summary>
    private sealed class CountingBlobStore(IMailBlobStore inner) : IMailBlobStore
    {
        private long _uploads;

        public long Uploads => Interlocked.Read(ref _uploads);

        public Task<string> SaveRawAsync(string id, byte[] raw, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _uploads);
            return inner.SaveRawAsync(id, raw, cancellationToken);
        }

        public Task<byte[]?> ReadRawAsync(string blobName, CancellationToken cancellationToken) => inner.ReadRawAsync(blobName, cancellationToken);

        public Task<string> SaveAttachmentAsync(string ticketNumber, string mailKey, int index, InboundAttachment attachment, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _uploads);
            return inner.SaveAttachmentAsync(ticketNumber, mailKey, index, attachment, cancellationToken);
        }
    }
}
