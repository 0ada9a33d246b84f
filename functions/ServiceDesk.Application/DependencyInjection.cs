using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Problems;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Application.Workflows;

namespace ServiceDesk.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddServiceDeskApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ServiceLevels.ServiceLevelCatalog>();
        services.AddSingleton<ServiceLevels.TicketServiceLevels>();
        services.AddSingleton<MajorIncidents.MajorIncidentCatalog>();
        services.AddSingleton<MajorIncidents.MajorIncidentAutoLink>();
        services.AddSingleton<Knowledge.Redirects>();
        // A new ticket joins a major incident first (then it is not routed on its own), is redirected when its topic is
        // not the supplier's, then gets its service level clocks.
        // Last, a closed ticket gets its retention due rows (where the privacy feature registers the expiry index).
        services.AddSingleton<ITicketLifecycle>(sp =>
        {
            List<ITicketLifecycle> parts =
                [sp.GetRequiredService<MajorIncidents.MajorIncidentAutoLink>(), sp.GetRequiredService<Knowledge.Redirects>(), sp.GetRequiredService<ServiceLevels.TicketServiceLevels>()];
            if (sp.GetService<Privacy.IRetentionIndex>() is { } retention)
            {
                parts.Add(new Privacy.RetentionLifecycle(retention, sp.GetRequiredService<ICustomerDirectory>()));
            }
            return new MajorIncidents.TicketLifecycles(parts);
        });
        services.AddSingleton<Knowledge.TicketRedirects>();
        services.AddSingleton<Knowledge.KnowledgeArticles>();
        services.AddSingleton<Knowledge.KnowledgeSearch>();
        services.AddSingleton<Knowledge.Guidance>();
        services.AddSingleton<Knowledge.ReviewReminders>();
        services.AddSingleton<Knowledge.TicketArticles>();
        services.AddSingleton<Surveys.Surveys>();
        services.AddSingleton<Surveys.SurveyLinks>();
        services.AddSingleton<MajorIncidents.MajorIncidents>();
        services.AddSingleton<MajorIncidents.MajorIncidentQueries>();
        services.AddSingleton<MajorIncidents.MajorIncidentSettingsAdministration>();
        services.AddSingleton<MajorIncidents.MajorIncidentBroadcasts>();
        services.AddSingleton(sp => new RemoteSessions.RemoteGrantSigner(
            sp.GetRequiredService<DecisionLinkSigner>().DeriveKey(RemoteSessions.RemoteGrantSigner.KeyPurpose)));
        services.AddSingleton<RemoteSessions.RemoteAccess>();
        services.AddSingleton<RemoteSessions.EnrolmentKeys>();
        services.AddSingleton<RemoteSessions.DeviceEnrolment>();
        services.AddSingleton<RemoteSessions.DeviceRegistry>();
        services.AddSingleton<RemoteSessions.ConnectionRequests>();
        services.AddSingleton<RemoteSessions.RemoteSessionLifecycle>();
        services.AddSingleton<ServiceLevels.SlaEscalations>();
        services.AddSingleton<ServiceLevels.ServiceLevelAdministration>();
        services.AddSingleton<TicketUpdater>();
        services.AddSingleton<TicketCommands>();
        services.AddSingleton<TicketQueries>();
        services.AddSingleton<CustomerAdministration>();
        services.AddSingleton<StatisticsQueries>();
        services.AddSingleton<ProblemCandidates>();
        services.AddSingleton<ProblemRecords>();
        services.AddSingleton<Staff.StaffAdministration>();
        services.AddSingleton<Problems.Samples.SampleDataLoader>();
        services.AddSingleton<WorkflowTickets>();
        services.AddSingleton<CatalogAdministration>();
        services.AddSingleton<ServiceRequests>();
        services.AddSingleton<ApprovalDecisions>();
        services.AddSingleton<ApprovalSteps>();
        services.AddSingleton<ApprovalMails>();
        services.AddSingleton<WorkflowQueries>();
        services.AddSingleton<VendorAdministration>();
        services.AddSingleton<VendorCases>();
        services.AddSingleton<VendorSteps>();
        services.AddSingleton<WorkflowMailRouting>();
        services.AddSingleton<IWorkflowMailer, StoredWorkflowMailer>();
        return services;
    }
}
