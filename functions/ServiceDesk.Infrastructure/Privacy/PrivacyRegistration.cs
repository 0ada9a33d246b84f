using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Privacy;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Privacy;

public static class PrivacyRegistration
{
    /// <summary>Exports, erasures and the privacy audit; pseudonyms and export links are keyed by keys derived from the workflow signing key.</summary>
    public static IServiceCollection AddServiceDeskPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp => new Pseudonyms(sp.GetRequiredService<DecisionLinkSigner>().DeriveKey(Pseudonyms.KeyPurpose)));
        services.TryAddSingleton<IPrivacyJobStore, TablePrivacyJobStore>();
        services.TryAddSingleton<IPrivacyAudit, TablePrivacyAudit>();
        services.TryAddSingleton<IPrivacyJobQueue, QueuePrivacyJobQueue>();
        services.TryAddSingleton(sp => new StorageErasure(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<IOptions<StorageOptions>>())
        {
            Queues = StorageClients.CreateQueueServiceClient(configuration, QueueMessageEncoding.None),
            Pseudonyms = sp.GetRequiredService<Pseudonyms>(),
        });
        services.TryAddSingleton<IPersonalDataEraser>(sp => sp.GetRequiredService<StorageErasure>());
        // Retention: the expiry index (written by RetentionLifecycle on the ticket write path) and the daily job.
        services.TryAddSingleton<IRetentionIndex, TableRetentionIndex>();
        services.TryAddSingleton<ITicketRetentionStore>(sp => sp.GetRequiredService<StorageErasure>());
        services.TryAddSingleton<RetentionJob>();
        services.TryAddSingleton<PrivacyRequests>();
        services.TryAddSingleton<PrivacyJobQueries>();
        services.TryAddSingleton(sp => new ExportLinks(sp.GetRequiredService<DecisionLinkSigner>().DeriveKey(ExportLinks.KeyPurpose)));
        services.TryAddSingleton<IPersonalDataExporter, StorageExport>();
        services.TryAddSingleton<DownloadExport>();
        services.TryAddSingleton<PrivacyJobRunner>();
        return services;
    }
}
