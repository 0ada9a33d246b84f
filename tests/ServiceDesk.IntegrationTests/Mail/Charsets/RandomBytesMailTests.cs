using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using ServiceDesk.Application.Mail;
using ServiceDesk.Functions.Mail;
using ServiceDesk.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ServiceDesk.IntegrationTests.Mail.Charsets;

/// <summary>
/// A seeded property test over the HTTP endpoint: valid mails with random bytes (controls, NUL, lone CR, 8-bit)
/// put into the body, the Subject and the From display name, mails cut short, and byte arrays that are no mail at all.
/// Whatever the bytes, the endpoint answers 202 with an outcome; a mail with an intact From address and Message-ID
/// becomes a ticket; and the raw bytes are kept in Blob Storage exactly as posted. Deterministic: the seed is fixed.
/// </summary>
public sealed class RandomBytesMailTests(ITestOutputHelper output)
{
    private const int Seed = 20250304;
    private const int Iterations = 200;
    private static readonly string[] Outcomes = ["created", "appended", "ignored", "rejected"];

    private sealed record Sample(int Index, string Kind, byte[] Raw, string? MessageId)
    {
        /// <summary>It has its From address and Message-ID intact: it must become a ticket.</summary>
        public bool MustCreate => MessageId is not null;
    }

    [Fact]
    public async Task Random_bytes_in_body_subject_and_sender_name_never_fail_the_endpoint_and_the_raw_mail_is_kept_seed_20250304()
    {
        output.WriteLine($"seed {Seed}, {Iterations} mails");
        await using var app = await MailTestApp.StartAsync();
        var api = app.Get<InboundEmailApi>();
        var samples = Generate(new Random(Seed)).ToList();
        // The inputs are fixed by the seed; the mails are independent (own sender and Message-ID), so they are posted
        // eight at a time, as a gateway would, and judged afterwards in order.
        var responses = new ApiResponse[samples.Count];
        await Parallel.ForEachAsync(samples, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, _) =>
            responses[s.Index] = await app.SendAsync(r => api.Run(r, null!), "POST", "/api/inbound/email", s.Raw, contentType: "message/rfc822"));

        var failures = new List<(int Index, string Text)>();
        var kept = new List<(Sample Sample, string MessageId)>();
        foreach (var s in samples)
        {
            var response = responses[s.Index];
            void Fail(string text) => failures.Add((s.Index, $"#{s.Index} {s.Kind}: {text}"));
            if (response.Status != 202)
            {
                Fail($"{response.Status} {Shorten(response.Body)}");
                continue;
            }
            JsonElement json;
            try
            {
                json = response.Json;
            }
            catch (JsonException)
            {
                Fail($"202 without a JSON body: {Shorten(response.Body)}");
                continue;
            }
            var action = json.TryGetProperty("action", out var a) ? a.GetString() : null;
            var reason = json.TryGetProperty("reason", out var re) ? re.GetString() : null;
            if (!Outcomes.Contains(action))
            {
                Fail($"action '{action}'");
                continue;
            }
            if (s.MustCreate && action != "created")
            {
                Fail($"{action} ({reason}) for a mail with an intact From address and Message-ID");
            }
            var messageId = json.TryGetProperty("messageId", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (s.MustCreate)
            {
                if (messageId is null)
                {
                    Fail($"the response has no messageId: {Shorten(response.Body)}");
                    continue;
                }
                if (messageId != s.MessageId)
                {
                    Fail($"messageId '{messageId}', the mail's is '{s.MessageId}'");
                }
            }
            if (messageId is not null)
            {
                kept.Add((s, messageId));
            }
        }

        // The raw mail of every message the endpoint named is kept: its inbound record names the blob, which holds the bytes.
        var records = new Dictionary<string, InboundRecord>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await app.Get<IMailStore>().ListInboundAsync(null, 100, token, CancellationToken.None);
            foreach (var record in page.Items)
            {
                records[record.MessageId] = record;
            }
            token = page.ContinuationToken;
        } while (token is not null);
        var container = new BlobServiceClient(app.ConnectionString).GetBlobContainerClient(app.TablePrefix.ToLowerInvariant() + "mail");
        var blobFailures = new System.Collections.Concurrent.ConcurrentBag<(int Index, string Text)>();
        await Parallel.ForEachAsync(kept, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (k, ct) =>
        {
            var (s, messageId) = k;
            void Fail(string text) => blobFailures.Add((s.Index, $"#{s.Index} {s.Kind}: {text}"));
            if (!records.TryGetValue(messageId, out var record))
            {
                Fail($"no inbound record for {messageId}");
                return;
            }
            if (record.RawBlob is null)
            {
                Fail($"the inbound record of {messageId} has no raw blob");
                return;
            }
            var blob = container.GetBlobClient(record.RawBlob);
            if (!(await blob.ExistsAsync(ct)).Value)
            {
                Fail($"the raw blob {record.RawBlob} does not exist");
                return;
            }
            var content = (await blob.DownloadContentAsync(ct)).Value.Content.ToArray();
            if (!content.AsSpan().SequenceEqual(s.Raw))
            {
                Fail($"the raw blob {record.RawBlob} has {content.Length} bytes, not the {s.Raw.Length} posted");
            }
        });
        failures.AddRange(blobFailures);
        failures.Sort((x, y) => x.Index.CompareTo(y.Index));

