namespace ServiceDesk.Application.Common;

/// <summary>Size limits for everything a client can send.</summary>
public static class Limits
{
    public const int TitleLength = 200;
    public const int DescriptionLength = 16_000;
    public const int CommentLength = 16_000;
    public const int ShortTextLength = 100;
    public const int EmailLength = 254;
    public const int PhoneLength = 40;
    public const int ReasonLength = 2_000;
    public const int MaxWatchers = Domain.Tickets.Ticket.MaxWatchers;
    public const int MaxLinks = 100;
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    public const int IdempotencyKeyLength = 100;
}
