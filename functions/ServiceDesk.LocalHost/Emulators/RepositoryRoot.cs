namespace ServiceDesk.LocalHost.Emulators;

/// <summary>Finds the repository root (the folder holding ServiceDesk.Functions.sln).</summary>
public static class RepositoryRoot
{
    public static string Find(string? start = null)
    {
        var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServiceDesk.Functions.sln")))
            {
                return dir.FullName;
            }
            dir = dir.Parent;
        }
        throw new InvalidOperationException(
            "Could not find the repository root (ServiceDesk.Functions.sln) above " + (start ?? AppContext.BaseDirectory));
    }
}
