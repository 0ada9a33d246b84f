using Azure.Data.Tables;

namespace ServiceDesk.Infrastructure.Privacy;

public enum StoreKind
{
    Table,
    BlobContainer,
    Queue,
}

/// <summary>What erasure does with a store (see functions/ServiceDesk.Application/Privacy/README.md).</summary>
public enum ErasureTreatment
{
    /// <summary>No personal data: nothing to do (the registry says why).</summary>
    None,

    /// <summary>Every string property of the person's rows is pseudonymised; with <see cref="PersonalDataStore.KeysHoldAddresses"/>, rows keyed by their address are deleted.</summary>
    Pseudonymise,

    /// <summary>Blobs: the raw mails and attachments the person sent are deleted, and raw mails of the customer's tickets that name them.</summary>
    DeleteMail,

    /// <summary>Blobs: the files the person uploaded to tickets (AttachmentAdded activities with their user id) are deleted.</summary>
    DeleteUploads,

    /// <summary>Blobs: the person's earlier exports (blob metadata <c>subject</c> = their pseudonym) are deleted.</summary>
    DeleteExports,

    /// <summary>Queues: messages that mention the person are deleted.</summary>
    DeleteMessages,

    /// <summary>Not erased here, for the reason given (e.g. the supplier's own staff).</summary>
    Excluded,
}

/// <summary>Whose a row is: true = the customer's, false = another customer's, null = cannot tell (then only the email and phone are matched).</summary>
public delegate bool? RowOwner(TableEntity row, ErasureScope scope);

/// <summary>The customer whose person is erased, and that customer's ticket numbers (for tables partitioned by ticket).</summary>
public sealed record ErasureScope(string CustomerId, IReadOnlySet<string> Tickets);

/// <summary>One table, blob container or queue and the personal data it can hold.</summary>
/// <param name="Name">Table name without the configured prefix; container name after the lower-cased prefix; queue name as is.</param>
/// <param name="Holds">Which columns/properties (or content) can hold personal data.</param>
/// <param name="Source">For blob containers: the adapter class that writes it (the registry test finds every class that opens a container).</param>
public sealed record PersonalDataStore(
    StoreKind Kind, string Name, string Holds, ErasureTreatment Treatment, RowOwner? Owner = null, bool KeysHoldAddresses = false, string? Source = null);

/// <summary>
/// Every store of ServiceDesk that can hold personal data, and how erasure and export treat it. Adding a table,
/// container or queue means adding one line here; <c>PersonalDataRegistryTests</c> fails naming any store that is missing.
/// </summary>
public static class PersonalDataRegistry
{
    private static bool? PartitionIsCustomer(TableEntity e, ErasureScope s) => e.PartitionKey == s.CustomerId;
    private static bool? PartitionIsTicket(TableEntity e, ErasureScope s) => s.Tickets.Contains(e.PartitionKey) ? true : null;
    private static RowOwner PartitionPrefixed(string prefix) => (e, s) =>
        e.PartitionKey.StartsWith(prefix, StringComparison.Ordinal) ? e.PartitionKey == prefix + s.CustomerId : null;
    private static bool? IntakePartition(TableEntity e, ErasureScope s) => e.PartitionKey.StartsWith(s.CustomerId + "|", StringComparison.Ordinal) ? true : null;

    /// <summary>A CustomerId column, a ticket number column or partition, or a JSON document naming the customer.</summary>
    private static bool? CustomerColumn(TableEntity e, ErasureScope s)
    {
        if (e.GetString("CustomerId") is { } customer)
        {
            return customer == s.CustomerId;
        }
        if ((e.GetString("Ticket") ?? e.GetString("TicketNumber")) is { } ticket && s.Tickets.Contains(ticket))
        {
            return true;
        }
        if (e.GetString("Data") is { } data && data.Contains("\"customerId\":\"", StringComparison.Ordinal))
        {
            return data.Contains($"\"customerId\":\"{s.CustomerId}\"", StringComparison.Ordinal);
        }
        return PartitionIsTicket(e, s);
    }

