using System.Management.Automation;
#if NETFRAMEWORK
using System.Reflection;
#endif

namespace AutoMLEval.PowerShell;

/// <summary>
/// Runs when the module is imported, before any cmdlet: makes the engine and its dependencies loadable from the
/// edition folder's <see cref="DependencyFolder"/>. On PowerShell 7 they load into the module's own
/// AssemblyLoadContext (AutoMLEval.PowerShell.Isolation.dll, beside this assembly), so other modules' copies of
/// System.Text.Json, ONNX Runtime and the like never clash; Windows PowerShell 5.1 has no load contexts, so an
/// AssemblyResolve handler serves the folder there.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    /// <summary>The subfolder (beside this assembly) holding the engine and its dependencies.</summary>
    public const string DependencyFolder = "Dependencies";

    private static int _registered;

    /// <summary>Registers the resolver once per process.</summary>
    public void OnImport()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        var dependencyDirectory = Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", DependencyFolder);
#if NETFRAMEWORK
        AppDomain.CurrentDomain.AssemblyResolve += (_, args) => LoadShipped(dependencyDirectory, args.Name);
#else
        Isolation.ModuleIsolation.Register(dependencyDirectory);
#endif
    }

#if NETFRAMEWORK
    /// <summary>Windows PowerShell: the shipped file of a requested assembly, whatever version was asked for (the folder is consistent).</summary>
    private static Assembly? LoadShipped(string dependencyDirectory, string requestedName)
    {
        var file = Path.Combine(dependencyDirectory, new AssemblyName(requestedName).Name + ".dll");
        return File.Exists(file) ? Assembly.LoadFrom(file) : null;
    }
#endif
}
