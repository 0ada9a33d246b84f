using System.Globalization;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Problems;
using ServiceDesk.Domain.Tickets;
using static ServiceDesk.Application.Problems.Samples.SampleVocabulary;

namespace ServiceDesk.Application.Problems.Samples;

/// <summary>
/// A seeded generator of realistic incident streams: for each customer, weekday-heavy background noise in Swedish
/// and English over a skewed mix of things, symptoms, devices and channels (e-mail tickets arrive unclassified),
/// plus planted recurring problems with their ground truth — outages of one device or service (volume), one user's
/// device failing again and again (reopen), and one fault described in many words across random classifications
/// (similarity). The same seed and options always give the same stream. Used by the detection evaluation, the
/// sample-data endpoint and the benchmark.
/// </summary>
public static class IncidentStreamGenerator
{
    private static readonly string[] FirstNames = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Per", "Emma", "Ali", "Fatima", "Oskar", "Linnea", "John", "Sarah", "David"];
    private static readonly string[] LastNames = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Öberg", "Åström", "Ekström", "Smith", "Brown", "Lindqvist", "Hussein", "Berg"];
    private const int UsersPerCustomer = 300;

    public static SampleStream Generate(int seed, SampleStreamOptions options)
    {
        var random = new Random(seed);
        var start = options.End.AddDays(-options.Days);
        var incidents = new List<SampleIncident>();
        var problems = new List<PlantedProblem>();
        foreach (var customer in options.Customers)
        {
            var context = new CustomerContext(customer, random, start, options.End);
            context.Noise(options.Days);
            var scenarioOffset = random.Next(TextScenarios.Length);
            var outageOffset = random.Next(Outages.Length);
            for (var i = 0; i < options.VolumeProblemsPerCustomer; i++)
            {
                problems.Add(context.Outage($"{customer.Id}-volume-{i + 1}", Outages[(outageOffset + i) % Outages.Length], options.QuietDays));
            }
            for (var i = 0; i < options.ReopenProblemsPerCustomer; i++)
            {
                problems.Add(context.RepeatedFailure($"{customer.Id}-reopen-{i + 1}", options.QuietDays));
            }
            for (var i = 0; i < options.SimilarityProblemsPerCustomer; i++)
            {
                problems.Add(context.SameFault($"{customer.Id}-similar-{i + 1}", TextScenarios[(scenarioOffset + i) % TextScenarios.Length], options.QuietDays));
            }
            incidents.AddRange(context.Finish());
        }
        incidents.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        return new SampleStream(incidents, problems, start, options.End);
    }

    private sealed class CustomerContext(SampleCustomer customer, Random random, DateTimeOffset start, DateTimeOffset end)
    {
        private readonly List<SampleIncident> _incidents = [];
        private readonly double[] _thingWeights = Things.Select((_, i) => 1 / Math.Pow(i + 2, 0.9)).ToArray();

        public void Noise(int days)
        {
            for (var day = 0; day < days; day++)
            {
                var date = start.AddDays(day);
                var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
                var mean = customer.IncidentsPerWorkday * (weekend ? 0.2 : 1.0);
                var count = (int)Math.Round(mean + (random.NextDouble() - 0.5) * mean * 0.4);
                for (var n = 0; n < count; n++)
                {
                    var at = date.AddHours(6 + random.NextDouble() * 12);
                    if (at < end)
                    {
                        Add(NoiseIncident(at));
                    }
                }
            }
        }

