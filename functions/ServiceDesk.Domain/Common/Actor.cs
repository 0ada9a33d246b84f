namespace ServiceDesk.Domain.Common;

/// <summary>Who did something: a person (by id and display name) or the system itself.</summary>
public sealed record Actor(string Id, string Name)
{
    public static readonly Actor System = new("system", "ServiceDesk");
}
