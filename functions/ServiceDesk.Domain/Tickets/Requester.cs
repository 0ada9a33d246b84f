using ServiceDesk.Domain.Common;

namespace ServiceDesk.Domain.Tickets;

/// <summary>The person a ticket is for.</summary>
public sealed record Requester(string Id, string Name, string? Email, string? Phone, Language Language);
