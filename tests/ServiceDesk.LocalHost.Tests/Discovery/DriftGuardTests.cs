using System.Text.Json;
using ServiceDesk.Functions;
using ServiceDesk.LocalHost.Discovery;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;

namespace ServiceDesk.LocalHost.Tests.Discovery;

/// <summary>
/// The local host's function table must match the functions.metadata that the Functions SDK generates for the
/// app (what the real host reads in Azure): same names, entry points, trigger types, routes, methods,
/// schedules, queue names and other bindings.
/// </summary>
public sealed class DriftGuardTests
{
    [Fact]
    public void Local_host_function_table_matches_the_SDK_generated_functions_metadata()
    {
        var expected = ReadMetadata(FindMetadataFile());
        var actual = LocalFunctionsHost.Discover(new LocalHostOptions()).Select(Describe).OrderBy(s => s, StringComparer.Ordinal).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_function_of_the_app_uses_only_triggers_and_bindings_the_local_host_can_run()
    {
        var supported = new HashSet<string> { "durableClient:In", "http:Out" };
        var gaps = LocalFunctionsHost.Discover(new LocalHostOptions())
            .SelectMany(f => (f.Trigger is UnsupportedTriggerBinding ? [$"{f.Name}: trigger {f.Trigger.Type}"] : Array.Empty<string>())
                .Concat(f.OtherBindings.Where(b => !supported.Contains($"{b.Type}:{b.Direction}")).Select(b => $"{f.Name}: binding {b.Type} ({b.Direction})")))
            .ToList();

        Assert.True(gaps.Count == 0, "Not supported by the local host: " + string.Join("; ", gaps));
    }

    /// <summary>The SDK writes functions.metadata next to ServiceDesk.Functions.dll; project references copy both here.</summary>
    private static string FindMetadataFile()
    {
        var candidates = new[]
        {
            Path.Combine(Path.GetDirectoryName(typeof(ServiceDeskRegistration).Assembly.Location)!, "functions.metadata"),
            Path.Combine(RepositoryRoot.Find(), "functions", "ServiceDesk.Functions", "bin",
                Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/', '\\')))!,
                "net10.0", "functions.metadata"),
        };
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new FileNotFoundException("functions.metadata not found; looked in: " + string.Join(", ", candidates));
    }

    private static List<string> ReadMetadata(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var rows = new List<string>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString()!;
            var entryPoint = function.GetProperty("entryPoint").GetString()!;
            string? trigger = null;
            var others = new List<string>();
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                var type = binding.GetProperty("type").GetString()!;
                if (type.EndsWith("Trigger", StringComparison.Ordinal))
                {
                    trigger = Row(type,
                        Text(binding, "route"),
                        binding.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString()!).ToList() : null,
                        Text(binding, "schedule"),
                        Text(binding, "queueName"));
                }
                else
                {
                    others.Add($"{binding.GetProperty("name").GetString()}:{type}:{binding.GetProperty("direction").GetString()}");
                }
            }
            rows.Add($"{name} | {entryPoint} | {trigger} | {string.Join(",", others.Order(StringComparer.Ordinal))}");
        }
        return rows.OrderBy(s => s, StringComparer.Ordinal).ToList();
    }

    private static string Describe(FunctionDescriptor function)
    {
        var trigger = function.Trigger switch
        {
            HttpTriggerBinding http => Row(http.Type, http.Route, http.Methods, null, null),
            TimerTriggerBinding timer => Row(timer.Type, null, null, timer.Schedule, null),
            QueueTriggerBinding queue => Row(queue.Type, null, null, null, queue.QueueName),
            var other => Row(other.Type, null, null, null, null),
        };
        var others = function.OtherBindings.Select(b => $"{b.Name}:{b.Type}:{b.Direction}").Order(StringComparer.Ordinal);
        return $"{function.Name} | {function.EntryPoint} | {trigger} | {string.Join(",", others)}";
    }

    private static string Row(string type, string? route, IEnumerable<string>? methods, string? schedule, string? queueName) =>
        $"{type} route={route} methods={(methods is null ? "" : string.Join(",", methods.Select(m => m.ToLowerInvariant()).Order(StringComparer.Ordinal)))} schedule={schedule} queue={queueName}";

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
