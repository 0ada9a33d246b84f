namespace ServiceDesk.Functions.Security;

/// <summary>Constants of the local development token mode.</summary>
public static class DevelopmentTokens
{
    public const string Issuer = "servicedesk-development";
    public const string Audience = "servicedesk";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
}