        var statuses = string.Join(", ", responses.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
        output.WriteLine($"{samples.Count(s => s.MustCreate)} with an intact From and Message-ID, {kept.Count} kept; statuses {statuses}; {failures.Count} failures");
        foreach (var (_, text) in failures)
        {
            output.WriteLine(text);
        }
        Assert.True(failures.Count == 0,
            $"seed {Seed}: {failures.Select(f => f.Index).Distinct().Count()} of {samples.Count} mails failed (statuses {statuses}); first ones:\n" +
            string.Join("\n", failures.Take(8).Select(f => f.Text)));
    }

    private static IEnumerable<Sample> Generate(Random random)
    {
        for (var i = 0; i < Iterations; i++)
        {
            var kind = (i % 6) switch
            {
                0 => "body",
                1 => "subject",
                2 => "from-name",
                3 => "body+subject+from-name",
                4 => "random-bytes",
                _ => "cut-short",
            };
            if (kind == "random-bytes")
            {
                var bytes = new byte[random.Next(1, 3000)];
                random.NextBytes(bytes);
                yield return new Sample(i, kind, bytes, null);
                continue;
            }
            var messageId = $"random-{Seed}-{i}@contoso.se";
            var (mail, afterMessageId) = Mail(random, i, messageId,
                mutateBody: kind.Contains("body") || kind == "cut-short",
                mutateSubject: kind.Contains("subject") || kind == "cut-short",
                mutateName: kind.Contains("from-name") || kind == "cut-short");
            if (kind == "cut-short")
            {
                mail = mail[..random.Next(afterMessageId, mail.Length)];
            }
            yield return new Sample(i, kind, mail, messageId);
        }
    }

