namespace ServiceDesk.Domain.Mail;

/// <summary>
/// SPF, DKIM and DMARC results from the topmost <c>Authentication-Results</c> header (RFC 8601), the one our own
/// receiving server added; headers further down were written by servers we do not control. Null when not reported.
/// </summary>
public sealed record AuthenticationEvidence(string? AuthServId, string? Spf, string? Dkim, string? Dmarc, string? Raw)
{
    public static readonly AuthenticationEvidence None = new(null, null, null, null, null);

    /// <summary>DMARC passed, or (without DMARC) SPF or DKIM passed. Later work (approvals) requires it.</summary>
    public bool Passed => Dmarc is not null ? Dmarc == "pass" : Spf == "pass" || Dkim == "pass";

    public static AuthenticationEvidence Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return None;
        }
        var unfolded = StripComments(header.ReplaceLineEndings(" "));
        var parts = unfolded.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return None;
        }
        var servId = parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        string? spf = null, dkim = null, dmarc = null;
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }
            var method = part[..eq].Trim().ToLowerInvariant();
            var rest = part[(eq + 1)..].TrimStart();
            var end = rest.IndexOfAny([' ', '\t']);
            var result = (end < 0 ? rest : rest[..end]).ToLowerInvariant();
            switch (method)
            {
                case "spf": spf ??= result; break;
                // Several DKIM signatures: one pass is enough.
                case "dkim": dkim = dkim == "pass" ? dkim : result; break;
                case "dmarc": dmarc ??= result; break;
            }
        }
        return new AuthenticationEvidence(servId, spf, dkim, dmarc, header.Length > 2000 ? header[..2000] : header);
    }

    private static string StripComments(string value)
    {
        var sb = new System.Text.StringBuilder(value.Length);
        var depth = 0;
        foreach (var c in value)
        {
            if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
            else if (depth == 0) sb.Append(c);
        }
        return sb.ToString();
    }
}
