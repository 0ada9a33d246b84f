namespace ServiceDesk.Domain.Common;

/// <summary>Languages every user-facing text exists in.</summary>
public enum Language
{
    Sv,
    En,
}
