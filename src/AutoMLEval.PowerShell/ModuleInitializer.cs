using System.Management.Automation;
using System.Reflection;

namespace AutoMLEval.PowerShell;

/// <summary>
/// Runs when the module is imported, before any cmdlet: makes the engine and its dependencies loadable from the
/// module's <see cref="DependencyFolder"/>. On PowerShell 7 they load into the module's own AssemblyLoadContext
/// (AutoMLEval.PowerShell.Isolation.dll), so other modules' copies of System.Text.Json and the like never clash;
/// Windows PowerShell 5.1 has no load contexts, so an AssemblyResolve handler serves the folder there.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    /// <summary>The module subfolder holding the engine and its dependencies.</summary>
    public const string DependencyFolder = "Dependencies";

    /// <summary>The file of the .NET-only isolation assembly, beside this one.</summary>
    public const string IsolationAssemblyFile = "AutoMLEval.PowerShell.Isolation.dll";

    private static int _registered;

    /// <summary>Registers the resolver once per process.</summary>
    public void OnImport()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        var moduleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";
        var dependencyDirectory = Path.Combine(moduleDirectory, DependencyFolder);
        if (string.Equals(typeof(object).Assembly.GetName().Name, "System.Private.CoreLib", StringComparison.Ordinal))
        {
            var isolation = Assembly.LoadFrom(Path.Combine(moduleDirectory, IsolationAssemblyFile));
            var register = isolation.GetType("AutoMLEval.PowerShell.Isolation.ModuleIsolation", throwOnError: true)!.GetMethod("Register", new[] { typeof(string) })!;
            register.Invoke(null, new object[] { dependencyDirectory });
        }
        else
        {
            AppDomain.CurrentDomain.AssemblyResolve += (_, args) => LoadShipped(dependencyDirectory, args.Name);
        }
    }

    /// <summary>Windows PowerShell: the shipped file of a requested assembly, whatever version was asked for (the folder is consistent).</summary>
    private static Assembly? LoadShipped(string dependencyDirectory, string requestedName)
    {
        var file = Path.Combine(dependencyDirectory, new AssemblyName(requestedName).Name + ".dll");
        return File.Exists(file) ? Assembly.LoadFrom(file) : null;
    }
}
