using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Events;
using ServiceDesk.Application.Intake;
using ServiceDesk.Application.Knowledge;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.MajorIncidents;
using ServiceDesk.Application.Operations;
using ServiceDesk.Application.Problems;
using ServiceDesk.Application.Problems.Samples;
using ServiceDesk.Application.RemoteSessions;
using ServiceDesk.Application.ServiceLevels;
using ServiceDesk.Application.Staff;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.MajorIncidents;
using ServiceDesk.Domain.Problems;
using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Workflows;
using ServiceDesk.Functions.Operations;
using ServiceDesk.Functions.Tickets;
using ServiceDesk.Infrastructure.Problems;
using static ServiceDesk.Functions.Http.OpenApi.BodySpec;

namespace ServiceDesk.Functions.Http.OpenApi;

/// <summary>
/// What the OpenAPI document says about each HTTP route beyond its method and route (which come from the
/// <c>[HttpTrigger]</c> attributes): bodies, status, headers, query parameters, authentication. One entry per
/// trigger; <c>OpenApiDriftTests</c> fails, naming the route, when a trigger has no entry or an entry no trigger.
/// The types are the ones the functions read (<c>RequestBody.ReadJsonAsync&lt;T&gt;</c>) and write.
/// </summary>
public static class ApiRoutes
{
    private static readonly string[] Paging = ["pageSize", "continuationToken"];

