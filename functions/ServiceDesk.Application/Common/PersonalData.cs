using System.Text.RegularExpressions;

namespace ServiceDesk.Application.Common;

/// <summary>Keeps personal data out of logs and telemetry: text from elsewhere (SMTP replies, parser errors) may quote addresses.</summary>
public static partial class PersonalData
{
    public const string RedactedAddress = "<address>";

    /// <summary>The text with every email address replaced by <see cref="RedactedAddress"/>.</summary>
    public static string RedactAddresses(string text) => Address().Replace(text, RedactedAddress);

    [GeneratedRegex(@"[^\s<>""'(),;:\[\]]+@[^\s<>""'(),;:\[\]]+", RegexOptions.CultureInvariant)]
    private static partial Regex Address();
}
