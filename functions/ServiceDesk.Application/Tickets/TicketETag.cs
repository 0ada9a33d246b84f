using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.Tickets;

/// <summary>HTTP entity tags of tickets: the ticket's version as a strong ETag, e.g. <c>"7"</c>.</summary>
public static class TicketETag
{
    public static string Format(long version) => $"\"{version}\"";

    /// <summary>Checks an If-Match value (a list of strong tags or <c>*</c>) against the current version.</summary>
    public static void Require(string? ifMatch, long currentVersion, bool required, string number)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            if (required)
            {
                throw new PreconditionRequiredException(
                    $"Changing ticket {number} requires an If-Match header with the ETag you last read, so that no update is lost.");
            }
            return;
        }
        var current = Format(currentVersion);
        foreach (var part in ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "*" || part == current)
            {
                return;
            }
        }
        throw new PreconditionFailedException(
            $"Ticket {number} has changed since you read it (current ETag {current}). Read it again and reapply your change.");
    }
}
