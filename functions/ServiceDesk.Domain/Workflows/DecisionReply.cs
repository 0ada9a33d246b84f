using System.Globalization;
using System.Text;

namespace ServiceDesk.Domain.Workflows;

/// <summary>
/// Reads a decision from the text of an approver's mail reply: the first non-empty line decides, the rest is the
/// comment. Only the listed Swedish and English words count (case, surrounding punctuation and a trailing period
/// are ignored); anything else is not a decision.
/// </summary>
public static class DecisionReply
{
    private static readonly string[] ApproveWords = ["godkänn", "godkänd", "godkänt", "ja", "approve", "approved", "yes"];
    private static readonly string[] RejectWords = ["avslå", "avslag", "avslagen", "nej", "reject", "rejected", "no"];

    public static (ApprovalDecision? Decision, string? Comment) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var first = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        var word = Normalize(lines[first]);
        ApprovalDecision? decision = ApproveWords.Contains(word) ? ApprovalDecision.Approve
            : RejectWords.Contains(word) ? ApprovalDecision.Reject
            : null;
        if (decision is null)
        {
            return (null, null);
        }
        var comment = string.Join('\n', lines.Skip(first + 1)).Trim();
        return (decision, comment.Length == 0 ? null : comment);
    }

    private static string Normalize(string line)
    {
        var trimmed = line.Trim().Trim('.', '!', '*', '"', '\'', ',', ':', ' ').Normalize(NormalizationForm.FormC);
        return trimmed.ToLower(CultureInfo.InvariantCulture);
    }
}
