using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace ServiceDesk.LocalHost.Configuration;

/// <summary>Resolves <c>%SettingName%</c> binding expressions from app settings, as the Functions host does.</summary>
public static partial class AppSettingExpressions
{
    public static string Resolve(string value, IConfiguration configuration) =>
        Expression().Replace(value, match =>
        {
            var name = match.Groups[1].Value;
            return configuration[name] ?? configuration[name.Replace("__", ":", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"The app setting '{name}' used in '{value}' is not set.");
        });

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Expression();
}
