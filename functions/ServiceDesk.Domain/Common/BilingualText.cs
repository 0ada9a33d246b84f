namespace ServiceDesk.Domain.Common;

/// <summary>A text every user reads, in both languages (neither may be empty).</summary>
public sealed record BilingualText(string Sv, string En)
{
    public string For(Language language) => language == Language.En ? En : Sv;
}
