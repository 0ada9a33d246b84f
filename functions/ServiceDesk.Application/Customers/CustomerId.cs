namespace ServiceDesk.Application.Customers;

/// <summary>Customer ids are lower-case slugs (they are storage partition keys): a-z, 0-9 and '-', 2 to 63 characters.</summary>
public static class CustomerId
{
    public static bool IsValid(string? id) =>
        id is { Length: >= 2 and <= 63 } &&
        char.IsAsciiLetterLower(id[0]) | char.IsAsciiDigit(id[0]) &&
        id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
