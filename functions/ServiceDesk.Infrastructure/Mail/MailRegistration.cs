using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDesk.Application.Events;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Problems;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>
/// The email channel: inbound parsing and ingestion, stores, outbound notifications and their sender, and the
/// problem-candidate announcer (when SMTP is set).
/// </summary>
public static class MailRegistration
{
    public static IServiceCollection AddServiceDeskMail(this IServiceCollection services, IConfiguration configuration)
    {
        // Every host composes through here (function app, local host, tests): legacy code pages for inbound mail.
        MailEncodings.Register();
        services.AddOptions<MailOptions>()
            .Bind(configuration.GetSection(MailOptions.SectionName))
            .Validate(o => o.SupportAddress.Contains('@') && o.MessageIdDomain.Length > 0, "ServiceDesk:Mail: SupportAddress must be an address and MessageIdDomain a domain.")
            .Validate(o => o.UnknownDomainPolicy is "Reject" or "Triage", "ServiceDesk:Mail:UnknownDomainPolicy must be Reject or Triage.")
            .Validate(o => o.ReopenWindowDays is >= 0 and <= 365, "ServiceDesk:Mail:ReopenWindowDays must be 0 to 365.")
            .Validate(o => o.ClaimLeaseSeconds is >= 1 and <= 3600, "ServiceDesk:Mail:ClaimLeaseSeconds must be 1 to 3600.")
            .Validate(o => o.MaxMessageBytes is >= 1024 and <= 100 * 1024 * 1024 && o.MaxAttachmentBytes is >= 0 && o.MaxAttachments is >= 0 and <= 100,
                "ServiceDesk:Mail: MaxMessageBytes 1 KiB to 100 MiB, MaxAttachmentBytes >= 0, MaxAttachments 0 to 100.")
            .ValidateOnStart();
        services.TryAddSingleton(_ => StorageClients.CreateBlobServiceClient(configuration));
        services.TryAddSingleton<IInboundMailParser, MimeMailParser>();
        services.TryAddSingleton<IMailStore, TableMailStore>();
        services.TryAddSingleton<IMailBlobStore, BlobMailStore>();
        services.TryAddSingleton<InboundAttachments>();
        services.TryAddSingleton<MailTickets>();
        services.TryAddSingleton<MailIngestion>();

        services.AddOptions<MailSendingOptions>()
            .Bind(configuration.GetSection(MailSendingOptions.SectionName))
            .Validate(o => o.GlobalPerMinute >= 1 && o.GlobalPerHour >= 1 && o.PerRecipientPerHour >= 1 && o.PerTicketPerHour >= 1,
                "ServiceDesk:Mail:Sending: every limit must be at least 1.")
            .Validate(o => o.FirstBackoffSeconds is >= 1 and <= 3600 && o.MaxBackoffSeconds >= o.FirstBackoffSeconds && o.MaxBackoffSeconds <= 86_400,
                "ServiceDesk:Mail:Sending: FirstBackoffSeconds 1-3600, MaxBackoffSeconds from FirstBackoffSeconds to 86400.")
            .ValidateOnStart();
        services.AddOptions<SmtpOptions>()
            .Bind(configuration.GetSection(SmtpOptions.SectionName))
            .Validate(o => o.Port is > 0 and < 65536 && o.Security is "None" or "Auto" or "StartTls" or "SslOnConnect" && o.TimeoutSeconds is >= 1 and <= 300,
                "ServiceDesk:Mail:Smtp: Port 1-65535, Security None, Auto, StartTls or SslOnConnect, TimeoutSeconds 1-300.")
            .ValidateOnStart();
        services.TryAddSingleton<IMailOutbox, TableMailOutbox>();
        services.TryAddSingleton<IMailThrottle, TableMailThrottle>();
        services.TryAddSingleton<ISmtpTransport, MailKitSmtpTransport>();
        services.TryAddSingleton<MailSender>();
        services.TryAddSingleton<MailAdministration>();
        services.AddOptions<ImapOptions>()
            .Bind(configuration.GetSection(ImapOptions.SectionName))
            .Validate(o => o.Port is > 0 and < 65536 && o.Security is "None" or "Auto" or "StartTls" or "SslOnConnect" && o.MaxPerRun is >= 1 and <= 1000 && o.MaxAttempts is >= 1 and <= 100,
                "ServiceDesk:Mail:Imap: Port 1-65535, Security None, Auto, StartTls or SslOnConnect, MaxPerRun 1-1000, MaxAttempts 1-100.")
            .ValidateOnStart();
        services.TryAddSingleton<IMailbox, ImapMailbox>();
        services.TryAddSingleton<MailboxPolling>();
        // Like the Service Bus publisher: notifications are generated only where mail can be sent.
        if (!string.IsNullOrWhiteSpace(configuration[SmtpOptions.SectionName + ":Host"]))
        {
            services.AddSingleton<ITicketEventHandler, MailNotificationHandler>();
            services.AddSingleton<ITicketEventHandler, Application.ServiceLevels.SlaEscalationMailHandler>();
            services.AddSingleton<ITicketEventHandler, Application.MajorIncidents.MajorIncidentProposalMailHandler>();
            services.AddSingleton<ITicketEventHandler, Application.Surveys.SurveyMailHandler>();
            // Problem candidates are mailed to ManagerAddresses and to the problem managers of the staff directory.
            services.AddSingleton<IProblemCandidateAnnouncer, ProblemCandidateMailAnnouncer>();
        }
        return services;
    }
}
