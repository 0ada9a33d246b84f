using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.RemoteSessions;

/// <summary>The customer switched remote control off: a 403 whose problem carries the reason in Swedish and English.</summary>
public sealed class RemoteControlDisabledException()
    : ServiceDeskException("Forbidden", $"{ReasonEn} ({ReasonSv})")
{
    public const string Code = ProblemCodes.RemoteControlDisabled;
    public const string ReasonSv = "Fjärrstyrning är avstängd för den här kunden.";
    public const string ReasonEn = "Remote control is switched off for this customer.";

    public override string ProblemCode => Code;
}
