using System.Collections;
using System.Reflection;

namespace ServiceDesk.DeploymentTests.Infrastructure;

/// <summary>
/// The app settings the code reads through options classes: every type in a ServiceDesk.* assembly
/// with <c>public const string SectionName</c>, and its public settable properties, named the way
/// App Service passes them to .NET configuration (`:` written as `__`).
/// </summary>
public static class OptionsSettings
{
    private const int MaxDepth = 4;

    public static IReadOnlyList<OptionsSetting> Discover() => OptionsTypes().SelectMany(ForType).ToList();

    /// <summary>The settings one options class binds.</summary>
    public static IReadOnlyList<OptionsSetting> ForType(Type optionsType)
    {
        var settings = new List<OptionsSetting>();
        Collect(optionsType, SectionSettingName(optionsType), optionsType, settings, depth: 0);
        return settings;
    }

    /// <summary>The setting-name prefix of an options class: `ServiceDesk:Auth` becomes `ServiceDesk__Auth`.</summary>
    public static string SectionSettingName(Type optionsType) =>
        SettingName((string)optionsType.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!);

    public static IReadOnlyList<Type> OptionsTypes() =>
        ServiceDeskAssemblies()
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } f
                && f.FieldType == typeof(string))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    /// <summary>`ServiceDesk:Auth` becomes `ServiceDesk__Auth`.</summary>
    public static string SettingName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    public static IReadOnlyList<Assembly> ServiceDeskAssemblies()
    {
        var files = Directory.GetFiles(AppContext.BaseDirectory, "ServiceDesk.*.dll")
            .Where(f => !Path.GetFileName(f).Equals(typeof(OptionsSettings).Assembly.GetName().Name + ".dll", StringComparison.OrdinalIgnoreCase))
            .Where(f => !Path.GetFileNameWithoutExtension(f).EndsWith("Tests", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        return files.Select(f => Assembly.Load(AssemblyName.GetAssemblyName(f))).ToList();
    }

    private static void Collect(Type owner, string prefix, Type type, List<OptionsSetting> settings, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var name = $"{prefix}__{property.Name}";
            var settable = property.GetSetMethod(nonPublic: false) is not null;
            if (IsLeaf(property.PropertyType))
            {
                if (settable)
                {
                    settings.Add(new OptionsSetting(owner, name, property.PropertyType, IsCollection(property.PropertyType)));
                }
            }
            else if (depth < MaxDepth && property.GetGetMethod(nonPublic: false) is not null)
            {
                // Nested options object: the binder fills it through a setter or into the existing instance.
                Collect(owner, name, property.PropertyType, settings, depth + 1);
            }
        }
    }

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(TimeSpan)
            || t == typeof(DateOnly) || t == typeof(TimeOnly) || t == typeof(Guid) || t == typeof(Uri)
            || IsCollection(t) || !t.IsClass;
    }

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);
}

/// <summary>One app setting an options class binds; collections bind every `Name__*` below it.</summary>
public sealed record OptionsSetting(Type OptionsType, string Name, Type PropertyType, bool IsCollection)
{
    public override string ToString() => $"{Name} ({OptionsType.FullName}, {PropertyType.Name})";
}
