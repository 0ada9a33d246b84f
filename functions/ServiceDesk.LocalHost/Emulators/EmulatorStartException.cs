namespace ServiceDesk.LocalHost.Emulators;

/// <summary>An emulator or tool could not start; the message names the cause and the fix.</summary>
public sealed class EmulatorStartException(string message) : Exception(message);
