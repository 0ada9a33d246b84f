using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ServiceDesk.Domain.Tickets;

/// <summary>A human-friendly ticket number such as <c>INC-000123</c>: a kind prefix and a sequence.</summary>
public readonly record struct TicketNumber(TicketKind Kind, long Sequence)
{
    public const int MaxLength = 24;

    public static string PrefixOf(TicketKind kind) => kind switch
    {
        TicketKind.Incident => "INC",
        TicketKind.ServiceRequest => "REQ",
        TicketKind.Problem => "PRB",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public override string ToString() =>
        PrefixOf(Kind) + "-" + Sequence.ToString("D6", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, [NotNullWhen(true)] out TicketNumber? number)
    {
        number = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || text.Length < 5 || text[3] != '-')
        {
            return false;
        }
        TicketKind? kind = text[..3].ToUpperInvariant() switch
        {
            "INC" => TicketKind.Incident,
            "REQ" => TicketKind.ServiceRequest,
            "PRB" => TicketKind.Problem,
            _ => null,
        };
        var digits = text.AsSpan(4);
        if (kind is null || digits.Length < 6)
        {
            return false;
        }
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence <= 0)
        {
            return false;
        }
        number = new TicketNumber(kind.Value, sequence);
        // Only the canonical spelling is accepted, so one ticket has exactly one number string.
        return number.Value.ToString() == text;
    }
}
