using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using AutoMLEval.PowerShell.Isolation;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>
/// In PowerShell 7 the module's inference assemblies load into its own load context from Core/Dependencies/, and
/// ONNX Runtime's and NetVips' natives must then come from Core/Dependencies/runtimes/&lt;rid&gt;/native/: not from
/// the application folder (PowerShell's has none) and not from another copy already in the process.
/// </summary>
public sealed class ModuleNativeLibrariesTests
{
    [Fact]
    public void OnnxRuntimeAndLibvipsLoadFromTheBuiltModuleInsideItsLoadContext()
    {
        using var module = new BuiltModule();
        var dependencies = module.CoreDependencies;
        // As in PowerShell, whose trusted assemblies are the framework's and its own: this test host's also list its
        // bin folder (ONNX Runtime, NetVips), which PowerShell's never do.
        var frameworkOnly = DependencyPolicy.RunningTrustedPlatformAssemblies().Where(p => !p.StartsWith(AppContext.BaseDirectory, StringComparison.Ordinal));
        var context = new ModuleLoadContext(dependencies, DependencyPolicy.FromDirectory(dependencies, frameworkOnly));

        var inference = context.LoadFromAssemblyName(new AssemblyName("AutoMLEval.Inference"));
        var onnxRuntime = (string)inference.GetType("AutoMLEval.Inference.Model.ImageClassifier", throwOnError: true)!.GetProperty("OnnxRuntimeVersion")!.GetValue(null)!;
        var libvips = (string)inference.GetType("AutoMLEval.Inference.Imaging.ImageDecoder", throwOnError: true)!.GetProperty("LibvipsVersion")!.GetValue(null)!;

        // The versions of the packages (Directory.Packages.props): Microsoft.ML.OnnxRuntime 1.31.1, NetVips.Native 8.18.7.
        Assert.Equal("1.31.1", onnxRuntime);
        Assert.Equal("8.18.7", libvips);
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(inference));
        foreach (var name in new[] { "Microsoft.ML.OnnxRuntime", "NetVips" })
        {
            var loaded = context.Assemblies.Single(a => a.GetName().Name == name);
            Assert.Equal(Path.Combine(dependencies, name + ".dll"), loaded.Location);
        }
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            // Which files the process mapped: the module's copies (the test's own runtimes/ folder holds others).
            var maps = File.ReadAllText("/proc/self/maps");
            var natives = Path.Combine(dependencies, "runtimes", DependencyPolicy.CurrentRuntimeIdentifier(), "native");
            Assert.Contains(Path.Combine(natives, "libonnxruntime.so"), maps, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(natives, "libvips.so.42"), maps, StringComparison.Ordinal);
        }
    }
}