    public static readonly IReadOnlyList<RouteSpec> All =
    [
        // Operations and development
        new("get", "health", "Liveness and storage reachability (503 with the same body when storage is unreachable)") { Auth = RouteAuth.None, Problems = false, Response = Fields(("status", typeof(string), true), ("storage", typeof(string), true)) },
        new("post", "dev/token", "A signed development token (local only)") { Auth = RouteAuth.None, DevelopmentOnly = true, RateLimited = true, Request = Of<DevTokenInput>(), Response = Fields(("token", typeof(string), true), ("expiresIn", typeof(int), true)) },
        new("post", "dev/sample-incidents", "Load sample incidents (local only, admins)") { DevelopmentOnly = true, Request = Of<SampleIncidentsInput>(), RequestOptional = true, Response = Of<SampleLoadResult>() },
        new("get", "openapi.json", "This OpenAPI document") { Auth = RouteAuth.None, Problems = false, Response = Free("An OpenAPI 3.1 document.") },
        new("get", "portal/{path}", "The self-service portal's static files (path empty: the page; config.json: how to sign in)") { Auth = RouteAuth.None, Problems = false, Response = Raw("text/html", "The portal's page, script, style or image (content type per extension); 302 from /api/portal to /api/portal/; 404 text for an unknown file.") },
        new("get", "docs", "A readable page of this API's operations") { Auth = RouteAuth.None, Problems = false, Response = Raw("text/html", "An HTML page rendering /api/openapi.json.") },
        new("get", "operations/poison", "Poison queues and their depth") { Response = Items<PoisonQueueSummary>() },
        new("get", "operations/poison/{queue}", "Peek a poison queue") { Query = ["max"], Response = Fields(("queue", typeof(string), true), ("poisonQueue", typeof(string), true), ("items", typeof(IReadOnlyList<PoisonMessage>), true)) },
        new("post", "operations/poison/{queue}/redrive", "Move poison messages back to their queue") { Request = Of<ServiceDesk.Application.Operations.RedriveInput>(), RequestOptional = true, Response = Fields(("queue", typeof(string), true), ("moved", typeof(int), true)) },
        new("get", "texts", "Swedish and English texts of problem codes, field rules, field labels and activity codes (cacheable)") { Auth = RouteAuth.None, Problems = false, ETag = true, AlsoStatus = [304], Response = Free("{\"problems\": {code: {sv, en}}, \"fieldRules\": {rule: {sv, en}}, \"fields\": {field: {sv, en}}, \"activities\": {code: {sv, en}}}: rule texts have {field} and the error's args ({max}, {min}…) as placeholders.") },
        new("get", "events/pending", "Ticket events not yet published") { Query = ["customerId"], Response = Items<PendingTicketEvent>() },

        // Tickets
        new("post", "tickets", "Open a ticket") { RateLimited = true, Request = Of<CreateTicketInput>(), Status = 201, Response = Of<TicketResponse>(), ETag = true, Location = true, IdempotencyKey = true },
        new("get", "tickets", "A page of ticket summaries")
        {
            Query = ["customerId", "status", "kind", "group", "assigneeId", "requesterId", "open", "slaBreached", "dueBefore", .. Paging],
            Response = Items<TicketSummaryResponse>(paged: true),
        },
        new("get", "tickets/{number}", "A ticket") { Response = Of<TicketResponse>(), ETag = true },
        new("patch", "tickets/{number}", "Change a ticket's fields") { Request = Of<UpdateTicketInput>(), Response = Of<TicketResponse>(), ETag = true, IfMatch = true },
        new("post", "tickets/{number}/comments", "Comment on a ticket") { Request = Of<CommentInput>(), Response = Of<TicketResponse>(), ETag = true, IfMatch = false },
        new("post", "tickets/{number}/transitions/{action}", "assign, start, pend, resolve, close, reopen or cancel") { Request = Of<TransitionInput>(), RequestOptional = true, Response = Of<TicketResponse>(), ETag = true, IfMatch = true },
        new("post", "tickets/{number}/links", "Link a ticket to another") { Request = Of<LinkInput>(), Response = Of<TicketResponse>(), ETag = true, IfMatch = true },
        new("post", "tickets/{number}/watchers", "Add a watcher") { Request = Of<WatcherInput>(), Response = Of<TicketResponse>(), ETag = true, IfMatch = true },
        new("delete", "tickets/{number}/watchers/{watcher}", "Remove a watcher") { Response = Of<TicketResponse>(), ETag = true, IfMatch = true },
        new("post", "tickets/{number}/attachments", "Attach a file (multipart/form-data, part 'file'; at most 10 MiB; images, PDF, text, Office, zip, mail) as a public activity") { Request = Raw("multipart/form-data", "One file in the part named 'file'."), Status = 201, Response = Of<ServiceDesk.Functions.Tickets.TicketAttachmentsApi.AttachmentResponse>(), Location = true },
        new("get", "tickets/{number}/attachments/{id}", "Download an attachment (Content-Disposition: attachment, X-Content-Type-Options: nosniff)") { Response = Raw("application/octet-stream", "The file as uploaded, with its content type.") },
        new("get", "tickets/{number}/activity", "The ticket's activity log") { Query = Paging, Response = Free("{\"items\": [{sequence, type, actor: {id, name}, at, text?, data?, code?, args?, texts?: {sv, en}}], \"continuationToken\"?}: system-written entries carry a stable code, its args and the text in both languages") },
        new("get", "tickets/{number}/suggestions", "Knowledge articles suggested for the ticket") { Response = Of<SuggestResult>() },
        new("post", "tickets/{number}/articles", "Send an article to the ticket's requester") { Request = Of<TicketArticleInput>(), Response = Of<TicketResponse>() },
        new("post", "tickets/{number}/redirect", "Redirect a ticket to a redirect topic") { Request = Of<ServiceDesk.Functions.Knowledge.KnowledgeApi.RedirectTicketInput>(), Response = Of<TicketResponse>() },
        new("get", "tickets/{number}/workflow", "The ticket's approval and vendor workflow state") { Response = Free("{\"approval\"?: {...}, \"vendor\"?: {...}}: built in ServiceRequestsApi.Workflow.") },
        new("post", "tickets/{number}/vendor", "Hand the ticket over to a vendor") { Request = Of<HandoverInput>(), Status = 202, Response = Fields(("ticketNumber", typeof(string), true), ("vendorId", typeof(string), true), ("instanceId", typeof(string), true), ("status", typeof(VendorCaseStatus), true)) },
        new("post", "tickets/{number}/vendor/confirm", "Confirm the vendor's resolution") { Request = Of<ServiceDesk.Functions.Workflows.ConfirmVendorResolutionInput>(), RequestOptional = true, Status = 202 },
        new("post", "tickets/{number}/vendor/messages/{index}/publish", "Publish a vendor message to the requester") { Response = Of<TicketResponse>(), ETag = true },
        new("get", "tickets/{number}/survey", "The ticket's satisfaction survey (404 survey.notFound before its first resolution)") { Response = Of<ServiceDesk.Application.Surveys.SurveyView>() },
        new("put", "tickets/{number}/survey", "Answer or change the satisfaction survey (the requester; 409 survey.closed after the window)") { Request = Of<ServiceDesk.Application.Surveys.SurveyInput>(), Response = Of<ServiceDesk.Application.Surveys.SurveyView>() },
        new("post", "requests", "Order a catalogue item (a service request)") { Request = Of<ServiceRequestInput>(), Status = 201, Response = Of<TicketResponse>(), ETag = true, Location = true, IdempotencyKey = true },

        // Customers, staff, service levels
        new("get", "customers", "The customer registry") { Response = Items<Customer>() },
        new("get", "customers/{id}", "A customer") { Response = Of<Customer>() },
        new("put", "customers/{id}", "Replace a customer") { Request = Of<CustomerInput>(), Response = Of<Customer>() },
        new("get", "staff", "The staff directory") { Response = Items<StaffMember>() },
        new("get", "staff/{userId}", "A staff member") { Response = Of<StaffMember>() },
        new("put", "staff/{userId}", "Replace a staff member") { Request = Of<StaffMemberInput>(), Response = Of<StaffMember>() },
        new("get", "customers/{id}/calendar", "The customer's business-hours calendar") { Response = Of<CalendarView>() },
        new("put", "customers/{id}/calendar", "Replace the calendar") { Request = Of<CalendarInput>(), Response = Of<CalendarView>() },
        new("get", "customers/{id}/sla-policies", "The customer's SLA policies") { Query = ["version"], Response = Of<SlaPolicySet>() },
        new("put", "customers/{id}/sla-policies", "Replace the SLA policies (a new version)") { Request = Of<SlaPolicySetInput>(), Response = Of<SlaPolicySet>() },
        new("get", "customers/{id}/routing-rules", "The customer's routing rules") { Response = Of<RoutingRules>() },
        new("put", "customers/{id}/routing-rules", "Replace the routing rules") { Request = Of<RoutingRulesInput>(), Response = Of<RoutingRules>() },
        new("get", "groups", "Assignment groups") { Response = Items<AssignmentGroup>() },
        new("get", "groups/{id}", "An assignment group") { Response = Of<AssignmentGroup>() },
        new("put", "groups/{id}", "Replace an assignment group") { Request = Of<AssignmentGroupInput>(), Response = Of<AssignmentGroup>() },

        // Knowledge
        new("post", "knowledge/articles", "Write an article") { Request = Of<ArticleInput>(), Status = 201, Response = Of<ArticleView>(), Location = true },
        new("get", "knowledge/articles", "Articles") { Query = ["status", "type"], Response = Items<ArticleView>() },
        new("get", "knowledge/articles/{id}", "An article") { Response = Of<ArticleView>() },
        new("put", "knowledge/articles/{id}", "Edit an article") { Request = Of<ArticleInput>(), Response = Of<ArticleView>() },
        new("post", "knowledge/articles/{id}/transitions/{action}", "submit, publish, archive or restore") { Response = Of<ArticleView>() },
        new("get", "knowledge/articles/{id}/versions", "An article's versions") { Response = Items<ArticleView>() },
        new("post", "knowledge/articles/{id}/feedback", "Rate an article") { Request = Of<FeedbackInput>(), Status = 204 },
        new("post", "knowledge/articles/{id}/solved", "Record that an article solved the problem") { Request = Of<SolvedInput>(), Status = 204 },
        new("get", "knowledge/articles/{id}/feedback", "An article's feedback (staff)") { Response = Fields(("items", typeof(IReadOnlyList<ArticleFeedback>), true), ("helpfulShare", typeof(double?), false)) },
        new("get", "knowledge/search", "Search articles") { Query = ["q", "lang", "type", "service", "page"], Response = Of<SearchResultPage>() },
        new("post", "knowledge/suggest", "Articles for a draft ticket") { Request = Of<SuggestInput>(), Response = Of<SuggestResult>() },
        new("get", "knowledge/stats", "Self-service guidance statistics") { Query = ["customerId", "from", "to"], Response = Of<GuidanceStats>() },
        new("get", "customers/{id}/redirects", "The customer's redirect topics") { Response = Fields(("topics", typeof(IReadOnlyList<RedirectTopic>), true)) },
        new("put", "customers/{id}/redirects", "Replace the redirect topics") { Request = Of<RedirectsInput>(), Response = Fields(("topics", typeof(IReadOnlyList<RedirectTopic>), true)) },

        // Major incidents
        new("post", "major-incidents", "Declare a major incident (200 when the Idempotency-Key replays)") { Request = Of<DeclareMajorIncidentInput>(), Status = 201, AlsoStatus = [200], Response = Of<MajorIncident>(), Location = true, IdempotencyKey = true },
        new("get", "major-incidents", "Open major incidents and those resolved in the last day") { Query = ["customerId"], Response = Items<MajorIncidentStatusView>() },
        new("get", "major-incidents/{id}", "A major incident") { Response = Of<MajorIncident>() },
        new("get", "major-incidents/{id}/timeline", "A major incident's timeline") { Response = Of<MajorIncidentTimeline>() },
        new("post", "major-incidents/{id}/updates", "Post a status update") { Request = Of<MajorIncidentUpdateInput>(), Response = Of<MajorIncident>() },
        new("post", "major-incidents/{id}/resolve", "Resolve a major incident") { Request = Of<ResolveMajorIncidentInput>(), Response = Of<MajorIncident>() },
        new("post", "major-incidents/{id}/links", "Link a ticket to a major incident") { Request = Of<ServiceDesk.Functions.MajorIncidents.MajorIncidentsApi.LinkInput>(), Response = Of<TicketResponse>() },
        new("delete", "major-incidents/{id}/links/{number}", "Unlink a ticket") { Response = Of<TicketResponse>() },
        new("get", "customers/{id}/major-incident-settings", "The customer's major incident settings") { Response = Of<MajorIncidentSettings>() },
        new("put", "customers/{id}/major-incident-settings", "Replace the major incident settings") { Request = Of<MajorIncidentSettingsInput>(), Response = Of<MajorIncidentSettings>() },
        new("put", "me/major-incident-mails", "Opt out of (or back into) major incident mails") { Request = Of<ServiceDesk.Functions.MajorIncidents.MajorIncidentsApi.MailPreferenceInput>(), Response = Fields(("optedOut", typeof(bool), true)) },
        new("get", "status/{customerId}", "A customer's public status page data (when published)") { Auth = RouteAuth.None, ETag = true, AlsoStatus = [304], Query = [], Response = Fields(("customerId", typeof(string), true), ("items", typeof(IReadOnlyList<MajorIncidentStatusView>), true)) },

        // Problem management
        new("get", "problems/candidates", "Problem candidates") { Query = ["customerId", "status"], Response = Items<ProblemCandidate>() },
        new("get", "problems/candidates/{id}", "A problem candidate") { Response = Of<ProblemCandidate>() },
        new("post", "problems/candidates/{id}/accept", "Accept a candidate: open a problem record") { Request = Of<AcceptCandidateInput>(), RequestOptional = true, Status = 201, Response = Fields(("candidate", typeof(ProblemCandidate), true), ("problem", typeof(TicketResponse), true)) },
        new("post", "problems/candidates/{id}/reject", "Reject a candidate") { Request = Of<RejectCandidateInput>(), Response = Of<ProblemCandidate>() },
        new("get", "problems/{number}", "A problem record") { Response = Of<ProblemView>() },
        new("patch", "problems/{number}", "Change a problem record's fields") { Request = Of<ProblemFieldsInput>(), Response = Of<ProblemView>() },
        new("post", "problems/{number}/incidents", "Link an incident") { Request = Of<ProblemLinkInput>(), Response = Of<ProblemView>() },
        new("delete", "problems/{number}/incidents/{incident}", "Unlink an incident") { Response = Of<ProblemView>() },
        new("post", "problems/{number}/communicate-workaround", "Send the workaround to the linked incidents") { Response = Fields(("incidents", typeof(IReadOnlyList<IncidentOutcome>), true)) },
        new("post", "problems/{number}/resolve", "Resolve a problem and its incidents") { Request = Of<ResolveProblemInput>(), Response = Fields(("problem", typeof(TicketResponse), true), ("incidents", typeof(IReadOnlyList<IncidentOutcome>), true)) },
        new("post", "problems/detect", "Run problem detection now (admins)") { Request = Of<ServiceDesk.Functions.ProblemManagement.DetectInput>(), Response = Of<ProblemDetectionJob.Result>() },
        new("get", "stats", "Incident statistics") { Query = ["customerId", "from", "to", "dimension"], Response = Of<StatsReport>() },

        // Intake and mail
        new("get", "intake/rejections", "Rejected intake messages") { Query = Paging, Response = Items<RejectedMessage>(paged: true) },
        new("delete", "intake/rejections/{id}", "Mark a rejected message handled") { Status = 204 },
        new("get", "intake/correlations", "Alert correlation state") { Query = ["customerId", .. Paging], Response = Free("{\"items\": [{correlationKey, source, episode, ticketNumber, occurrences, firstSeenAt, lastSeenAt, lastStatus}], \"continuationToken\"?}") },
        new("post", "intake/test-message", "Put a raw message on the intake queue (local only, admins)") { DevelopmentOnly = true, Request = Raw("application/json", "The intake message as another service would send it (1 byte to 48 KiB)."), Status = 202, Response = Fields(("queue", typeof(string), true), ("messageId", typeof(string), true)) },
        new("post", "inbound/email", "A raw inbound mail from the mail gateway") { Auth = RouteAuth.FunctionKey, RateLimited = true, Request = Raw("message/rfc822", "The RFC 5322 message; X-ServiceDesk-Signature: sha256=<hex HMAC> when a signing key is set."), Status = 202, Response = Of<MailIngestResult>() },
        new("post", "mail/inbound/redrive", "Process a stored inbound mail again") { Request = Of<ServiceDesk.Functions.Mail.MailAdminApi.RedriveInput>(), Response = Of<MailIngestResult>() },
        new("get", "mail/inbound", "Stored inbound mail") { Query = ["action", .. Paging], Response = Items<InboundRecord>(paged: true) },
        new("get", "mail/outbox", "Outgoing mail") { Query = ["status"], Response = Free("{\"items\": [{ticketNumber, eventId, template, to, subject, messageId, status, attempts, lastError?, sentAt?}]}") },

        // Workflows: catalogue, approvals, vendors
        new("put", "customers/{customerId}/catalog/{itemId}", "Replace a catalogue item") { Request = Of<CatalogItemInput>(), Response = Of<CatalogItem>() },
        new("get", "customers/{customerId}/catalog", "The customer's catalogue") { Response = Items<CatalogItem>() },
        new("put", "customers/{customerId}/users/{userId}", "Replace a customer user (manager, cost centre)") { Request = Of<CustomerUserInput>(), Response = Of<CustomerUser>() },
        new("get", "customers/{customerId}/users", "The customer's users") { Response = Items<CustomerUser>() },
        new("get", "approvals/mine", "Approvals waiting for me") { Response = Items<PendingApproval>() },
        new("post", "approvals/{ticket}/{step}", "Approve or reject a step") { Request = Of<ApproverDecisionInput>(), Status = 202, Response = Fields(("ticket", typeof(string), true), ("step", typeof(int), true), ("accepted", typeof(bool), true)) },
        new("get", "approvals/link", "The confirmation page of a mailed decision link") { Auth = RouteAuth.Signed, Problems = false, RateLimited = true, Query = ["token"], Response = Raw("text/html", "A bilingual confirmation page (403 page when the link cannot be used).") },
        new("post", "approvals/link", "Use a mailed decision link") { Auth = RouteAuth.Signed, Problems = false, RateLimited = true, Request = Raw("application/x-www-form-urlencoded", "token=<the link's token> (or ?token=)"), RequestOptional = true, Response = Raw("text/html", "A bilingual result page (403 page when the link cannot be used).") },
        new("get", "surveys/link", "The page of a mailed survey link (records nothing)") { Auth = RouteAuth.Signed, Problems = false, RateLimited = true, AlsoStatus = [400, 410], Query = ["token", "rating"], Response = Raw("text/html", "A bilingual page with the rating preselected and a comment box (400 page when the link is not valid, 410 when the survey has closed).") },
        new("post", "surveys/link", "Answer the survey through a mailed link") { Auth = RouteAuth.Signed, Problems = false, RateLimited = true, AlsoStatus = [400, 410], Request = Raw("application/x-www-form-urlencoded", "token=<the link's token>&rating=1..5&comment=<optional>"), Response = Raw("text/html", "A bilingual confirmation page (400 page when the link is not valid, 410 when the survey has closed).") },
        new("put", "customers/{customerId}/vendors/{vendorId}", "Replace a vendor") { Request = Of<VendorInput>(), Response = Of<VendorView>() },
        new("get", "customers/{customerId}/vendors", "The customer's vendors") { Response = Items<VendorView>() },
        new("post", "vendors/{vendorId}/callback", "A vendor's signed callback") { Auth = RouteAuth.Signed, RateLimited = true, Request = Raw("application/json", "The vendor's message, signed with the vendor's HMAC key (timestamp and signature headers)."), Status = 202 },

        // Remote-control sessions (functions/ServiceDesk.Application/RemoteSessions/INTEGRATING.md). "Signed" here: the
        // device's credential (Authorization: Device <credential>) or an enrolment key, no bearer token.
        new("post", "customers/{id}/enrolment-keys", "Create an enrolment key (shown once)") { Request = Of<EnrolmentKeyInput>(), Status = 201, Response = Of<EnrolmentKeyView>() },
        new("get", "customers/{id}/enrolment-keys", "A customer's enrolment keys") { Response = Items<EnrolmentKeyView>() },
        new("delete", "customers/{id}/enrolment-keys/{keyId}", "Revoke an enrolment key") { Response = Of<EnrolmentKeyView>() },
        new("get", "customers/{id}/remote-control", "A customer's remote-control settings") { Response = Of<RemoteControlSettings>() },
        new("put", "customers/{id}/remote-control", "Switch remote control on or off, and whether users may remove devices") { Request = Of<RemoteControlSettingsInput>(), Response = Of<RemoteControlSettings>() },
        new("get", "customers/{id}/devices", "A customer's enrolled devices") { Response = Items<DeviceView>() },
        new("get", "me/devices", "The caller's own devices") { Response = Items<DeviceView>() },
        new("post", "devices/enrol", "Enrol a device with an enrolment key (the credential is shown once)") { Auth = RouteAuth.Signed, RateLimited = true, Request = Of<EnrolDeviceInput>(), Status = 201, Response = Of<DeviceCredentialView>() },
        new("get", "devices/{id}", "A device") { Response = Of<DeviceView>() },
        new("delete", "devices/{id}", "Remove a device (its owner, where the customer allows it, or an admin)") { Response = Of<DeviceView>() },
        new("post", "devices/{id}/revoke", "Revoke a device (admins)") { Response = Of<DeviceView>() },
        new("get", "devices/{id}/audit", "A device's append-only audit log") { Response = Items<DeviceAuditEntry>() },
        new("post", "devices/{id}/heartbeat", "The device tool's heartbeat (device credential)") { Auth = RouteAuth.Signed, RateLimited = true, Response = Of<DeviceView>() },
        new("post", "devices/{id}/credential", "The device rotates its credential (device credential; the new one is shown once)") { Auth = RouteAuth.Signed, RateLimited = true, Response = Of<DeviceCredentialView>() },
        new("get", "devices/{id}/connection-requests", "Pending connection requests with the prompt in the user's language (device credential)") { Auth = RouteAuth.Signed, RateLimited = true, Query = ["lang"], Response = Items<ConnectionPromptView>() },
        new("post", "devices/{id}/connection-requests/{rid}/decision", "The device user's answer (device credential)") { Auth = RouteAuth.Signed, RateLimited = true, Request = Of<ConnectionDecisionInput>(), Response = Of<ConnectionRequestView>() },
        new("post", "tickets/{number}/remote-requests", "A technician asks to connect to a device of the ticket's customer") { Request = Of<ConnectionRequestInput>(), Status = 201, Location = true, Response = Of<ConnectionRequestView>() },
        new("get", "remote-requests/{id}", "A connection request (the grant only for the requesting technician)") { Response = Of<ConnectionRequestView>() },
        new("post", "remote-sessions/{id}/start", "Start a session with the grant") { Request = Of<StartSessionInput>(), Response = Of<ConnectionRequestView>() },
        new("post", "remote-sessions/{id}/end", "End a session (the technician with a bearer token, or the user's device with its credential)") { Response = Of<ConnectionRequestView>() },
        new("post", "remote-sessions/{id}/reports", "Something the remote tool reports during a session") { Request = Of<SessionReportInput>(), Status = 201, Response = Of<DeviceAuditEntry>() },

        // Personal data (GDPR): admins, or the customer's privacy officer
        new("post", "privacy/erasures", "Queue the pseudonymisation of a person (or a dry run counting what it would change)") { Request = Of<ServiceDesk.Application.Privacy.ErasureInput>(), Status = 202, Location = true, Response = Of<ServiceDesk.Application.Privacy.PrivacyJobView>() },
        new("get", "privacy/erasures/{id}", "An erasure job: status and counts per store") { Response = Of<ServiceDesk.Application.Privacy.PrivacyJobView>() },
        new("post", "privacy/exports", "Queue the export of a person's data (a zip of one JSON document, their mails and attachments)") { Request = Of<ServiceDesk.Application.Privacy.ErasureInput>(), Status = 202, Location = true, Response = Of<ServiceDesk.Application.Privacy.PrivacyJobView>() },
        new("get", "privacy/exports/{id}", "An export job; when completed, a download link valid for 15 minutes") { Response = Of<ServiceDesk.Application.Privacy.PrivacyJobView>() },
        new("get", "privacy/exports/{id}/download", "The export zip (the signed link is the credential)") { Auth = RouteAuth.Signed, Query = ["token"], Response = Raw("application/zip", "The zip: personal-data.json and mail/… files.") },
        new("get", "privacy/audit", "The append-only privacy audit of a customer, newest first") { Query = ["customerId", .. Paging], Response = Items<ServiceDesk.Application.Privacy.PrivacyAuditEntry>(paged: true) },
    ];
}
