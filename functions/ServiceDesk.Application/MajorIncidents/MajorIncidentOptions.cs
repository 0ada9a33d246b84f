namespace ServiceDesk.Application.MajorIncidents;

/// <summary>Who hears that an alert storm proposes a major incident.</summary>
public sealed class MajorIncidentOptions
{
    public const string SectionName = "ServiceDesk:MajorIncidents";

    /// <summary>Comma-separated addresses of the staff on duty; proposals are mailed to each (Swedish and English in one mail).</summary>
    public string OnDutyAddresses { get; set; } = "";

    public IReadOnlyList<string> OnDuty => OnDutyAddresses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
