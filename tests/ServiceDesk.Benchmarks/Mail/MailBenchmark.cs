using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Mail;
using ServiceDesk.Benchmarks.Cli;
using ServiceDesk.Benchmarks.Harness;
using ServiceDesk.Infrastructure.Mail;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Benchmarks.Mail;

/// <summary>
/// Inbound mails parsed and stored per second through <see cref="MailIngestion"/> (parse, claim, raw blob, ticket
/// create or append, completion), against raw Azure.Data.Tables inserts on the same Azurite in the same run.
/// </summary>
public static class MailBenchmark
{
    private const int Parallelism = 16;

    public static readonly SizeOption Size = new("mail",
        "ServiceDesk mail ingestion benchmark: inbound mails through MailIngestion, against raw inserts on the same Azurite.",
        "mails", "mails per workload", Default: 1000, Quick: 100);

    public static async Task<int> RunAsync(int mails)
    {
        CountingBlobStore? blobs = null;
        await using var app = await BenchmarkApp.StartAsync(overrides: services => services.AddSingleton<IMailBlobStore>(sp =>
            blobs = new CountingBlobStore(ActivatorUtilities.CreateInstance<BlobMailStore>(sp))));
        await app.SeedCustomerAsync("contoso");
        var counter = app.Get<StorageRequestCounter>();
        var raw = new TableClient(app.ConnectionString, app.TablePrefix + "Raw");
        await raw.CreateIfNotExistsAsync();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, mails), new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (i, ct) => await raw.AddEntityAsync(new TableEntity("p" + (i % 50), "r" + i) { ["Text"] = "x" }, ct));
        var rawRate = mails / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"raw Azurite inserts: {rawRate:F0}/s ({Parallelism} in flight)");
        var ingestion = app.Get<MailIngestion>();
        await BenchmarkMail.SeedTicketAsync(app);

        async Task Run(string name, Func<int, byte[]> mail)
        {
            var before = counter.Count;
            var uploadsBefore = blobs!.Uploads;
            var sw = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, mails), new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
                async (i, ct) => await ingestion.IngestAsync(mail(i), "benchmark", ct));
            var rate = mails / sw.Elapsed.TotalSeconds;
            Console.WriteLine($"{name}: {rate:F0} mails/s ({rate / rawRate:P0} of raw inserts), {(counter.Count - before) / (double)mails:F2} table requests/mail, {(blobs.Uploads - uploadsBefore) / (double)mails:F2} blob uploads/mail");
        }

        var run = Guid.NewGuid().ToString("N")[..8];
        await Run("new mails (each opens a ticket)", i => BenchmarkMail.Mail($"User {i} <user{i}@contoso.se>", $"Problem {i}", $"new-{run}-{i}@contoso.se", "Hej!\n\nDet fungerar inte."));
        await Run("replies to one ticket (In-Reply-To)", i => BenchmarkMail.Mail("Anna <anna@contoso.se>", "SV: [INC-000001] x", $"reply-{run}-{i}@contoso.se",
            "Fortfarande trasig.\n\nDen tis 4 mars 2025 kl 10:02 skrev ServiceDesk <support@servicedesk.local>:\n> gammalt", BenchmarkMail.SeedAckId));
        await Run("auto-generated (ignored)", i => BenchmarkMail.Mail($"noreply <noreply@contoso.se>", $"Report {i}", $"auto-{run}-{i}@contoso.se", "Automatic."));
        await Run("duplicates", i => BenchmarkMail.Mail($"User {i} <user{i}@contoso.se>", $"Problem {i}", $"new-{run}-{i}@contoso.se", "Hej!\n\nDet fungerar inte."));
        return 0;
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
