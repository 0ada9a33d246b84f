using System.Text;

namespace ServiceDesk.Infrastructure.Storage;

/// <summary>
/// Makes any text safe inside a PartitionKey or RowKey: the characters Table Storage forbids
/// ('/', '\', '#', '?', control characters) and our own separators ('|', '%') are percent-escaped.
/// </summary>
public static class KeyEncoder
{
    public static string Encode(string value)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var escape = c is '/' or '\\' or '#' or '?' or '|' or '%' || char.IsControl(c);
            if (escape)
            {
                sb ??= new StringBuilder(value, 0, i, value.Length + 8);
                sb.Append('%').Append(((int)c).ToString("X2"));
            }
            else
            {
                sb?.Append(c);
            }
        }
        return sb?.ToString() ?? value;
    }
}
