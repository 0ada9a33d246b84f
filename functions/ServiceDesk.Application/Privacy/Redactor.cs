using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceDesk.Domain.Problems;

namespace ServiceDesk.Application.Privacy;

/// <summary>
/// Replaces a person's email addresses (by the pseudonym's address), full names (by the pseudonym) and phone numbers
/// (by <see cref="PhoneRemoved"/>) in free text, case-insensitively, in plain text and as JSON escapes them (a name like
/// "Åsa Öberg" is stored as <c>\u00C5sa \u00D6berg</c> in JSON columns). Applying it twice changes nothing the second time.
/// </summary>
public sealed class Redactor
{
    public const string PhoneRemoved = "[phone removed]";

    private readonly Regex? _emails;
    private readonly Regex? _names;
    private readonly Regex? _phones;
    private readonly string _pseudonym;
    private readonly string _pseudonymEmail;

    public Redactor(Person person, string pseudonym)
    {
        _pseudonym = pseudonym;
        _pseudonymEmail = Pseudonyms.EmailOf(pseudonym);
        _emails = Alternation(person.Emails.SelectMany(Variants));
        // Also as statistics keep them (folded, stemmed terms: "Åsa Öberg" → "asa oberg").
        _names = Alternation(person.Names.SelectMany(Variants)
            .Concat(person.Names.Select(TextNormalizer.Fold))
            .Concat(person.Names.Select(n => string.Join(' ', TextNormalizer.Terms(n))).Where(t => t.Length >= 3)));
        var phones = person.Phones.SelectMany(PhonePatterns).Distinct().ToList();
        _phones = phones.Count == 0 ? null : new Regex(string.Join('|', phones), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>Whether the text mentions the person (email or phone; names too when <paramref name="names"/>).</summary>
    public bool Mentions(string text, bool names) =>
        (_emails?.IsMatch(text) ?? false) || (_phones?.IsMatch(text) ?? false) || (names && (_names?.IsMatch(text) ?? false));

    public string Redact(string text, bool names)
    {
        var result = text;
        if (_emails is not null)
        {
            result = _emails.Replace(result, _pseudonymEmail);
        }
        if (_phones is not null)
        {
            result = _phones.Replace(result, PhoneRemoved);
        }
        if (names && _names is not null)
        {
            result = _names.Replace(result, _pseudonym);
        }
        return result;
    }

    public static string Digits(string? phone) => new((phone ?? "").Where(char.IsAsciiDigit).ToArray());

    /// <summary>The value as written, and as System.Text.Json escapes it by default and in keys (percent-escaped).</summary>
    private static IEnumerable<string> Variants(string value)
    {
        yield return value;
        yield return JsonEncodedText.Encode(value).Value;
        yield return JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
        yield return Uri.EscapeDataString(value);
    }

    /// <summary>Digits with optional separators between them, in international (+46 70…) and national (070…) form.</summary>
    private static IEnumerable<string> PhonePatterns(string phone)
    {
        var digits = Digits(phone);
        var forms = new List<string> { digits };
        if (digits.StartsWith("46", StringComparison.Ordinal))
        {
            forms.Add("0" + digits[2..]);
        }
        else if (digits.StartsWith('0'))
        {
            forms.Add("46" + digits[1..]);
        }
        foreach (var form in forms)
        {
            var pattern = new StringBuilder(@"(?<!\d)(?:\+|00)?");
            for (var i = 0; i < form.Length; i++)
            {
                pattern.Append(form[i]);
                if (i < form.Length - 1)
                {
                    pattern.Append(@"[\s\-().]{0,2}");
                }
            }
            yield return pattern.Append(@"(?!\d)").ToString();
        }
    }

    /// <summary>Any of the values as a whole word ("Åsa Öberg" but not "Åsa Öbergsson").</summary>
    private static Regex? Alternation(IEnumerable<string> values)
    {
        var distinct = values.Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(v => v.Length).ToList();
        return distinct.Count == 0
            ? null
            : new Regex(@"(?<![\p{L}\p{N}])(?:" + string.Join('|', distinct.Select(Regex.Escape)) + @")(?![\p{L}\p{N}])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
