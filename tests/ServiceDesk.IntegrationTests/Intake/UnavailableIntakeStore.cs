using Azure;
using ServiceDesk.Application.Intake;
using AppPage = ServiceDesk.Application.Common.Page<ServiceDesk.Application.Intake.CorrelationState>;

namespace ServiceDesk.IntegrationTests.Intake;

/// <summary>Correlation storage that is down: every call fails the way an unreachable storage account does.</summary>
public sealed class UnavailableIntakeStore : IIntakeStore
{
    private static RequestFailedException Down() => new(503, "Storage unavailable (injected).");

    public Task<CorrelationState?> GetAsync(CorrelationId id, CancellationToken ct) => throw Down();
    public Task<(CommitResult Result, MessageClaim? Existing)> CommitAsync(CorrelationId id, MessageClaim c, CorrelationState? s, CorrelationState? e, CancellationToken ct) => throw Down();
    public Task<MessageClaim?> GetClaimAsync(CorrelationId id, string source, string sourceId, CancellationToken ct) => throw Down();
    public Task<bool> CompleteAsync(CorrelationId id, MessageClaim? c, CorrelationState? s, CorrelationState? e, CancellationToken ct) => throw Down();
    public Task<AppPage> ListAsync(string customerId, int pageSize, string? token, CancellationToken ct) => throw Down();
}
