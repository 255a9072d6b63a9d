using Xunit;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>
/// The module folder the build assembled (out/AutoMLEval), its PowerShell 7 cmdlet assembly (Core/) read as
/// metadata only (it needs a real PowerShell to run), and its manifest, help and format files.
/// </summary>
public sealed class BuiltModule : IDisposable
{
    public const string CmdletAssemblyFile = "AutoMLEval.PowerShell.dll";

    /// <summary>The folders of the two builds: PowerShell 7 (.NET 8) and Windows PowerShell 5.1 (.NET Framework).</summary>
    public const string CoreFolder = "Core", DesktopFolder = "Desktop";

    private readonly MetadataLoadContext _context;

    public BuiltModule()
    {
        Directory = Setting("ModuleDirectory");
        RepositoryRoot = Setting("RepositoryRoot");
        var powerShell = Setting("PowerShellReferenceAssembly");
        CoreDirectory = Path.Combine(Directory, CoreFolder);
        var cmdlets = Path.Combine(CoreDirectory, CmdletAssemblyFile);
        Assert.True(File.Exists(cmdlets), $"The module is not built: {CoreDirectory} has no {CmdletAssemblyFile} (dotnet build assembles it).");
        Assert.True(File.Exists(powerShell), $"The PowerShell reference assembly is missing: {powerShell}.");
        var json = Setting("JsonReferenceAssembly");
        Assert.True(File.Exists(json), $"The Newtonsoft.Json reference assembly is missing: {json}.");
        var paths = System.IO.Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(System.IO.Directory.GetFiles(CoreDependencies, "*.dll"))
            .Concat(System.IO.Directory.GetFiles(CoreDirectory, "*.dll"))
            .Append(powerShell)
            .Append(json);
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Cmdlets = _context.LoadFromAssemblyPath(cmdlets);
    }

    /// <summary>out/AutoMLEval.</summary>
    public string Directory { get; }

    /// <summary>out/AutoMLEval/Core: what PowerShell 7 loads.</summary>
    public string CoreDirectory { get; }

    /// <summary>out/AutoMLEval/Core/Dependencies: the engine, inference and their dependencies, for the module's load context.</summary>
    public string CoreDependencies => Path.Combine(CoreDirectory, "Dependencies");

    /// <summary>The repository root (AutoMLEval.psd1, tests/pester).</summary>
    public string RepositoryRoot { get; }

    /// <summary>The cmdlet assembly, metadata only.</summary>
    public Assembly Cmdlets { get; }

    /// <summary>The manifest's text as shipped in the module folder.</summary>
    public string ManifestText => File.ReadAllText(Path.Combine(Directory, "AutoMLEval.psd1"));

    public XDocument Help => XDocument.Load(Path.Combine(Directory, "en-US", "AutoMLEval.PowerShell.dll-Help.xml"));

    public XDocument Format => XDocument.Load(Path.Combine(Directory, "AutoMLEval.Format.ps1xml"));

    /// <summary>The [Cmdlet] classes by "Verb-Noun".</summary>
    public IReadOnlyDictionary<string, Type> CmdletTypes =>
        Cmdlets.GetExportedTypes()
            .Select(t => (Type: t, Attribute: CustomAttribute(t, "System.Management.Automation.CmdletAttribute")))
            .Where(p => p.Attribute is not null)
            .ToDictionary(p => $"{p.Attribute!.ConstructorArguments[0].Value}-{p.Attribute.ConstructorArguments[1].Value}", p => p.Type, StringComparer.Ordinal);

    /// <summary>The strings of one array setting of the manifest, e.g. CmdletsToExport = @('A', 'B').</summary>
    public IReadOnlyList<string> ManifestList(string key)
    {
        var match = Regex.Match(ManifestText, key + @"\s*=\s*@\((?<items>[^)]*)\)", RegexOptions.CultureInvariant);
        Assert.True(match.Success, $"AutoMLEval.psd1 has no {key} = @(...).");
        return Regex.Matches(match.Groups["items"].Value, "'(?<item>[^']*)'", RegexOptions.CultureInvariant).Select(m => m.Groups["item"].Value).ToArray();
    }

    /// <summary>The string of one scalar setting of the manifest, e.g. RootModule = 'X'.</summary>
    public string? ManifestValue(string key)
    {
        var match = Regex.Match(ManifestText, key + @"\s*=\s*'(?<value>[^']*)'", RegexOptions.CultureInvariant);
        return match.Success ? match.Groups["value"].Value : null;
    }

    public static CustomAttributeData? CustomAttribute(MemberInfo member, string fullName) =>
        member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == fullName);

    public static IEnumerable<CustomAttributeData> CustomAttributes(MemberInfo member, string fullName) =>
        member.GetCustomAttributesData().Where(a => a.AttributeType.FullName == fullName);

    public static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value).FirstOrDefault();

    public void Dispose() => _context.Dispose();

    private static string Setting(string key) =>
        typeof(BuiltModule).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no {key} setting.");
}