    public static readonly IReadOnlyList<PersonalDataStore> Stores =
    [
        // Tables (TableNames and WorkflowTables)
        new(StoreKind.Table, "Tickets", "ticket row: RequesterName, RequesterEmail, RequesterPhone, Title, Description, ResolutionNotes, AssigneeName, CreatedByName, Watchers (user ids); activity rows: ActorName, Text, Data; dispatch rows: LastError", ErasureTreatment.Pseudonymise, PartitionIsTicket),
        new(StoreKind.Table, "TicketIndex", "list rows: Title, RequesterName, RequesterEmail; the requester id in r| keys (an address for tickets opened by mail: such rows are re-keyed); idempotency claims and change feed hold ids only", ErasureTreatment.Pseudonymise, PartitionIsCustomer),
        new(StoreKind.Table, "Counters", "none: next ticket number per kind", ErasureTreatment.None),
        new(StoreKind.Table, "Customers", "the customer record: name, mail domains, settings (organisation data, no person)", ErasureTreatment.Pseudonymise, (e, s) => e.RowKey == s.CustomerId),
        new(StoreKind.Table, "Checkpoints", "none: job watermarks, repair markers (ticket numbers), IMAP checkpoints", ErasureTreatment.None),
        new(StoreKind.Table, "IntakeCorrelations", "intake states: the ticket draft (title, description, requester) of an alert", ErasureTreatment.Pseudonymise, IntakePartition),
        new(StoreKind.Table, "IntakeRejections", "rejected intake messages: Body (whatever the sender put in it), Reason", ErasureTreatment.Pseudonymise, CustomerColumn),
        new(StoreKind.Table, "Statistics", "per-ticket facts (partition = customer): RequesterId (an address for tickets opened by mail), Terms (stemmed words of title and description, names included); the aggregates are counts only", ErasureTreatment.Pseudonymise, PartitionIsCustomer),
        new(StoreKind.Table, "ProblemCandidates", "proposed problems: incident titles and numbers, decision notes (Data)", ErasureTreatment.Pseudonymise, CustomerColumn),
        new(StoreKind.Table, "Problems", "problem records: title, description, notes, linked incidents (Data)", ErasureTreatment.Pseudonymise, CustomerColumn),
        new(StoreKind.Table, "MailMessages", "inbound records: From, Subject, LastError, RawBlob; bounce rows: Address (also in the PartitionKey); {ticket}/raw|{blob} links of a ticket to its raw mails: blob names only", ErasureTreatment.Pseudonymise, CustomerColumn, KeysHoldAddresses: true),
        new(StoreKind.Table, "MailOutbox", "mails to send or sent: recipients, subject, body", ErasureTreatment.Pseudonymise, CustomerColumn),
        new(StoreKind.Table, "MailThrottles", "per-sender counters: the address in the key", ErasureTreatment.Pseudonymise, CustomerColumn, KeysHoldAddresses: true),
        new(StoreKind.Table, "Staff", "the supplier's own staff (name, email): not a customer's person", ErasureTreatment.Excluded),
        new(StoreKind.Table, "ServiceLevels", "none: calendars, policies, routing rules, groups (group mail addresses are functional)", ErasureTreatment.None),
        new(StoreKind.Table, "SlaDue", "none: due times and ticket numbers", ErasureTreatment.None),
        new(StoreKind.Table, "MajorIncidents", "major incidents: texts; subscribers and opt-outs: Email (opt-outs also in the RowKey)", ErasureTreatment.Pseudonymise, CustomerColumn, KeysHoldAddresses: true),
        new(StoreKind.Table, "Knowledge", "articles (staff authors), article feedback: user id, comment (Data); search outcomes", ErasureTreatment.Pseudonymise, CustomerColumn),
        new(StoreKind.Table, "Devices", "devices: user id, user name, device name; remote session requests and grants", ErasureTreatment.Pseudonymise, PartitionPrefixed("customer|")),
        new(StoreKind.Table, "DeviceAudit", "device audit trail (partition = device id, append-only): actor names, device names (Data)", ErasureTreatment.Pseudonymise, CustomerColumn),
        new(StoreKind.Table, "Surveys", "satisfaction answers (partition = row = ticket number): requester id, rating, comment (Data); the csat|{customer} counters hold counts and group names only", ErasureTreatment.Pseudonymise, PartitionIsTicket),
        new(StoreKind.Table, "Catalog", "customer users (/api/customers/{id}/users): name, email, phone, manager; catalogue items; vendors (contacts)", ErasureTreatment.Pseudonymise, PartitionIsCustomer),
        new(StoreKind.Table, "Approvals", "approval records: approver and requester names and emails, decisions, comments (Data)", ErasureTreatment.Pseudonymise, PartitionPrefixed("customer:")),
        new(StoreKind.Table, "WorkflowMail", "mails the workflows sent per ticket: recipients (Data)", ErasureTreatment.Pseudonymise, PartitionIsTicket),
        new(StoreKind.Table, "VendorCases", "vendor cases: contact, notes (Data)", ErasureTreatment.Pseudonymise, CustomerColumn),
        new(StoreKind.Table, "PrivacyJobs", "privacy jobs: the person's identifiers while a job runs (cleared when it completes)", ErasureTreatment.Excluded),
        new(StoreKind.Table, "PrivacyAudit", "none: caller id, customer, pseudonym, counts", ErasureTreatment.None),
        new(StoreKind.Table, "RetentionDue", "none: due times, customer ids and ticket numbers", ErasureTreatment.None),

        // Blob containers
        new(StoreKind.BlobContainer, "mail", "raw/{hash}.eml (every inbound mail as received), attachments/{ticket}/{mail}/{n}-{file}", ErasureTreatment.DeleteMail, Source: "BlobMailStore"),
        new(StoreKind.BlobContainer, "attachments", "{ticket}/{attachment id}: files uploaded on tickets (portal, API), the file name in the metadata", ErasureTreatment.DeleteUploads, Source: "BlobTicketAttachmentStore"),
        new(StoreKind.BlobContainer, "privacy-exports", "{job}.zip: the exports of personal data (the person's tickets, records, mails and attachments)", ErasureTreatment.DeleteExports, Source: "StorageExport"),
        new(StoreKind.BlobContainer, "knowledge-index", "none: the search index of published articles (staff-written)", ErasureTreatment.None, Source: "BlobKnowledgeIndexSnapshots"),

        // Queues: the live ones are transient (each message is processed within seconds, and a failing one moves to its
        // poison queue), so erasure clears only the poison queues, which keep what failed until redriven.
        new(StoreKind.Queue, "incidents-inbound", "alerts from other services: ticket drafts (transient)", ErasureTreatment.None),
        new(StoreKind.Queue, "incidents-inbound-poison", "alerts that failed: ticket drafts", ErasureTreatment.DeleteMessages),
        new(StoreKind.Queue, "mail-outbox", "ids of outbox mails only", ErasureTreatment.None),
        new(StoreKind.Queue, "mail-outbox-poison", "ids of outbox mails only", ErasureTreatment.DeleteMessages),
        new(StoreKind.Queue, "major-incident-broadcasts", "broadcast ids only", ErasureTreatment.None),
        new(StoreKind.Queue, "major-incident-broadcasts-poison", "broadcast ids only", ErasureTreatment.DeleteMessages),
        new(StoreKind.Queue, "privacy-jobs", "job ids only", ErasureTreatment.None),
        new(StoreKind.Queue, "privacy-jobs-poison", "job ids only", ErasureTreatment.None),
    ];

    public static IEnumerable<PersonalDataStore> Of(StoreKind kind) => Stores.Where(s => s.Kind == kind);
}
