using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Operations;
using ServiceDesk.Application.Problems;
using ServiceDesk.Application.ServiceLevels;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Infrastructure.Customers;
using ServiceDesk.Infrastructure.Events;
using ServiceDesk.Infrastructure.Intake;
using ServiceDesk.Infrastructure.Mail;
using ServiceDesk.Infrastructure.Operations;
using ServiceDesk.Infrastructure.Privacy;
using ServiceDesk.Infrastructure.Problems;
using ServiceDesk.Application.Staff;
using ServiceDesk.Infrastructure.Staff;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Tickets;

namespace ServiceDesk.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddServiceDeskInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .Validate(o => o.TablePrefix.All(char.IsAsciiLetterOrDigit) && o.TablePrefix.Length <= 40,
                "ServiceDesk:Storage:TablePrefix may contain only letters and digits (at most 40).")
            .ValidateOnStart();
        services.AddOptions<TicketOptions>()
            .Bind(configuration.GetSection(TicketOptions.SectionName))
            .Validate(o => o.NumberBlockSize is >= 1 and <= 1000, "ServiceDesk:Tickets:NumberBlockSize must be 1 to 1000.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageRequestCounter>();
        services.TryAddSingleton(sp => StorageClients.CreateTableServiceClient(
            configuration, new HttpPipelinePolicyHolder(sp.GetRequiredService<StorageRequestCounter>())));
        services.TryAddSingleton(_ => StorageClients.CreateQueueServiceClient(configuration));
        services.TryAddSingleton<IPoisonQueueStore>(_ => new StoragePoisonQueueStore(
            StorageClients.CreateQueueServiceClient(configuration, Azure.Storage.Queues.QueueMessageEncoding.None)));
        services.TryAddSingleton<PoisonQueueAdministration>();
        services.TryAddSingleton<TableNames>();
        services.TryAddSingleton<Tables>();
        services.TryAddSingleton<IServiceLevelStore, ServiceLevels.TableServiceLevelStore>();
        services.TryAddSingleton<ISlaDueIndex, ServiceLevels.TableSlaDueIndex>();
        services.TryAddSingleton<Application.MajorIncidents.IMajorIncidentStore, MajorIncidents.TableMajorIncidentStore>();
        services.TryAddSingleton<Application.MajorIncidents.IAffectedUsers, MajorIncidents.TableAffectedUsers>();
        services.TryAddSingleton<Application.MajorIncidents.IMajorIncidentBroadcastQueue, MajorIncidents.QueueMajorIncidentBroadcastQueue>();
        services.TryAddSingleton<Application.Knowledge.IKnowledgeStore, Knowledge.TableKnowledgeStore>();
        services.TryAddSingleton<Application.RemoteSessions.IRemoteSessionStore, RemoteSessions.TableRemoteSessionStore>();
        services.AddOptions<Application.RemoteSessions.RemoteSessionOptions>()
            .Bind(configuration.GetSection(Application.RemoteSessions.RemoteSessionOptions.SectionName))
            .Validate(o => o.IsValid,
                "ServiceDesk:RemoteSessions: RequestAnswerTimeout and GrantLifetime must be positive and at most 1.00:00:00; EnrolmentsPerMinute, DecisionsPerMinute and DeviceCallsPerMinute 1 to 100000.")
            .ValidateOnStart();
        services.TryAddSingleton<Application.Common.IRateLimiter, Security.InMemoryRateLimiter>();
        services.TryAddSingleton<Application.RemoteSessions.IRemoteRateLimiter, RemoteSessions.InMemoryRemoteRateLimiter>();
        services.TryAddSingleton<Application.Knowledge.IArticleRenderer, Knowledge.MarkdownArticleRenderer>();
        services.TryAddSingleton(_ => StorageClients.CreateBlobServiceClient(configuration));
        services.TryAddSingleton<Application.Knowledge.IKnowledgeIndexSnapshots, Knowledge.BlobKnowledgeIndexSnapshots>();
        services.TryAddSingleton<ITicketStore, TableTicketStore>();
        services.TryAddSingleton<ITicketAttachmentStore, BlobTicketAttachmentStore>();
        services.TryAddSingleton<TableTicketNumberAllocator>();
        services.TryAddSingleton<ITicketNumberAllocator>(sp => sp.GetRequiredService<TableTicketNumberAllocator>());
        services.AddHostedService<TicketNumberWarmup>();
        services.TryAddSingleton<TableCustomerDirectory>();
        services.TryAddSingleton<ICustomerDirectory>(sp => sp.GetRequiredService<TableCustomerDirectory>());
        services.TryAddSingleton<TicketIndexRepair>();
        services.TryAddSingleton<TicketEventDispatcher>();
        services.TryAddSingleton<StatisticsUpdater>();
        services.TryAddSingleton<ChangeFeedCompaction>();
        services.TryAddSingleton<IStatisticsReader, TableStatisticsReader>();
        services.AddOptions<ProblemOptions>()
            .Bind(configuration.GetSection(ProblemOptions.SectionName))
            .Validate(o => o.VolumeMinIncidents >= 2 && o.VolumeWindowHours is >= 1 and <= 168 && o.SimilarityMinIncidents >= 3 && o.RejectionSuppressionDays is >= 0 and <= 365,
                "ServiceDesk:Problems: VolumeMinIncidents >= 2, VolumeWindowHours 1-168, SimilarityMinIncidents >= 3, RejectionSuppressionDays 0-365.")
            .Validate(o => o.ChangeFeedKeepHours is >= 0 and <= 8760, "ServiceDesk:Problems:ChangeFeedKeepHours must be 0 to 8760.")
            .Validate(o => o.Managers.All(a => a.Contains('@')) && Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _),
                "ServiceDesk:Problems: ManagerAddresses must be comma-separated mail addresses and PublicBaseUrl an absolute URL.")
            .ValidateOnStart();
        services.AddOptions<Application.MajorIncidents.MajorIncidentOptions>()
            .Bind(configuration.GetSection(Application.MajorIncidents.MajorIncidentOptions.SectionName))
            .Validate(o => o.OnDuty.All(a => a.Contains('@')), "ServiceDesk:MajorIncidents:OnDutyAddresses must be comma-separated mail addresses.")
            .ValidateOnStart();
        services.TryAddSingleton<IProblemStore, TableProblemStore>();
        services.TryAddSingleton<IStaffDirectory, TableStaffDirectory>();
        services.AddOptions<Application.Surveys.SurveyOptions>()
            .Bind(configuration.GetSection(Application.Surveys.SurveyOptions.Section))
            .Validate(o => o.ChangeableDays is >= 1 and <= 90, "ServiceDesk:Surveys:ChangeableDays must be 1 to 90.")
            .ValidateOnStart();
        services.TryAddSingleton<Application.Surveys.ISurveyStore, Surveys.TableSurveyStore>();
        services.TryAddSingleton(sp => new Application.Surveys.SurveyLinkSigner(
            sp.GetRequiredService<Application.Workflows.DecisionLinkSigner>().DeriveKey(Application.Surveys.SurveyLinkSigner.KeyPurpose)));
        services.TryAddSingleton<ProblemDetectionJob>();
        services.AddServiceDeskIntake(configuration);
        services.AddServiceDeskMail(configuration);
        services.AddServiceDeskPrivacy(configuration);
        return services;
    }
}
