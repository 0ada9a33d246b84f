namespace ServiceDesk.Application.Workflows;

/// <summary>How a decision reached us.</summary>
public static class DecisionChannel
{
    public const string Api = "api";
    public const string Link = "link";
    public const string Mail = "mail";
}
