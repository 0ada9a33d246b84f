namespace ServiceDesk.Application.Intake;

/// <summary>
/// A message that can never succeed, however often it is retried: it is recorded as a rejection instead of being
/// thrown to the transport (whose retries and poison queue are for transient failures).
/// </summary>
public sealed class IntakeRejectedException(string reason, string detail) : Exception(detail)
{
    /// <summary>One of <see cref="RejectionReasons"/>.</summary>
    public string Reason { get; } = reason;
}

/// <summary>Machine-readable rejection reasons, as listed by <c>GET /api/intake/rejections</c>.</summary>
public static class RejectionReasons
{
    public const string InvalidJson = "invalid-json";
    public const string SchemaViolation = "schema-violation";
    public const string UnsupportedSchemaVersion = "unsupported-schema-version";
    public const string UnknownCustomer = "unknown-customer";
    public const string TooLarge = "too-large";
    public const string Unprocessable = "unprocessable";
}
