using System.Reflection;
using System.Runtime.Loader;

namespace AutoMLEval.PowerShell.Isolation;

/// <summary>The module's private load context: serves what <see cref="DependencyPolicy"/> assigns to it from the dependency folder.</summary>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    private readonly DependencyPolicy _policy;
    private readonly string _dependencyDirectory;

    /// <summary>Creates the context (not collectible: a loaded binary module is never unloaded).</summary>
    public ModuleLoadContext(string dependencyDirectory, DependencyPolicy policy)
        : base("AutoMLEval", isCollectible: false)
    {
        _dependencyDirectory = dependencyDirectory;
        _policy = policy;
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName) =>
        _policy.FileForModuleContext(assemblyName) is { } file ? LoadFromAssemblyPath(file) : null;

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        DependencyPolicy.NativeLibraryFile(_dependencyDirectory, unmanagedDllName, DependencyPolicy.CurrentRuntimeIdentifier()) is { } file ? LoadUnmanagedDllFromPath(file) : IntPtr.Zero;
}