        public PlantedProblem Outage(string id, (int Thing, Phrase[] Sentences) outage, int quietDays)
        {
            var thing = Things[outage.Thing];
            var at = PlantTime(quietDays);
            var ci = thing.CiPrefix is null ? null : Ci(thing, random.Next(thing.CiCount));
            // A failing device is reported by a handful of people; a failing service by many more (it is busy already).
            var count = ci is null ? random.Next(13, 19) : random.Next(7, 11);
            var spread = TimeSpan.FromHours(ci is null ? 3 : 6);
            var members = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var when = at + spread * random.NextDouble();
                var english = IsEnglish();
                var sentence = Pick(outage.Sentences);
                var title = random.NextDouble() < 0.5 ? Text(sentence, english).TrimEnd('.') : $"{Text(thing.Sv, thing.En, english)} {Text(Pick(Symptoms), english)}";
                var description = Compose(english, Text(sentence, english), Text(Pick(outage.Sentences), english));
                var incident = Incident(when, title, description, english, thing, ci, User(), id, classified: random.NextDouble() < 0.8);
                Add(incident);
                members.Add(incident.Key);
            }
            return new PlantedProblem(id, customer.Id, DetectionRule.Volume, $"{thing.En} ({ci ?? thing.Service}) outage", members);
        }

        public PlantedProblem RepeatedFailure(string id, int quietDays)
        {
            var thing = Things[random.NextDouble() < 0.5 ? 1 : 16];
            var user = User();
            var ci = Ci(thing, user);
            var count = random.Next(2, 4);
            var at = PlantTime(quietDays, tailDays: 4 * count);
            var members = new List<string>();
            var symptom = Pick(Symptoms);
            for (var i = 0; i < count; i++)
            {
                var when = at.AddDays(i * (2 + random.NextDouble() * 2));
                if (when >= end)
                {
                    break;
                }
                var english = IsEnglish();
                var reopens = i == 0 || random.NextDouble() < 0.6 ? 2 : 1;
                var title = $"{Text(thing.Sv, thing.En, english)} {Text(symptom, english)}";
                var again = english ? "It happened again, same as last time." : "Det har hänt igen, samma som förra gången.";
                // Reopened tickets were worked by the desk, so they carry a classification.
                var incident = Incident(when, title, Compose(english, title + ".", again), english, thing, ci, user, id, classified: true) with
                {
                    ResolvedAfter = TimeSpan.FromHours(4 + random.NextDouble() * 20),
                    ReopenAfter = Enumerable.Range(1, reopens).Select(r => TimeSpan.FromHours(30 * r)).ToList(),
                };
                Add(incident);
                members.Add(incident.Key);
            }
            return new PlantedProblem(id, customer.Id, DetectionRule.Reopen, $"{thing.En} {ci} keeps failing for one user", members);
        }

