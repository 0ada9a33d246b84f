using System.Diagnostics;
using System.Globalization;
using System.Text;
using ServiceDesk.Application.Knowledge;
using ServiceDesk.Application.Security;
using ServiceDesk.Benchmarks.Harness;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Knowledge;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Benchmarks.Knowledge;

/// <summary>
/// Knowledge search at N published articles (Swedish and English, generated from an IT-support vocabulary, seeded
/// through <see cref="IKnowledgeStore.TryInsertAsync"/>): cold start of a <see cref="KnowledgeSearch"/> from the store
/// (its first search, building the index from <c>ListAsync</c>; then its snapshot saved to Blob Storage), cold start
/// from that snapshot (first search of a new instance: blob download, open, catch-up from the change feed), then
/// search and suggest latency (p50/p99, one at a time) over a mix of real words, typos and words without diacritics.
/// </summary>
public static class KnowledgeBenchmark
{
    private const string Customer = "contoso";

    public sealed record Options(int Articles, int Queries, int Suggests, int ColdRuns, int Concurrency);

    public const string Usage = """
        ServiceDesk knowledge search benchmark: N published articles; cold start from the store and from the index
        snapshot; search and suggest latency p50/p99.

        dotnet run -c Release --project tests/ServiceDesk.Benchmarks -- knowledge [options]

          -n, --articles N        published articles, Swedish and English (default 10,000; --quick: 1,000)
          --queries Q             searches timed (default 2,000; --quick: 300)
          --suggests S            suggestions timed (default 500; --quick: 100)
          --cold-runs R           cold starts of each kind, the median reported (default 3; --quick: 1)
          -c, --concurrency C     seeding inserts in flight (default 32)
          --quick                 small smoke run
          -h, --help              this text
        """;

