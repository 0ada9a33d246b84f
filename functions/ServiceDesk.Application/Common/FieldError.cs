using System.Text;

namespace ServiceDesk.Application.Common;

/// <summary>
/// One field error: the field's path (<c>title</c>, <c>policies[0].name</c>), the <see cref="FieldRule"/> it broke,
/// the values the rule's text needs (<c>max</c>, <c>min</c>, <c>allowed</c>…) and the English message as before.
/// </summary>
public sealed record FieldError(string Field, FieldRule Rule, string Message, IReadOnlyDictionary<string, object>? Args = null)
{
    /// <summary>The rule's name as clients see it: <c>tooLong</c>.</summary>
    public string RuleName => Name(Rule);

    /// <summary>
    /// The stable machine code: the field's path without list indexes, then the rule (<c>title.tooLong</c>,
    /// <c>policies.name.duplicate</c>).
    /// </summary>
    public string Code => $"{StableField(Field)}.{RuleName}";

    public static string Name(FieldRule rule)
    {
        var name = rule.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>The path with <c>[n]</c> indexes removed, so the code is the same for every item of a list.</summary>
    public static string StableField(string field)
    {
        var text = new StringBuilder(field.Length);
        var depth = 0;
        foreach (var c in field)
        {
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}
