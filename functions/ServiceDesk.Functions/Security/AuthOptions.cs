namespace ServiceDesk.Functions.Security;

public sealed class AuthOptions
{
    public const string SectionName = "ServiceDesk:Auth";

    /// <summary>Token issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0; its OpenID metadata supplies the signing keys.</summary>
    public string? Issuer { get; set; }

    /// <summary>Expected audience of bearer tokens (the API's application ID URI or client id).</summary>
    public string? Audience { get; set; }

    /// <summary>Local development only: enables POST /api/dev/token. The app refuses to start with it on in Azure.</summary>
    public bool DevelopmentTokens { get; set; }

    /// <summary>Local development only: HMAC key (at least 32 characters) that signs development tokens.</summary>
    public string? DevelopmentSigningKey { get; set; }

    /// <summary>Claim carrying the caller's customer (organisation) id.</summary>
    public string CustomerClaim { get; set; } = "customer_id";

    /// <summary>Claim listing the customers an agent or integration serves ("*" for all).</summary>
    public string ServedCustomersClaim { get; set; } = "served_customers";
}