    public static async Task<int> MainAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var o = quick ? new Options(1_000, 300, 100, 1, 32) : new Options(10_000, 2_000, 500, 3, 32);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "-h" or "--help" or "-?")
            {
                Console.WriteLine(Usage);
                return 0;
            }
            if (a == "--quick")
            {
                continue;
            }
            var ok = int.TryParse(i + 1 < args.Length ? args[i + 1] : null, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 1;
            switch (a)
            {
                case "-n" or "--articles" when ok: o = o with { Articles = v }; break;
                case "--queries" when ok: o = o with { Queries = v }; break;
                case "--suggests" when ok: o = o with { Suggests = v }; break;
                case "--cold-runs" when ok: o = o with { ColdRuns = v }; break;
                case "-c" or "--concurrency" when ok: o = o with { Concurrency = v }; break;
                default:
                    Console.Error.WriteLine($"Bad option '{a}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
            i++;
        }
        return await RunAsync(o);
    }

    private sealed record Cold(double Ms, long Requests, string OpenedFrom);

    public static async Task<int> RunAsync(Options o)
    {
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] knowledge: {o}");
        await using var app = await BenchmarkApp.StartAsync(inMemoryAzurite: true);
        await app.SeedCustomerAsync(Customer);
        await app.SeedCustomerAsync("fabrikam");
        var store = app.Get<IKnowledgeStore>();
        var snapshots = app.Get<IKnowledgeIndexSnapshots>();
        var redirects = app.Get<Redirects>();
        var counter = app.Get<StorageRequestCounter>();
        var caller = new Caller("u1", "User u1", "u1@contoso.se", Customer, new HashSet<Role> { Role.EndUser }, []);

        // Seed.
        var now = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var before = counter.Count;
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(1, o.Articles), new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (i, ct) =>
        {
            BenchmarkCheckException.Require(await store.TryInsertAsync(Corpus.Article(i, now), ct), $"article {i} not inserted");
            var n = Interlocked.Increment(ref done);
            if (n % 2_000 == 0)
            {
                Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}]   {n:N0} of {o.Articles:N0} articles seeded ({n / watch.Elapsed.TotalSeconds:F0}/s)");
            }
        });
        var seedSeconds = watch.Elapsed.TotalSeconds;
        var seeded = Stopwatch.StartNew();
        var seedRequests = counter.Count - before;
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {o.Articles:N0} articles seeded in {seedSeconds:F0} s, {seedRequests:N0} table requests");

        // Cold starts from the store (no snapshots for these instances), then one that saves the snapshot.
        var probe = Corpus.Probe;
        var fromStore = new List<Cold>();
        for (var r = 0; r < o.ColdRuns; r++)
        {
            using var search = new KnowledgeSearch(store, redirects, TimeProvider.System);
            fromStore.Add(await ColdAsync(search, caller, probe, counter));
        }
        // The snapshot's watermark is its build's start less 5 s: seeding must have ended before, or the catch-up re-reads its tail.
        var settle = TimeSpan.FromSeconds(6) - seeded.Elapsed;
        if (settle > TimeSpan.Zero)
        {
            await Task.Delay(settle);
        }
        KnowledgeSearch builder = new(store, redirects, TimeProvider.System, snapshots);
        var saving = await ColdAsync(builder, caller, probe, counter);
        watch.Restart();
        await builder.SnapshotSaving;
        var saveMs = watch.Elapsed.TotalMilliseconds;
        var saved = await snapshots.LoadAsync(CancellationToken.None);
        BenchmarkCheckException.Require(saved is not null, "no snapshot was saved");
        var snapshotBytes = saved!.Value.Data.Length;
        var watermark = saved.Value.Watermark;
        await saved.Value.Data.DisposeAsync();
        builder.Dispose();
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] snapshot: {snapshotBytes:N0} bytes, saved in {saveMs:F0} ms");

        // Cold starts from the snapshot: 20 articles changed after its watermark come through the change feed.
        for (var i = 1; i <= 20; i++)
        {
            BenchmarkCheckException.Require(await store.TryInsertAsync(Corpus.Article(o.Articles + i, DateTimeOffset.UtcNow, late: true), default), "late article not inserted");
        }
        var fromSnapshot = new List<Cold>();
        KnowledgeSearch? warm = null;
        for (var r = 0; r < o.ColdRuns; r++)
        {
            warm?.Dispose();
            warm = new KnowledgeSearch(store, redirects, TimeProvider.System, snapshots);
            fromSnapshot.Add(await ColdAsync(warm, caller, probe, counter));
        }
        BenchmarkCheckException.Require(fromStore.All(c => c.OpenedFrom == "store") && fromSnapshot.All(c => c.OpenedFrom == "snapshot"),
            "cold starts did not open as expected");
        var late = await warm!.SearchAsync(caller, Corpus.LateWord, "sv", null, null, null, default);
        var visible = Enumerable.Range(o.Articles + 1, 20).Count(i => i % 10 != 0 && (i % 10 != 1 || i % 20 == 1));   // internal; listed for fabrikam
        BenchmarkCheckException.Require(late.Total == visible, $"'{Corpus.LateWord}' found {late.Total} of the {visible} visible articles from the change feed");

        // Latency, one at a time, on the instance opened from the snapshot (warmed by 200 queries first).
        var random = new Random(7);
        var queries = Enumerable.Range(0, o.Queries + 200).Select(_ => Corpus.Query(random)).ToList();
        foreach (var (q, lang, _) in queries.Take(200))
        {
            await warm.SearchAsync(caller, q, lang, null, null, null, default);
        }
        var searchMs = new List<double>();
        var kinds = new Dictionary<string, (int Queries, int WithHits)>();
        before = counter.Count;
        var searchWatch = Stopwatch.StartNew();
        foreach (var (q, lang, kind) in queries.Skip(200))
        {
            watch.Restart();
            var page = await warm.SearchAsync(caller, q, lang, null, null, null, default);
            searchMs.Add(watch.Elapsed.TotalMilliseconds);
            var k = kinds.GetValueOrDefault(kind);
            kinds[kind] = (k.Queries + 1, k.WithHits + (page.Total > 0 ? 1 : 0));
        }
        var searchSeconds = searchWatch.Elapsed.TotalSeconds;
        var searchRequests = counter.Count - before;

        var drafts = Enumerable.Range(0, o.Suggests + 50).Select(_ => Corpus.Draft(random)).ToList();
        foreach (var d in drafts.Take(50))
        {
            await warm.SuggestAsync(caller, d, default);
        }
        var suggestMs = new List<double>();
        var suggested = 0;
        before = counter.Count;
        var suggestWatch = Stopwatch.StartNew();
        foreach (var d in drafts.Skip(50))
        {
            watch.Restart();
            var result = await warm.SuggestAsync(caller, d, default);
            suggestMs.Add(watch.Elapsed.TotalMilliseconds);
            suggested += result.Articles.Count > 0 ? 1 : 0;
        }
        var suggestSeconds = suggestWatch.Elapsed.TotalSeconds;
        var suggestRequests = counter.Count - before;
        warm.Dispose();

        Console.WriteLine();
        Console.WriteLine("### ServiceDesk knowledge search benchmark");
        Console.WriteLine();
        Console.WriteLine($"- {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} logical CPUs; .NET {Environment.Version}; load average {LoadAverage()}");
        Console.WriteLine($"- one in-memory Azurite; {o.Articles:N0} published articles, each in Swedish and English ({2 * o.Articles:N0} language versions; 80% all customers, 10% listed customers, 10% internal), seeded through `IKnowledgeStore.TryInsertAsync`, {o.Concurrency} in flight: {seedSeconds:F0} s, {seedRequests:N0} table requests");
        Console.WriteLine($"- caller: an end user of `{Customer}`; a cold start = a new `KnowledgeSearch` and its first search; median of {o.ColdRuns}; table requests = `StorageRequestCounter` (blob requests are not counted)");
        Console.WriteLine();
        Console.WriteLine("| cold start | median ms | runs (ms) | table requests |");
        Console.WriteLine("|---|---:|---|---:|");
        Console.WriteLine(Invariant($"| from the store (`ListAsync`, index every article) | {Median(fromStore.Select(c => c.Ms)):F0} | {string.Join(", ", fromStore.Select(c => c.Ms.ToString("F0", CultureInfo.InvariantCulture)))} | {fromStore[^1].Requests:N0} |"));
        Console.WriteLine(Invariant($"| from the snapshot (download {snapshotBytes / 1024.0 / 1024:F1} MiB, open, catch up 20 changed articles) | {Median(fromSnapshot.Select(c => c.Ms)):F0} | {string.Join(", ", fromSnapshot.Select(c => c.Ms.ToString("F0", CultureInfo.InvariantCulture)))} | {fromSnapshot[^1].Requests:N0} |"));
        Console.WriteLine();
        Console.WriteLine(Invariant($"Snapshot: {snapshotBytes:N0} bytes, saved in the background in {saveMs:F0} ms after a build from the store (that build's first search: {saving.Ms:F0} ms); watermark {watermark:O}."));
        Console.WriteLine();
        Console.WriteLine("| operation | count | p50 ms | p90 ms | p99 ms | max ms | per s (one at a time) | table requests | with results |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        Console.WriteLine(Invariant($"| search | {searchMs.Count:N0} | {P(searchMs, 50):F2} | {P(searchMs, 90):F2} | {P(searchMs, 99):F2} | {searchMs.Max():F1} | {searchMs.Count / searchSeconds:F0} | {searchRequests:N0} | {string.Join("; ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value.WithHits}/{k.Value.Queries}"))} |"));
        Console.WriteLine(Invariant($"| suggest | {suggestMs.Count:N0} | {P(suggestMs, 50):F2} | {P(suggestMs, 90):F2} | {P(suggestMs, 99):F2} | {suggestMs.Max():F1} | {suggestMs.Count / suggestSeconds:F0} | {suggestRequests:N0} | {suggested}/{suggestMs.Count} drafts got a suggestion |"));
        Console.WriteLine();
        return 0;
    }

    private static async Task<Cold> ColdAsync(KnowledgeSearch search, Caller caller, string probe, StorageRequestCounter counter)
    {
        var before = counter.Count;
        var watch = Stopwatch.StartNew();
        var page = await search.SearchAsync(caller, probe, "sv", null, null, null, default);
        var cold = new Cold(watch.Elapsed.TotalMilliseconds, counter.Count - before, search.OpenedFrom!);
        BenchmarkCheckException.Require(page.Total > 0, $"'{probe}' found nothing");
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] cold start from the {cold.OpenedFrom}: {cold.Ms:F0} ms, {cold.Requests:N0} table requests");
        return cold;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values) => P(values.ToList(), 50);

    private static double P(List<double> values, double percentile)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>Generated articles: a product and a problem per article, sentences from an IT-support vocabulary.</summary>
    private static class Corpus
    {
        private static readonly (string Sv, string En)[] Products =
        [
            ("Outlook", "Outlook"), ("Teams", "Teams"), ("VPN-klienten", "the VPN client"), ("skrivaren", "the printer"),
            ("nätverksskrivaren", "the network printer"), ("BankID", "BankID"), ("Wi-Fi", "Wi-Fi"), ("OneDrive", "OneDrive"),
            ("SharePoint", "SharePoint"), ("lönesystemet", "the payroll system"), ("affärssystemet", "the ERP system"),
            ("bildskärmen", "the monitor"), ("dockningsstationen", "the docking station"), ("headsetet", "the headset"),
            ("webbläsaren", "the browser"), ("mobiltelefonen", "the mobile phone"), ("surfplattan", "the tablet"),
            ("kalendern", "the calendar"), ("delade mappen", "the shared folder"), ("e-posten", "e-mail"),
            ("lösenordet", "the password"), ("tvåstegsverifieringen", "two-step verification"), ("Excel", "Excel"),
            ("Word", "Word"), ("tidrapporteringen", "time reporting"), ("kassasystemet", "the till system"),
            ("skannern", "the scanner"), ("projektorn", "the projector"), ("fjärrskrivbordet", "remote desktop"), ("Citrix", "Citrix"),
        ];

        private static readonly (string Sv, string En)[] Problems =
        [
            ("startar inte", "does not start"), ("fryser vid start", "freezes on start"), ("går inte att logga in i", "cannot sign in to"),
            ("är långsam", "is slow"), ("visar felmeddelande", "shows an error message"), ("synkroniserar inte", "does not sync"),
            ("kopplar ner hela tiden", "keeps disconnecting"), ("skriver inte ut", "does not print"), ("saknas efter uppdatering", "is missing after the update"),
            ("har låst kontot", "locked the account"), ("hittar inte certifikatet", "cannot find the certificate"), ("kraschar", "crashes"),
            ("ber om lösenord igen", "asks for the password again"), ("visar fel datum", "shows the wrong date"), ("ansluter inte", "does not connect"),
        ];

        private static readonly (string Sv, string En)[] Steps =
        [
            ("Starta om datorn och försök igen.", "Restart the computer and try again."),
            ("Kontrollera att du är ansluten till företagets nätverk.", "Check that you are connected to the company network."),
            ("Logga ut och logga in igen med ditt vanliga konto.", "Sign out and sign in again with your usual account."),
            ("Rensa webbläsarens cache och kakor.", "Clear the browser cache and cookies."),
            ("Installera den senaste uppdateringen från Företagsportalen.", "Install the latest update from the Company Portal."),
            ("Byt lösenord via självbetjäningsportalen.", "Change the password in the self-service portal."),
            ("Koppla ur kabeln, vänta tio sekunder och koppla in den igen.", "Unplug the cable, wait ten seconds and plug it in again."),
            ("Öppna Inställningar och välj Återställ.", "Open Settings and choose Reset."),
            ("Ta bort profilen och lägg till den på nytt.", "Remove the profile and add it again."),
            ("Kontrollera att licensen är tilldelad av din chef.", "Check that your manager has assigned the licence."),
            ("Välj rätt skrivarkö i utskriftsdialogen.", "Choose the right print queue in the print dialog."),
            ("Godkänn inloggningen i Authenticator-appen.", "Approve the sign-in in the Authenticator app."),
            ("Om felet kvarstår, skapa ett ärende och bifoga en skärmbild.", "If the error remains, open a ticket and attach a screenshot."),
            ("Spara dokumentet lokalt innan du försöker igen.", "Save the document locally before you try again."),
            ("Kontrollera att datum och tid är rätt inställda.", "Check that the date and time are set correctly."),
        ];

        private static readonly string[] Services = ["E-post", "VPN", "Utskrift", "Nätverk", "Klient", "Telefoni", "ERP", "Identitet"];

        public static string Probe => "skrivaren skriver inte ut";

        public static string Id(int i) => "KB-BENCH" + i.ToString("D6", CultureInfo.InvariantCulture);

        public static string Title(int i, Language language)
        {
            var (product, problem) = (Products[i % Products.Length], Problems[i / Products.Length % Problems.Length]);
            var variant = i / (Products.Length * Problems.Length);
            return language == Language.Sv
                ? $"{Capital(product.Sv)} {problem.Sv}" + (variant > 0 ? $" (variant {variant})" : "")
                : $"{Capital(problem.En.Contains("to", StringComparison.Ordinal) ? $"You {problem.En} {product.En}" : $"{product.En} {problem.En}")}" + (variant > 0 ? $" (variant {variant})" : "");
        }

        /// <summary>In the titles of the articles published after the snapshot only.</summary>
        public const string LateWord = "snabbguide";

        public static Article Article(int i, DateTimeOffset now, bool late = false)
        {
            var random = new Random(i);
            var steps = Enumerable.Range(0, random.Next(3, 8)).Select(_ => Steps[random.Next(Steps.Length)]).ToList();
            var product = Products[i % Products.Length];
            var problem = Problems[i / Products.Length % Problems.Length];
            var sv = new StringBuilder($"## Symptom\n\n{Capital(product.Sv)} {problem.Sv}. Det gäller ofta efter en uppdatering eller ett byte av dator.\n\n## Lösning\n\n");
            var en = new StringBuilder($"## Symptom\n\n{Capital(product.En)} {problem.En}. This often happens after an update or a new computer.\n\n## Solution\n\n");
            for (var s = 0; s < steps.Count; s++)
            {
                sv.Append(CultureInfo.InvariantCulture, $"{s + 1}. {steps[s].Sv}\n");
                en.Append(CultureInfo.InvariantCulture, $"{s + 1}. {steps[s].En}\n");
            }
            var audience = (i % 10) switch { 0 => ArticleAudience.Internal, 1 => ArticleAudience.ListedCustomers, _ => ArticleAudience.AllCustomers };
            return new Article
            {
                Id = Id(i),
                Draft = new ArticleContent
                {
                    Type = (ArticleType)(i % 5),
                    Translations = new Dictionary<Language, ArticleTranslation>
                    {
                        [Language.Sv] = new(Title(i, Language.Sv) + (late ? " – " + LateWord : ""), sv.ToString()),
                        [Language.En] = new(Title(i, Language.En), en.ToString()),
                    },
                    Tags = [product.Sv.ToLowerInvariant(), "support"],
                    Services = [Services[i % Services.Length]],
                    Audience = audience,
                    Customers = audience == ArticleAudience.ListedCustomers ? [i % 20 == 1 ? Customer : "fabrikam"] : [],
                },
                Status = ArticleStatus.Draft, Owner = "a-bench", CreatedAt = now, UpdatedAt = now, UpdatedBy = "Benchmark",
            }.Publish("Benchmark", now);
        }

        /// <summary>A query: (text, language, kind) with kind real / typo / no-diacritics / english.</summary>
        public static (string Q, string Lang, string Kind) Query(Random random)
        {
            var product = Products[random.Next(Products.Length)];
            var problem = Problems[random.Next(Problems.Length)];
            var words = $"{product.Sv} {problem.Sv}".Split(' ');
            var text = string.Join(' ', words.Take(random.Next(1, Math.Min(4, words.Length) + 1)));
            switch (random.Next(4))
            {
                case 0: return (text, "sv", "real");
                case 1:
                    var w = words[0];
                    var at = random.Next(1, Math.Max(2, w.Length - 1));
                    var typo = w.Length > 4 ? w[..at] + w[(at + 1)..] : w + "e";   // a dropped letter
                    return (string.Join(' ', new[] { typo }.Concat(words.Skip(1).Take(2))), "sv", "typo");
                case 2: return (Fold(text), "sv", "no-diacritics");
                default:
                    var enWords = $"{product.En} {problem.En}".Split(' ');
                    return (string.Join(' ', enWords.Take(random.Next(1, Math.Min(4, enWords.Length) + 1))), "en", "english");
            }
        }

        public static SuggestInput Draft(Random random)
        {
            var product = Products[random.Next(Products.Length)];
            var problem = Problems[random.Next(Problems.Length)];
            var step = Steps[random.Next(Steps.Length)];
            return random.Next(4) == 0
                ? new SuggestInput("Fråga om parkeringstillstånd", "Var hämtar jag mitt parkeringskort till garaget?", "sv", null)
                : new SuggestInput($"{Capital(product.Sv)} {problem.Sv}", $"Sedan i morse {problem.Sv} {product.Sv}. Jag har provat: {step.Sv.ToLowerInvariant()}", "sv", null);
        }

        private static string Fold(string s) => s.Replace('å', 'a').Replace('ä', 'a').Replace('ö', 'o');

        private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
    }
}
