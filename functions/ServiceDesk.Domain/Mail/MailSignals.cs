namespace ServiceDesk.Domain.Mail;

/// <summary>The parts of an inbound mail that loop and auto-reply detection looks at, already decoded.</summary>
/// <param name="Headers">Header values by name (case-insensitive), in the order they appear.</param>
/// <param name="FromAddress">The From address, lower case.</param>
/// <param name="ReturnPath">The Return-Path header's address; empty for <c>&lt;&gt;</c>, null when there is none.</param>
/// <param name="IsDeliveryReport">A <c>multipart/report; report-type=delivery-status</c> body.</param>
public sealed record MailSignals(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Headers,
    string FromAddress,
    string? ReturnPath,
    string? MessageId,
    string Subject,
    bool IsDeliveryReport)
{
    public string? First(string name) => Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    public bool Has(string name) => Headers.TryGetValue(name, out var values) && values.Count > 0;
}
