namespace ServiceDesk.Domain.Customers;

/// <summary>
/// A customer's own retention periods. Each value left null uses the default: closed tickets
/// <see cref="DefaultClosedTicketMonths"/> months (then pseudonymised), raw mails and their stored attachments
/// <see cref="DefaultRawMailMonths"/> months after the ticket closed (then deleted).
/// </summary>
public sealed record RetentionOverrides(int? ClosedTicketMonths = null, int? RawMailMonths = null)
{
    public const int DefaultClosedTicketMonths = 24, DefaultRawMailMonths = 6;
    public const int MinMonths = 1, MaxMonths = 120;

    public bool IsEmpty => ClosedTicketMonths is null && RawMailMonths is null;

    public int ClosedTickets => ClosedTicketMonths ?? DefaultClosedTicketMonths;

    public int RawMail => RawMailMonths ?? DefaultRawMailMonths;
}
