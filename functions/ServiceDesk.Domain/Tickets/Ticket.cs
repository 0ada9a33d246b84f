using ServiceDesk.Domain.Common;

namespace ServiceDesk.Domain.Tickets;

/// <summary>
/// The ticket aggregate. Every change goes through an intention-named method that guards the status
/// lifecycle, bumps the version and appends to the activity log.
/// </summary>
public sealed partial class Ticket
{
    private readonly List<Activity> _newActivities = [];
    private TicketState _state;

    private Ticket(TicketState state) => _state = state;

    public TicketState State => _state;
    public string Number => _state.Number;
    public string CustomerId => _state.CustomerId;
    public TicketStatus Status => _state.Status;
    public Priority Priority => PriorityMatrix.For(_state.Impact, _state.Urgency);

    /// <summary>Activities appended since the ticket was opened or restored; the store appends them.</summary>
    public IReadOnlyList<Activity> NewActivities => _newActivities;

    public static Ticket Open(TicketNumber number, TicketDraft draft, Actor actor, DateTimeOffset now)
    {
        if (number.Kind != draft.Kind)
        {
            throw new ArgumentException("The number's kind must match the ticket's kind.", nameof(number));
        }
        var ticket = new Ticket(new TicketState
        {
            Number = number.ToString(),
            Kind = draft.Kind,
            CustomerId = draft.CustomerId,
            Requester = draft.Requester,
            Channel = draft.Channel,
            Title = draft.Title,
            Description = draft.Description,
            Category = draft.Category,
            Service = draft.Service,
            ConfigurationItem = draft.ConfigurationItem,
            Impact = draft.Impact,
            Urgency = draft.Urgency,
            Status = TicketStatus.New,
            CreatedBy = actor,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 0,
        });
        ticket.Append(ActivityType.Created, actor, now, draft.Title, new Dictionary<string, string>
        {
            ["channel"] = draft.Channel.ToString(),
            ["priority"] = ticket.Priority.ToString(),
        });
        return ticket;
    }

    public static Ticket Restore(TicketState state) => new(state);

    public void Assign(string group, string? assigneeId, string? assigneeName, Actor actor, DateTimeOffset now)
    {
        RequireStatus("assign", TicketStatus.New, TicketStatus.Assigned, TicketStatus.InProgress, TicketStatus.Pending);
        var previousGroup = _state.AssignmentGroup;
        var previousAssignee = _state.AssigneeId;
        var status = _state.Status == TicketStatus.New ? TicketStatus.Assigned : _state.Status;
        _state = _state with
        {
            AssignmentGroup = group,
            AssigneeId = assigneeId,
            AssigneeName = assigneeId is null ? null : assigneeName ?? assigneeId,
        };
        Append(ActivityType.AssignmentChanged, actor, now, null, new Dictionary<string, string>
        {
            ["fromGroup"] = previousGroup ?? "",
            ["toGroup"] = group,
            ["fromAssignee"] = previousAssignee ?? "",
            ["toAssignee"] = assigneeId ?? "",
        });
        ChangeStatus(status, actor, now, null);
    }

    /// <summary>Work starts, or resumes after a pending period.</summary>
    public void Start(Actor actor, DateTimeOffset now)
    {
        RequireStatus("start", TicketStatus.Assigned, TicketStatus.Pending);
        _state = _state with { PendingReason = null };
        MarkResponded(actor, now);
        ChangeStatus(TicketStatus.InProgress, actor, now, null);
    }

    public void Pend(PendingReason reason, string? note, Actor actor, DateTimeOffset now)
    {
        RequireStatus("pend", TicketStatus.Assigned, TicketStatus.InProgress, TicketStatus.Pending);
        if (_state.Status == TicketStatus.Pending && _state.PendingReason == reason)
        {
            throw new DomainRuleException("ticket.illegal-transition", $"The ticket is already pending ({reason}).");
        }
        _state = _state with { PendingReason = reason };
        MarkResponded(actor, now);
        ChangeStatus(TicketStatus.Pending, actor, now, note, ("pendingReason", reason.ToString()));
    }

    public void Resolve(ResolutionCode code, string notes, Actor actor, DateTimeOffset now)
    {
        RequireStatus("resolve", TicketStatus.New, TicketStatus.Assigned, TicketStatus.InProgress, TicketStatus.Pending);
        _state = _state with
        {
            ResolutionCode = code,
            ResolutionNotes = notes,
            ResolvedAt = now,
            PendingReason = null,
        };
        MarkResponded(actor, now);
        ChangeStatus(TicketStatus.Resolved, actor, now, notes, ("resolutionCode", code.ToString()));
    }

