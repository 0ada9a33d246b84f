using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Workflows;

namespace ServiceDesk.Infrastructure.Workflows;

public static class WorkflowRegistration
{
    /// <summary>
    /// Workflow options, stores and the decision-link signer. <paramref name="allowGeneratedKey"/> is false in Azure:
    /// there the link-signing key must be configured (a Key Vault reference); locally an empty key is replaced by a
    /// random one per process (links then stop working after a restart).
    /// </summary>
    public static IServiceCollection AddServiceDeskWorkflows(this IServiceCollection services, IConfiguration configuration, bool allowGeneratedKey)
    {
        services.AddOptions<WorkflowOptions>()
            .Bind(configuration.GetSection(WorkflowOptions.SectionName))
            .Validate(o => o.ApprovalRemindAfter > TimeSpan.Zero && o.ApprovalEscalateAfter > TimeSpan.Zero && o.ApprovalExpireAfter > TimeSpan.Zero,
                "ServiceDesk:Workflows: approval durations must be positive.")
            .Validate(o => allowGeneratedKey || KeyBytes(o.LinkSigningKey) is { Length: >= DecisionLinkSigner.MinimumKeyBytes },
                "ServiceDesk:Workflows:LinkSigningKey must be a base64 key of at least 32 bytes (a Key Vault reference in Azure).")
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "ServiceDesk:Workflows:PublicBaseUrl must be an absolute URL.")
            .PostConfigure(o => o.RequireAuthenticatedMailReplies ??= !allowGeneratedKey) // allowGeneratedKey is false exactly in Azure
            .ValidateOnStart();
        services.TryAddSingleton<WorkflowTables>();
        services.TryAddSingleton<TableCatalogStore>();
        services.TryAddSingleton<ICatalogStore>(sp => sp.GetRequiredService<TableCatalogStore>());
        services.TryAddSingleton<IVendorRegistry>(sp => sp.GetRequiredService<TableCatalogStore>());
        services.TryAddSingleton<TableApprovalStore>();
        services.TryAddSingleton<IApprovalStore>(sp => sp.GetRequiredService<TableApprovalStore>());
        services.TryAddSingleton<IWorkflowMailbox>(sp => sp.GetRequiredService<TableApprovalStore>());
        services.TryAddSingleton<IVendorCaseStore, TableVendorCaseStore>();
        services.TryAddSingleton(sp => new DecisionLinkSigner(
            KeyBytes(sp.GetRequiredService<IOptions<WorkflowOptions>>().Value.LinkSigningKey) is { Length: >= DecisionLinkSigner.MinimumKeyBytes } key
                ? key
                : RandomNumberGenerator.GetBytes(32)));
        return services;
    }

    private static byte[]? KeyBytes(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
