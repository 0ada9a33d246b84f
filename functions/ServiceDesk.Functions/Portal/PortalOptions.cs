namespace ServiceDesk.Functions.Portal;

/// <summary>
/// How the self-service portal signs users in. With <see cref="ClientId"/> set, the portal uses Microsoft Entra ID
/// (MSAL.js, authorization code flow with PKCE); otherwise, where development tokens are on, the development form.
/// </summary>
public sealed class PortalOptions
{
    public const string SectionName = "ServiceDesk:Portal";

    /// <summary>The portal's Entra app registration (a single-page application) client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>e.g. https://login.microsoftonline.com/{tenant}; defaults to the issuer without its /v2.0 suffix.</summary>
    public string? Authority { get; set; }

    /// <summary>The API scope the portal asks for, e.g. api://servicedesk/user_impersonation (space-separated for several).</summary>
    public string? Scopes { get; set; }
}
