using System.Reflection;
using System.Runtime.Loader;

namespace AutoMLEval.PowerShell.Isolation;

/// <summary>
/// The entry point the cmdlet assembly calls (by reflection, on .NET only) when the module is imported: creates
/// the module's load context once per process and lets the default context hand it the module's own assemblies.
/// </summary>
public static class ModuleIsolation
{
    private static readonly object Gate = new();
    private static ModuleLoadContext? _context;

    /// <summary>The module's load context once registered.</summary>
    public static AssemblyLoadContext? Context => _context;

    /// <summary>Registers the resolver for <paramref name="dependencyDirectory"/>; later calls do nothing (a module may be imported into several runspaces).</summary>
    public static void Register(string dependencyDirectory)
    {
        lock (Gate)
        {
            if (_context is not null) return;
            var policy = DependencyPolicy.FromDirectory(dependencyDirectory, DependencyPolicy.RunningTrustedPlatformAssemblies());
            var context = new ModuleLoadContext(dependencyDirectory, policy);
            AssemblyLoadContext.Default.Resolving += (_, name) => policy.IsModuleEntryAssembly(name) ? context.LoadFromAssemblyName(name) : null;
            _context = context;
        }
    }
}