    public void Close(Actor actor, DateTimeOffset now)
    {
        RequireStatus("close", TicketStatus.Resolved);
        _state = _state with { ClosedAt = now };
        ChangeStatus(TicketStatus.Closed, actor, now, null);
    }

    /// <summary>A resolved ticket goes back to whoever had it: in progress with its assignee, else assigned or new.</summary>
    public void Reopen(string reason, Actor actor, DateTimeOffset now)
    {
        RequireStatus("reopen", TicketStatus.Resolved);
        var status = _state.AssigneeId is not null ? TicketStatus.InProgress
            : _state.AssignmentGroup is not null ? TicketStatus.Assigned
            : TicketStatus.New;
        _state = _state with
        {
            ResolvedAt = null,
            ResolutionCode = null,
            ResolutionNotes = null,
            ReopenCount = _state.ReopenCount + 1,
        };
        ChangeStatus(status, actor, now, reason, ("reopened", "true"));
    }

    public void Cancel(string reason, Actor actor, DateTimeOffset now)
    {
        RequireStatus("cancel", TicketStatus.New, TicketStatus.Assigned, TicketStatus.InProgress, TicketStatus.Pending);
        _state = _state with { ClosedAt = now, PendingReason = null };
        ChangeStatus(TicketStatus.Cancelled, actor, now, reason);
    }

    public void Comment(string text, bool isInternal, Actor actor, DateTimeOffset now)
    {
        if (!isInternal && _state.Status.IsTerminal())
        {
            throw new DomainRuleException("ticket.closed",
                $"Ticket {Number} is {_state.Status}; public comments are no longer accepted.");
        }
        if (!isInternal)
        {
            MarkResponded(actor, now);
        }
        Append(isInternal ? ActivityType.InternalNote : ActivityType.Comment, actor, now, text,
            new Dictionary<string, string>());
    }

