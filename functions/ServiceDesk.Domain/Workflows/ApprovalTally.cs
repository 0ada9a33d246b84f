namespace ServiceDesk.Domain.Workflows;

/// <summary>
/// The decisions of one approval step. Each seat is one approver of the policy; escalation adds a delegate to
/// a seat, and either of them may then decide for it. A rejection of any seat rejects the step; the step is
/// approved when one seat (rule Any) or every seat (rule All) has approved. Pure and deterministic, so the
/// orchestrator can keep it in memory and rebuild it on replay.
/// </summary>
public sealed class ApprovalTally
{
    private readonly List<List<Approver>> _seats;
    private readonly Dictionary<int, ApprovalDecision> _decided = [];

    public ApprovalTally(ApprovalRule rule, IEnumerable<IEnumerable<Approver>> seats)
    {
        Rule = rule;
        _seats = seats.Select(s => s.ToList()).ToList();
        if (_seats.Count == 0 || _seats.Any(s => s.Count == 0))
        {
            throw new ArgumentException("A step needs at least one approver in every seat.", nameof(seats));
        }
    }

    public ApprovalRule Rule { get; }

    public IReadOnlyList<IReadOnlyList<Approver>> Seats => _seats;

    public ApprovalOutcome Outcome =>
        _decided.ContainsValue(ApprovalDecision.Reject) ? ApprovalOutcome.Rejected
        : Rule == ApprovalRule.Any && _decided.ContainsValue(ApprovalDecision.Approve) ? ApprovalOutcome.Approved
        : Rule == ApprovalRule.All && _decided.Count == _seats.Count ? ApprovalOutcome.Approved
        : ApprovalOutcome.Pending;

    /// <summary>Approvers of seats that have not decided yet (reminders and escalation go to them).</summary>
    public IReadOnlyList<Approver> Undecided =>
        _seats.Where((_, i) => !_decided.ContainsKey(i)).SelectMany(s => s).DistinctBy(a => a.UserId).ToList();

    /// <summary>Whether this user may decide now: designated for a seat that is still open.</summary>
    public bool MayDecide(string approverId) => SeatsOf(approverId).Any(i => !_decided.ContainsKey(i));

    public bool IsDesignated(string approverId) => SeatsOf(approverId).Any();

    /// <summary>Records a decision for every open seat the approver holds; false when they hold none.</summary>
    public bool Record(string approverId, ApprovalDecision decision)
    {
        var open = SeatsOf(approverId).Where(i => !_decided.ContainsKey(i)).ToList();
        foreach (var seat in open)
        {
            _decided[seat] = decision;
        }
        return open.Count > 0;
    }

    /// <summary>Adds a stand-in to every undecided seat held by <paramref name="original"/>.</summary>
    public void AddStandIn(string original, Approver standIn)
    {
        foreach (var seat in SeatsOf(original).Where(i => !_decided.ContainsKey(i)))
        {
            if (!_seats[seat].Any(a => a.UserId == standIn.UserId))
            {
                _seats[seat].Add(standIn);
            }
        }
    }

    private IEnumerable<int> SeatsOf(string approverId) =>
        Enumerable.Range(0, _seats.Count).Where(i => _seats[i].Any(a => string.Equals(a.UserId, approverId, StringComparison.Ordinal)));
}
