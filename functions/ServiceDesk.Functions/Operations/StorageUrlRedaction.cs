using System.Diagnostics;
using OpenTelemetry;

namespace ServiceDesk.Functions.Operations;

/// <summary>
/// Cuts the Azure SDK's HTTP span URLs down to the account and the table, queue or container: entity keys and blob names
/// can hold personal data (the mail throttle is keyed by recipient address, users are found by email, raw mails are
/// stored by Message-ID). The query string is already redacted by Azure.Core. Runs before the exporters.
/// </summary>
public sealed class StorageUrlRedaction : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = ["url.full", "http.url"];

    public override void OnEnd(Activity data)
    {
        foreach (var tag in UrlTags)
        {
            if (data.GetTagItem(tag) is string url)
            {
                data.SetTag(tag, Redact(url));
            }
        }
    }

    /// <summary><c>http://host/devstoreaccount1/Table(PartitionKey='…')?$format=…</c> becomes <c>http://host/devstoreaccount1/Table/…</c>.</summary>
    public static string Redact(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "(redacted)";
        }
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Azurite and other path-style endpoints put the account first.
        var keep = segments.Length > 0 && segments[0] == "devstoreaccount1" ? 2 : 1;
        var kept = segments.Take(keep).Select(s => s.Split('(')[0]).ToList();
        var cut = segments.Length > keep || segments.Take(keep).Any(s => s.Contains('(')) || uri.Query.Length > 0;
        return $"{uri.Scheme}://{uri.Authority}/{string.Join('/', kept)}{(cut ? "/…" : "")}";
    }
}