    /// <summary>A file attached by a participant: a public activity, accepted like a public comment (not once closed).</summary>
    public void AttachFile(string attachmentId, string fileName, string contentType, long size, Actor actor, DateTimeOffset now)
    {
        if (_state.Status.IsTerminal())
        {
            throw new DomainRuleException("ticket.closed", $"Ticket {Number} is {_state.Status}; files are no longer accepted.");
        }
        Append(ActivityType.AttachmentAdded, actor, now, fileName, new Dictionary<string, string>
        {
            ["attachmentId"] = attachmentId,
            ["fileName"] = fileName,
            ["contentType"] = contentType,
            ["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public void Update(TicketChanges changes, Actor actor, DateTimeOffset now)
    {
        if (_state.Status.IsTerminal())
        {
            throw new DomainRuleException("ticket.closed", $"Ticket {Number} is {_state.Status} and can no longer be changed.");
        }
        var data = new Dictionary<string, string>();
        var next = _state;
        void Track<T>(string name, T? proposed, T current, Func<TicketState, T, TicketState> apply)
        {
            if (proposed is not null && !EqualityComparer<T>.Default.Equals(proposed, current))
            {
                data[name] = $"{current} → {proposed}";
                next = apply(next, proposed);
            }
        }
        Track(nameof(changes.Title), changes.Title, _state.Title, (s, v) => s with { Title = v });
        Track(nameof(changes.Description), changes.Description, _state.Description, (s, v) => s with { Description = v });
        Track(nameof(changes.Category), changes.Category, _state.Category, (s, v) => s with { Category = v });
        Track(nameof(changes.Service), changes.Service, _state.Service, (s, v) => s with { Service = v });
        Track(nameof(changes.ConfigurationItem), changes.ConfigurationItem, _state.ConfigurationItem, (s, v) => s with { ConfigurationItem = v });
        if (changes.Impact is { } impact && impact != _state.Impact)
        {
            data[nameof(changes.Impact)] = $"{_state.Impact} → {impact}";
            next = next with { Impact = impact };
        }
        if (changes.Urgency is { } urgency && urgency != _state.Urgency)
        {
            data[nameof(changes.Urgency)] = $"{_state.Urgency} → {urgency}";
            next = next with { Urgency = urgency };
        }
        if (data.Count == 0)
        {
            return;
        }
        if (data.ContainsKey(nameof(changes.Description)))
        {
            // Descriptions can be long; the log records that it changed, not both versions.
            data[nameof(changes.Description)] = "changed";
        }
        _state = next;
        data["priority"] = Priority.ToString();
        Append(ActivityType.FieldsUpdated, actor, now, null, data);
    }

    /// <summary>
    /// The alert that raised this ticket fired again. <paramref name="data"/> carries the occurrence count,
    /// last-seen time and the message that reported it (so a redelivered message can tell it was already noted).
    /// </summary>
    public void NoteAlertRecurrence(string text, IReadOnlyDictionary<string, string> data, Actor actor, DateTimeOffset now)
    {
        RequireOpen("note an alert recurrence on");
        Append(ActivityType.AlertRecurred, actor, now, text, data);
    }

    /// <summary>The source reports that the alert behind this ticket recovered; the ticket itself stays as it is.</summary>
    public void NoteAlertRecovery(string text, IReadOnlyDictionary<string, string> data, Actor actor, DateTimeOffset now)
    {
        RequireOpen("note an alert recovery on");
        Append(ActivityType.AlertRecovered, actor, now, text, data);
    }

    private void RequireOpen(string action)
    {
        if (!_state.Status.IsOpen())
        {
            throw new DomainRuleException("ticket.not-open", $"Cannot {action} ticket {Number}: it is {_state.Status}.");
        }
    }

    /// <summary>A service request waits for approval in the customer's organisation (straight from New).</summary>
    public void AwaitApproval(string note, Actor actor, DateTimeOffset now)
    {
        RequireStatus("send for approval", TicketStatus.New, TicketStatus.Assigned);
        _state = _state with { PendingReason = PendingReason.WaitingForApproval };
        ChangeStatus(TicketStatus.Pending, actor, now, note, ("pendingReason", nameof(PendingReason.WaitingForApproval)));
    }

    /// <summary>The approval ended in favour of the request (or was handed to the service desk): it goes to <paramref name="group"/>.</summary>
    public void RouteAfterApproval(string group, string note, Actor actor, DateTimeOffset now)
    {
        RequireStatus("route", TicketStatus.Pending);
        if (_state.PendingReason != PendingReason.WaitingForApproval)
        {
            throw new DomainRuleException("ticket.illegal-transition", $"Ticket {Number} is not waiting for approval.");
        }
        var previousGroup = _state.AssignmentGroup;
        _state = _state with { AssignmentGroup = group, PendingReason = null };
        Append(ActivityType.AssignmentChanged, actor, now, null, new Dictionary<string, string>
        {
            ["fromGroup"] = previousGroup ?? "",
            ["toGroup"] = group,
            ["fromAssignee"] = _state.AssigneeId ?? "",
            ["toAssignee"] = _state.AssigneeId ?? "",
        });
        ChangeStatus(TicketStatus.Assigned, actor, now, note);
    }

    /// <summary>A step of a workflow (approval, third party) for the activity log; internal steps are logged as internal notes.</summary>
    public void RecordWorkflowStep(string text, IReadOnlyDictionary<string, string> data, bool isInternal, Actor actor, DateTimeOffset now) =>
        Append(isInternal ? ActivityType.InternalNote : ActivityType.WorkflowStep, actor, now, text, data);

    /// <summary>Records that a notification was sent about this ticket (mail, SMS...).</summary>
    public void RecordNotification(string summary, IReadOnlyDictionary<string, string> data, DateTimeOffset now) =>
        Append(ActivityType.NotificationSent, Actor.System, now, summary, data);

    private void RequireStatus(string action, params TicketStatus[] allowed)
    {
        if (!allowed.Contains(_state.Status))
        {
            throw new DomainRuleException("ticket.illegal-transition",
                $"Cannot {action} ticket {Number}: it is {_state.Status}; {action} is allowed from {string.Join(", ", allowed)}.");
        }
    }

    private void MarkResponded(Actor actor, DateTimeOffset now)
    {
        if (_state.FirstResponseAt is null && actor.Id != _state.Requester.Id)
        {
            _state = _state with { FirstResponseAt = now };
        }
    }

    private void ChangeStatus(TicketStatus status, Actor actor, DateTimeOffset now, string? text, params (string Key, string Value)[] extra)
    {
        if (status == _state.Status && extra.Length == 0)
        {
            return;
        }
        var from = _state.Status;
        _state = _state with { Status = status };
        var data = new Dictionary<string, string> { ["from"] = from.ToString(), ["to"] = status.ToString() };
        foreach (var (key, value) in extra)
        {
            data[key] = value;
        }
        Append(ActivityType.StatusChanged, actor, now, text, data);
    }

    private void Append(ActivityType type, Actor actor, DateTimeOffset now, string? text, IReadOnlyDictionary<string, string> data)
    {
        var sequence = _state.ActivityCount + 1;
        _state = _state with { ActivityCount = sequence, UpdatedAt = now, Version = _state.Version + 1 };
        _newActivities.Add(new Activity(sequence, type, actor, now, text, data));
    }
}
