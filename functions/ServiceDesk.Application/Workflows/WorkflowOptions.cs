namespace ServiceDesk.Application.Workflows;

/// <summary>Approvals and third-party workflows: default durations (catalogue items and vendors override them) and link signing.</summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "ServiceDesk:Workflows";

    /// <summary>An approver who has not decided is reminded after this long.</summary>
    public TimeSpan ApprovalRemindAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>After this long the step escalates to the approver's delegate or the item's fallback approver.</summary>
    public TimeSpan ApprovalEscalateAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>After this long the step expires (the item's expiry behaviour applies).</summary>
    public TimeSpan ApprovalExpireAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The group that receives requests handed to the service desk (expired approvals, unresolvable approvers).</summary>
    public string ServiceDeskGroup { get; set; } = "service-desk";

    /// <summary>Base64 HMAC key (32+ bytes) for signed decision links. A Key Vault reference in Azure; generated per process locally when empty.</summary>
    public string LinkSigningKey { get; set; } = "";

    /// <summary>Public base URL of the API, used in decision links in mails.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    /// <summary>
    /// Approval decisions by mail reply need a DKIM or DMARC pass in the Authentication-Results header. Unset: on in
    /// Azure, off locally (the local mail server does not authenticate senders).
    /// </summary>
    public bool? RequireAuthenticatedMailReplies { get; set; }

    /// <summary>Vendor webhook callbacks older or newer than this (their timestamp header) are refused.</summary>
    public TimeSpan VendorCallbackMaxSkew { get; set; } = TimeSpan.FromMinutes(5);
}
