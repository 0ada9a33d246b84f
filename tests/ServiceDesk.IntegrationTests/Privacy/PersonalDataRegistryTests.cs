using System.Reflection;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Operations;
using ServiceDesk.Infrastructure.Privacy;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Workflows;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.IntegrationTests.Privacy;

/// <summary>
/// Every table, blob container and queue of the app has an entry in <see cref="PersonalDataRegistry"/> (and so in
/// functions/ServiceDesk.Application/Privacy/README.md): adding a store without saying what personal data it holds and
/// how erasure treats it fails here, naming the store.
/// </summary>
public sealed class PersonalDataRegistryTests
{
    private static readonly IOptions<StorageOptions> NoPrefix = Options.Create(new StorageOptions { TablePrefix = "" });

    private static HashSet<string> Registered(StoreKind kind) => PersonalDataRegistry.Of(kind).Select(s => s.Name).ToHashSet();

    /// <summary>Every table name the adapters use: the string properties of TableNames and WorkflowTables, and any other *Tables class.</summary>
    public static IEnumerable<string> AppTables()
    {
        var service = new TableServiceClient("UseDevelopmentStorage=true");
        var holders = typeof(TableNames).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && (t == typeof(TableNames) || t.Name.EndsWith("Tables", StringComparison.Ordinal)) && t != typeof(Tables))
            .ToList();
        Assert.Contains(typeof(WorkflowTables), holders);
        foreach (var type in holders)
        {
            var ctor = type.GetConstructors().Single();
            var args = ctor.GetParameters().Select(p => p.ParameterType == typeof(TableServiceClient) ? service : (object)NoPrefix).ToArray();
            var instance = ctor.Invoke(args);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(string)))
            {
                yield return (string)property.GetValue(instance)!;
            }
        }
    }

    [Fact]
    public void Every_table_has_a_registry_entry()
    {
        var tables = AppTables().Distinct().ToList();
        Assert.Contains("Tickets", tables);
        Assert.Contains("Approvals", tables);
        var missing = tables.Where(t => !Registered(StoreKind.Table).Contains(t)).ToList();
        Assert.True(missing.Count == 0, "Tables without an entry in PersonalDataRegistry: " + string.Join(", ", missing));
        var stale = Registered(StoreKind.Table).Where(t => !tables.Contains(t)).ToList();
        Assert.True(stale.Count == 0, "PersonalDataRegistry names tables the app does not have: " + string.Join(", ", stale));
    }

    [Fact]
    public void No_adapter_maps_its_own_entity_type_without_an_entry()
    {
        // Rows are TableEntity today; a typed entity would be a new shape of data the registry must describe by name.
        var typed = typeof(TableNames).Assembly.GetTypes().Where(t => typeof(ITableEntity).IsAssignableFrom(t) && !t.IsAbstract).Select(t => t.Name).ToList();
        var missing = typed.Where(t => !PersonalDataRegistry.Stores.Any(s => s.Holds.Contains(t, StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, "ITableEntity types not named by any PersonalDataRegistry entry: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_queue_and_its_poison_queue_has_a_registry_entry()
    {
        var queues = typeof(PoisonQueueAdministration).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Queue", StringComparison.Ordinal))
            .Select(t => t.GetField("Name", BindingFlags.Public | BindingFlags.Static))
            .OfType<FieldInfo>()
            .Select(f => (string)f.GetRawConstantValue()!)
            .SelectMany(q => new[] { q, PoisonQueueAdministration.PoisonOf(q) })
            .ToList();
        Assert.Contains("mail-outbox", queues);
        Assert.Contains("privacy-jobs", queues);
        var missing = queues.Where(q => !Registered(StoreKind.Queue).Contains(q)).ToList();
        Assert.True(missing.Count == 0, "Queues without an entry in PersonalDataRegistry: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_adapter_that_opens_a_blob_container_has_a_registry_entry()
    {
        var folder = Path.Combine(RepositoryRoot.Find(), "functions");
        var writers = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/Privacy/", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("GetBlobContainerClient(", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .ToList();
        Assert.Contains("BlobMailStore", writers);
        var missing = writers.Where(w => !PersonalDataRegistry.Of(StoreKind.BlobContainer).Any(s => s.Source == w)).ToList();
        Assert.True(missing.Count == 0, "Classes opening a blob container without an entry in PersonalDataRegistry: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_privacy_readme_lists_every_registered_store()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "functions", "ServiceDesk.Application", "Privacy", "README.md"));
        var missing = PersonalDataRegistry.Stores.Where(s => !readme.Contains($"`{s.Name}`", StringComparison.Ordinal)).Select(s => s.Name).ToList();
        Assert.True(missing.Count == 0, "Stores missing from Privacy/README.md: " + string.Join(", ", missing));
    }
}