        public PlantedProblem SameFault(string id, Scenario scenario, int quietDays)
        {
            var at = PlantTime(quietDays);
            var count = random.Next(8, 14);
            var spread = TimeSpan.FromHours(6 + random.NextDouble() * 30);
            var members = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var english = IsEnglish();
                var sentences = scenario.Sentences.OrderBy(_ => random.Next()).Take(2).Select(s => Text(s, english)).ToArray();
                // Users and agents file the same fault under whatever seems closest, or nothing at all.
                var incident = Incident(at + spread * random.NextDouble(), Text(Pick(scenario.Titles), english),
                    Compose(english, sentences), english, Things[random.Next(Things.Length)], null, User(), id, classified: random.NextDouble() < 0.6);
                Add(incident);
                members.Add(incident.Key);
            }
            return new PlantedProblem(id, customer.Id, DetectionRule.Similarity, Text(scenario.Titles[0], english: true), members);
        }

        public IReadOnlyList<SampleIncident> Finish()
        {
            _incidents.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
            return _incidents;
        }

        private SampleIncident NoiseIncident(DateTimeOffset at)
        {
            var thing = Things[WeightedIndex(_thingWeights)];
            var symptom = Pick(Symptoms);
            var english = IsEnglish();
            var user = User();
            var ci = thing.CiPrefix is null || random.NextDouble() < 0.3
                ? null
                : IsPersonal(thing) ? Ci(thing, user) : Ci(thing, random.Next(thing.CiCount));
            var title = $"{Text(thing.Sv, thing.En, english)} {Text(symptom, english)}";
            var classifiedAs = random.NextDouble() < 0.1 ? Things[random.Next(Things.Length)] : thing;
            var description = Compose(english, title + ".", Fill(Text(Pick(Details), english)));
            return Incident(at, title, description, english, classifiedAs, ci, user, planted: null, classified: random.NextDouble() >= 0.25);
        }

        /// <summary>Unclassified incidents came in by e-mail: no service, category or item yet.</summary>
        private SampleIncident Incident(DateTimeOffset at, string title, string description, bool english, Thing thing, string? ci, int user, string? planted, bool classified)
        {
            var email = !classified;
            var name = $"{FirstNames[user % FirstNames.Length]} {LastNames[user * 7 % LastNames.Length]}";
            var resolvedAfter = random.NextDouble() < 0.92 ? TimeSpan.FromMinutes(Math.Exp(3 + random.NextDouble() * 5.5)) : (TimeSpan?)null;
            var firstResponse = TimeSpan.FromMinutes(1 + random.NextDouble() * random.NextDouble() * 240);
            if (resolvedAfter is { } r && r < firstResponse)
            {
                firstResponse = r;
            }
            var reopen = resolvedAfter is not null && planted is null && random.NextDouble() < 0.04
                ? new[] { resolvedAfter.Value + TimeSpan.FromHours(2 + random.NextDouble() * 48) }
                : [];
            return new SampleIncident(
                Key: NextKey(),
                CustomerId: customer.Id,
                CreatedAt: at,
                Channel: email ? Channel.Email : random.NextDouble() < 0.6 ? Channel.Portal : Channel.Phone,
                Title: title.Length > 200 ? title[..200] : title,
                Description: description,
                Category: email ? null : thing.Category,
                Service: email ? null : thing.Service,
                ConfigurationItem: email ? null : ci,
                RequesterId: $"{customer.Id}-u{user:D3}",
                RequesterName: name,
                Language: english ? Language.En : Language.Sv,
                Impact: (Impact)random.Next(3),
                Urgency: (Urgency)random.Next(3),
                FirstResponseAfter: firstResponse,
                ResolvedAfter: resolvedAfter,
                ReopenAfter: reopen,
                PlantedProblem: planted);
        }

        private void Add(SampleIncident incident) => _incidents.Add(incident);

        private string NextKey() => $"{customer.Id}-{_incidents.Count + 1:D5}";

        private DateTimeOffset PlantTime(int quietDays, int tailDays = 1)
        {
            var days = Math.Max(1, (end - start).TotalDays - quietDays - tailDays);
            var day = start.AddDays(quietDays + random.NextDouble() * days).Date;
            return new DateTimeOffset(day, TimeSpan.Zero).AddHours(7 + random.NextDouble() * 6);
        }

        private bool IsEnglish() => random.NextDouble() < customer.EnglishShare;

        private int User() => random.Next(UsersPerCustomer);

        private string Ci(Thing thing, int n) => $"{thing.CiPrefix}-{n % Math.Max(1, thing.CiCount):D4}";

        private static bool IsPersonal(Thing thing) => thing.CiPrefix is "LAP" or "MON" or "DOC" or "MOB";

        private T Pick<T>(T[] items) => items[random.Next(items.Length)];

        private int WeightedIndex(double[] weights)
        {
            var x = random.NextDouble() * weights.Sum();
            for (var i = 0; i < weights.Length; i++)
            {
                x -= weights[i];
                if (x <= 0)
                {
                    return i;
                }
            }
            return weights.Length - 1;
        }

        private string Compose(bool english, params string[] body)
        {
            var parts = new List<string> { Text(Pick(Openers), english) };
            parts.AddRange(body);
            if (random.NextDouble() < 0.5)
            {
                parts.Add(Fill(Text(Pick(Details), english)));
            }
            parts.Add(Text(Pick(Closers), english));
            return string.Join(" ", parts.Where(p => p.Length > 0));
        }

        private string Fill(string text) => text
            .Replace("{n}", random.Next(100, 999).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{h}", random.Next(0x1000, 0xFFFF).ToString("X4", CultureInfo.InvariantCulture), StringComparison.Ordinal);

        private static string Text(Phrase phrase, bool english) => english ? phrase.En : phrase.Sv;

        private static string Text(string sv, string en, bool english) => english ? en : sv;
    }
}
