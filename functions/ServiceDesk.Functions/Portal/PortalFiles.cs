using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ServiceDesk.Functions.Portal;

/// <summary>
/// The portal's static files, embedded in this assembly (so the deployment package carries them without a content
/// folder): name, bytes, content type and a strong ETag (a hash of the bytes), read once.
/// </summary>
public sealed class PortalFiles
{
    private const string Prefix = "portal/";

    public static readonly PortalFiles Embedded = Load(typeof(PortalFiles).Assembly);

    private readonly FrozenDictionary<string, PortalFile> _files;

    private PortalFiles(FrozenDictionary<string, PortalFile> files, string version)
    {
        _files = files;
        Version = version;
    }

    /// <summary>A hash over every file: index.html references its assets with <c>?v=</c> this value.</summary>
    public string Version { get; }

    public IEnumerable<string> Names => _files.Keys;

    public PortalFile? Find(string path) => _files.GetValueOrDefault(path);

    private static PortalFiles Load(Assembly assembly)
    {
        var raw = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            raw[name[Prefix.Length..].Replace('\\', '/')] = copy.ToArray();
        }
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, bytes) in raw)
        {
            all.AppendData(Encoding.UTF8.GetBytes(name));
            all.AppendData(bytes);
        }
        var version = Convert.ToHexStringLower(all.GetHashAndReset())[..12];
        var files = raw.ToDictionary(
            kv => kv.Key,
            kv =>
            {
                // index.html names its assets with ?v={{version}} so a browser may keep them for a year.
                var bytes = kv.Key == "index.html"
                    ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(kv.Value).Replace("{{version}}", version, StringComparison.Ordinal))
                    : kv.Value;
                return new PortalFile(kv.Key, bytes, ContentTypeOf(kv.Key), $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]}\"");
            },
            StringComparer.Ordinal);
        return new PortalFiles(files.ToFrozenDictionary(StringComparer.Ordinal), version);
    }

    public static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        ".woff2" => "font/woff2",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}

public sealed record PortalFile(string Name, byte[] Content, string ContentType, string ETag);
