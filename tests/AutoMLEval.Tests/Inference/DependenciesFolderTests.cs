using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using AutoMLEval.Inference.Native;
using Xunit;

namespace AutoMLEval.Tests.Inference;

/// <summary>
/// The PowerShell module keeps the engine, the inference assemblies and their natives in a <c>Dependencies/</c>
/// subfolder loaded into a private AssemblyLoadContext. This builds such a folder from the test's own output and
/// checks that ONNX Runtime's native library is then loaded from it, not from the application folder.
/// </summary>
public sealed class DependenciesFolderTests : IDisposable
{
    private readonly string _module = Path.Combine(Path.GetTempPath(), "automl-eval-module-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_module, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            // Windows keeps loaded DLLs locked; the temp folder is left behind there.
        }
    }

    [Fact]
    public void Onnx_runtime_loads_from_the_dependencies_folder_of_a_private_load_context()
    {
        var dependencies = Path.Combine(_module, "Dependencies");
        var rid = NativeLibraryResolver.RuntimeIdentifier(NativeLibraryResolver.CurrentPlatform, RuntimeInformation.ProcessArchitecture);
        var native = Path.Combine(dependencies, "runtimes", rid, "native");
        Directory.CreateDirectory(native);
        foreach (var assembly in new[] { "AutoMLEval.Inference.dll", "AutoMLEval.Engine.dll", "Microsoft.ML.OnnxRuntime.dll" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, assembly), Path.Combine(dependencies, assembly));
        }
        var library = NativeLibraryResolver.FileNames(NativeLibraryResolver.OnnxRuntime, NativeLibraryResolver.CurrentPlatform)[0];
        File.Copy(Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", library), Path.Combine(native, library));

        var context = new DependenciesContext(dependencies);
        var inference = context.LoadFromAssemblyPath(Path.Combine(dependencies, "AutoMLEval.Inference.dll"));
        var classifier = inference.GetType("AutoMLEval.Inference.Model.ImageClassifier", throwOnError: true)!;
        var version = (string)classifier.GetProperty("OnnxRuntimeVersion")!.GetValue(null)!;

        Assert.Equal("1.29.0", version);
        Assert.NotSame(typeof(NativeLibraryResolver).Assembly, inference);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            // Which file the process mapped: the copy in Dependencies/, not the one in the test's own runtimes/.
            Assert.Contains(Path.Combine(native, library), File.ReadAllText("/proc/self/maps"), StringComparison.Ordinal);
        }
    }

    /// <summary>Resolves only what the folder holds; everything else (System.Memory, System.Text.Json) from the default context.</summary>
    private sealed class DependenciesContext(string folder) : AssemblyLoadContext("AutoMLEval.Dependencies")
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