    /// <summary>A mail from @contoso.se in one of a few shapes; returns it and the offset just after its Message-ID line.</summary>
    private static (byte[] Mail, int AfterMessageId) Mail(Random random, int i, string messageId, bool mutateBody, bool mutateSubject, bool mutateName)
    {
        var utf8 = Encoding.UTF8;
        var quoted = random.Next(3) != 0;
        byte[] name = (random.Next(3), quoted) switch
        {
            (0, true) => utf8.GetBytes("\"Åsa Öberg\""),
            (1, true) => "\"=?windows-1252?Q?=C5sa_=93Kundtj=E4nst=94_=D6berg?=\""u8.ToArray(),
            (_, true) => "\"Asa Oberg (IT)\""u8.ToArray(),
            (_, false) => "=?utf-8?Q?=C3=85sa_=C3=96berg?="u8.ToArray(),
        };
        if (mutateName)
        {
            // Inside the quotes anything but LF, quote and backslash; unquoted only controls and 8-bit bytes, so the
            // address stays an address.
            name = Insert(random, name, quoted ? 1 : 0, quoted ? name.Length - 1 : name.Length, b => b is not ((byte)'\n' or (byte)'"' or (byte)'\\')
                && (quoted || b < 0x20 || b >= 0x7F), 1 + random.Next(3), 12);
        }
        byte[] subject = random.Next(3) switch
        {
            0 => utf8.GetBytes("Skrivaren på plan 3 – “trasig”"),
            1 => "=?utf-8?Q?Skrivaren_p=C3=A5_plan_3_=E2=80=93_=E2=80=9Ctrasig=E2=80=9D?="u8.ToArray(),
            _ => "=?windows-1252?B?U2tyaXZhcmVuIHDlIHBsYW4gMyCWIJN0cmFzaWeU?="u8.ToArray(),
        };
        if (mutateSubject)
        {
            subject = Insert(random, subject, 0, subject.Length, _ => true, 1 + random.Next(3), 16);
        }
        const string text = "Hej!\r\n\r\nSkrivaren på våning 3 – “Ärendet” kostar 5 € att laga.\r\n\r\nMvh Åsa\r\n";
        var multipart = random.Next(3) == 0;
        var windows1252 = !multipart && random.Next(2) == 0;
        var body = windows1252 ? CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text) : utf8.GetBytes(text);
        if (mutateBody)
        {
            body = Insert(random, body, 0, body.Length, _ => true, 1 + random.Next(5), 40);
        }

        var s = new MemoryStream();
        void W(string ascii) => s.Write(Encoding.ASCII.GetBytes(ascii));
        W("From: ");
        s.Write(name);
        W($" <random.{i}@contoso.se>\r\nTo: support@servicedesk.local\r\nMessage-ID: <{messageId}>\r\n");
        var afterMessageId = (int)s.Length;
        W("Date: Tue, 4 Mar 2025 09:15:02 +0100\r\nSubject: ");
        s.Write(subject);
        W("\r\nMIME-Version: 1.0\r\n");
        if (multipart)
        {
            const string boundary = "000000000000random5f1e2d3c4b5a69788796a5b4";
            W($"Content-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n--{boundary}\r\n");
            W("Content-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
            s.Write(body);
            W($"\r\n--{boundary}\r\nContent-Type: text/html; charset=\"UTF-8\"\r\n\r\n<div>Skrivaren</div>\r\n--{boundary}--\r\n");
        }
        else
        {
            W($"Content-Type: text/plain; charset={(windows1252 ? "windows-1252" : "utf-8")}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
            s.Write(body);
        }
        return (s.ToArray(), afterMessageId);
    }

    /// <summary>
    /// Inserts runs of random bytes at random places in [from, to): mostly controls (NUL, lone CR, ESC...) and 8-bit
    /// bytes, some printable ASCII.
    /// </summary>
    private static byte[] Insert(Random random, byte[] into, int from, int to, Func<byte, bool> allowed, int runs, int maxRun)
    {
        var list = into.ToList();
        for (var r = 0; r < runs; r++)
        {
            var at = random.Next(from, to + 1);
            var run = new List<byte>();
            var length = random.Next(1, maxRun + 1);
            while (run.Count < length)
            {
                var b = random.Next(6) switch
                {
                    0 => (byte)0x00,
                    1 => (byte)'\r',
                    2 => (byte)random.Next(0x00, 0x20),
                    3 or 4 => (byte)random.Next(0x80, 0x100),
                    _ => (byte)random.Next(0x20, 0x7F),
                };
                if (allowed(b))
                {
                    run.Add(b);
                }
            }
            list.InsertRange(at, run);
            to += run.Count;
        }
        return list.ToArray();
    }

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
