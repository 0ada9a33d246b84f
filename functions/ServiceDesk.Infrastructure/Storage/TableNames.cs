using Microsoft.Extensions.Options;

namespace ServiceDesk.Infrastructure.Storage;

/// <summary>The tables ServiceDesk uses, with the configured prefix.</summary>
public sealed class TableNames(IOptions<StorageOptions> options)
{
    private string Prefix => options.Value.TablePrefix;

    public string Tickets => Prefix + "Tickets";
    public string TicketIndex => Prefix + "TicketIndex";
    public string Counters => Prefix + "Counters";
    public string Customers => Prefix + "Customers";
    public string Checkpoints => Prefix + "Checkpoints";
    public string IntakeCorrelations => Prefix + "IntakeCorrelations";
    public string IntakeRejections => Prefix + "IntakeRejections";
    public string Statistics => Prefix + "Statistics";
    public string ProblemCandidates => Prefix + "ProblemCandidates";
    public string Problems => Prefix + "Problems";
    public string MailMessages => Prefix + "MailMessages";
    public string MailOutbox => Prefix + "MailOutbox";
    public string MailThrottles => Prefix + "MailThrottles";
    public string Staff => Prefix + "Staff";
    public string ServiceLevels => Prefix + "ServiceLevels";
    public string SlaDue => Prefix + "SlaDue";
    public string RetentionDue => Prefix + "RetentionDue";
    public string MajorIncidents => Prefix + "MajorIncidents";
    public string Knowledge => Prefix + "Knowledge";
    public string Devices => Prefix + "Devices";
    public string DeviceAudit => Prefix + "DeviceAudit";
    public string Surveys => Prefix + "Surveys";
    public string PrivacyJobs => Prefix + "PrivacyJobs";
    public string PrivacyAudit => Prefix + "PrivacyAudit";

    public IEnumerable<string> All => [Tickets, TicketIndex, Counters, Customers, Checkpoints, IntakeCorrelations, IntakeRejections, Statistics, ProblemCandidates, Problems, MailMessages, MailOutbox, MailThrottles, Staff, ServiceLevels, SlaDue, MajorIncidents, Knowledge, Devices, DeviceAudit, Surveys, PrivacyJobs, PrivacyAudit, RetentionDue];
}
