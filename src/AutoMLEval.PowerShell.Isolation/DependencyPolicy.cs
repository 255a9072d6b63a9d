using System.Reflection;
using System.Runtime.InteropServices;

namespace AutoMLEval.PowerShell.Isolation;

/// <summary>
/// Which assemblies the module's load context serves, and from where. Pure decisions over two maps, so that
/// they are unit-tested without PowerShell:
/// <list type="bullet">
/// <item>The default context hands over only the module's own entry assemblies (names starting with
/// <see cref="OwnedPrefix"/> that ship in the dependency folder); any other failed load is not the module's business.</item>
/// <item>Inside the module's context, the module's own assemblies always load from the dependency folder; another assembly shipped in the dependency folder is loaded from there, unless the
/// running framework provides it at the requested version or newer: then the framework's copy is shared (one
/// <c>Span&lt;T&gt;</c>, one <c>System.Text.Json</c> when the framework's is new enough), and everything else falls
/// back to the default context.</item>
/// </list>
/// </summary>
public sealed class DependencyPolicy
{
    /// <summary>Assemblies whose simple name starts with this are the module's own.</summary>
    public const string OwnedPrefix = "AutoMLEval.";

    private readonly Dictionary<string, string> _shippedFiles;
    private readonly Dictionary<string, Version> _frameworkVersions;

    /// <summary>Creates the policy from what the module ships and what the framework provides.</summary>
    /// <param name="shippedFiles">Simple assembly name → file in the dependency folder.</param>
    /// <param name="frameworkVersions">Simple assembly name → version the runtime's trusted platform assemblies provide.</param>
    public DependencyPolicy(IReadOnlyDictionary<string, string> shippedFiles, IReadOnlyDictionary<string, Version> frameworkVersions)
    {
        _shippedFiles = new Dictionary<string, string>(shippedFiles, StringComparer.OrdinalIgnoreCase);
        _frameworkVersions = new Dictionary<string, Version>(frameworkVersions, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Reads the dependency folder (its <c>*.dll</c> files) and the versions of the trusted platform assemblies with
    /// the same names (only those are opened).
    /// </summary>
    public static DependencyPolicy FromDirectory(string dependencyDirectory, IEnumerable<string> trustedPlatformAssemblies)
    {
        var shipped = Directory.Exists(dependencyDirectory)
            ? Directory.EnumerateFiles(dependencyDirectory, "*.dll").ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => f, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var framework = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in trustedPlatformAssemblies)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!shipped.ContainsKey(name) || framework.ContainsKey(name)) continue;
            try
            {
                framework[name] = AssemblyName.GetAssemblyName(path).Version ?? new Version(0, 0);
            }
            catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
            {
                // Not a readable managed assembly: the framework cannot provide it either.
            }
        }
        return new DependencyPolicy(shipped, framework);
    }

    /// <summary>The trusted platform assemblies of the running process (the framework and the host's own assemblies).</summary>
    public static IEnumerable<string> RunningTrustedPlatformAssemblies() =>
        (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether the default context should hand a failed load of <paramref name="name"/> to the module's context.</summary>
    public bool IsModuleEntryAssembly(AssemblyName name) =>
        name.Name is { } simple
        && simple.StartsWith(OwnedPrefix, StringComparison.OrdinalIgnoreCase)
        && _shippedFiles.ContainsKey(simple);

    /// <summary>The file the module's context loads <paramref name="name"/> from, or null to use the default context's copy.</summary>
    public string? FileForModuleContext(AssemblyName name)
    {
        if (name.Name is not { } simple || !_shippedFiles.TryGetValue(simple, out var file)) return null;
        if (IsModuleEntryAssembly(name)) return file;
        if (_frameworkVersions.TryGetValue(simple, out var provided) && (name.Version is null || provided >= name.Version)) return null;
        return file;
    }

    /// <summary>
    /// The native library file for <paramref name="libraryName"/> shipped in the dependency folder, trying the
    /// platform's naming (<c>name.dll</c>, <c>libname.so</c>, <c>libname.dylib</c>): first in
    /// <c>runtimes/&lt;rid&gt;/native/</c> (where the module ships ONNX Runtime for each platform) when
    /// <paramref name="runtimeIdentifier"/> is given, then in the folder itself; null when absent.
    /// </summary>
    public static string? NativeLibraryFile(string dependencyDirectory, string libraryName, string? runtimeIdentifier = null)
    {
        var candidates = new[] { libraryName, libraryName + ".dll", "lib" + libraryName + ".so", libraryName + ".so", "lib" + libraryName + ".dylib", libraryName + ".dylib" };
        var folders = runtimeIdentifier is null
            ? new[] { dependencyDirectory }
            : new[] { Path.Combine(dependencyDirectory, "runtimes", runtimeIdentifier, "native"), dependencyDirectory };
        return folders.SelectMany(folder => candidates.Select(c => Path.Combine(folder, c))).FirstOrDefault(File.Exists);
    }

    /// <summary>The portable runtime identifier of this process (<c>linux-x64</c>, <c>win-x64</c>, <c>osx-arm64</c>, …): the name of its native folder.</summary>
    public static string CurrentRuntimeIdentifier()
    {
        var os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux";
        return os + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
    }
}
