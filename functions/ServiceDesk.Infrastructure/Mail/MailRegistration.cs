using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDesk.Application.Mail;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>The email channel: inbound parsing and ingestion, stores, outbound notifications and their sender.</summary>
public static class MailRegistration
{
    public static IServiceCollection AddServiceDeskMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>()
            .Bind(configuration.GetSection(MailOptions.SectionName))
            .Validate(o => o.SupportAddress.Contains('@') && o.MessageIdDomain.Length > 0, "ServiceDesk:Mail: SupportAddress must be an address and MessageIdDomain a domain.")
            .Validate(o => o.UnknownDomainPolicy is "Reject" or "Triage", "ServiceDesk:Mail:UnknownDomainPolicy must be Reject or Triage.")
            .Validate(o => o.ReopenWindowDays is >= 0 and <= 365, "ServiceDesk:Mail:ReopenWindowDays must be 0 to 365.")
            .Validate(o => o.MaxMessageBytes is >= 1024 and <= 100 * 1024 * 1024 && o.MaxAttachmentBytes is >= 0 && o.MaxAttachments is >= 0 and <= 100,
                "ServiceDesk:Mail: MaxMessageBytes 1 KiB to 100 MiB, MaxAttachmentBytes >= 0, MaxAttachments 0 to 100.")
            .ValidateOnStart();
        services.TryAddSingleton(_ => StorageClients.CreateBlobServiceClient(configuration));
        services.TryAddSingleton<IInboundMailParser, MimeMailParser>();
        services.TryAddSingleton<IMailStore, TableMailStore>();
        services.TryAddSingleton<IMailBlobStore, BlobMailStore>();
        services.TryAddSingleton<MailIngestion>();
        return services;
    }
}
