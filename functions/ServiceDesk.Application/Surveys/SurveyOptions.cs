namespace ServiceDesk.Application.Surveys;

/// <summary>Settings under <c>ServiceDesk:Surveys</c>.</summary>
public sealed class SurveyOptions
{
    public const string Section = "ServiceDesk:Surveys";

    /// <summary>Whether resolved tickets get a satisfaction survey.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Days after a resolution during which the requester may answer and change the answer.</summary>
    public int ChangeableDays { get; set; } = 7;
}
