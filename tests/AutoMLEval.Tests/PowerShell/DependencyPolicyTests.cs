using System.Reflection;
using System.Runtime.Loader;
using AutoMLEval.PowerShell.Isolation;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>Which assemblies the module's load context serves (PowerShell 7), decided without PowerShell.</summary>
public sealed class DependencyPolicyTests
{
    private static readonly Dictionary<string, string> Shipped = new()
    {
        ["AutoMLEval.Engine"] = "/m/Dependencies/AutoMLEval.Engine.dll",
        ["System.Text.Json"] = "/m/Dependencies/System.Text.Json.dll",
        ["System.Memory"] = "/m/Dependencies/System.Memory.dll",
    };

    // As on PowerShell 7.4 (.NET 8): System.Text.Json 8.0 and System.Memory 8.0 in the framework.
    private static readonly DependencyPolicy Policy = new(Shipped, new Dictionary<string, Version>
    {
        ["System.Text.Json"] = new(8, 0, 0, 0),
        ["System.Memory"] = new(8, 0, 0, 0),
    });

    [Theory]
    [InlineData("AutoMLEval.Engine", true)]
    [InlineData("autmleval.engine", false)]
    [InlineData("AutoMLEval.Detection", false)]
    [InlineData("System.Text.Json", false)]
    [InlineData("Newtonsoft.Json", false)]
    public void DefaultContextHandsOverOnlyTheModulesOwnShippedAssemblies(string name, bool handedOver) =>
        Assert.Equal(handedOver, Policy.IsModuleEntryAssembly(new AssemblyName(name)));

    [Theory]
    // Not provided by the framework: loaded from the dependency folder.
    [InlineData("AutoMLEval.Engine, Version=0.1.0.0", "/m/Dependencies/AutoMLEval.Engine.dll")]
    // The framework's 8.0 is older than the 9.0 the engine was built against: the module's own copy, isolated.
    [InlineData("System.Text.Json, Version=9.0.0.0", "/m/Dependencies/System.Text.Json.dll")]
    // The framework's copy is new enough: shared, so that types such as Span<T> stay one type.
    [InlineData("System.Memory, Version=4.0.1.2", null)]
    [InlineData("System.Text.Json, Version=8.0.0.0", null)]
    [InlineData("System.Text.Json", null)]
    // Not shipped: the default context's business.
    [InlineData("System.Runtime, Version=8.0.0.0", null)]
    [InlineData("netstandard, Version=2.0.0.0", null)]
    public void ModuleContextLoadsShippedAssembliesTheFrameworkCannotServe(string name, string? expectedFile) =>
        Assert.Equal(expectedFile, Policy.FileForModuleContext(new AssemblyName(name)));

    [Fact]
    public void FromDirectoryReadsTheFolderAndOnlyTheMatchingFrameworkAssemblies()
    {
        var folder = Directory.CreateTempSubdirectory("automleval-deps-").FullName;
        try
        {
            // A file named like a framework assembly (the test runtime's System.Memory, version 10.0) and one the framework lacks.
            var frameworkMemory = typeof(Span<>).Assembly.Location.Replace("System.Private.CoreLib.dll", "System.Memory.dll", StringComparison.Ordinal);
            File.Copy(frameworkMemory, Path.Combine(folder, "System.Memory.dll"));
            File.Copy(typeof(DependencyPolicy).Assembly.Location, Path.Combine(folder, "AutoMLEval.Sample.dll"));
            var policy = DependencyPolicy.FromDirectory(folder, new[] { frameworkMemory, "/nowhere/Other.dll" });

            Assert.Null(policy.FileForModuleContext(new AssemblyName("System.Memory, Version=4.0.1.2")));
            Assert.Equal(Path.Combine(folder, "System.Memory.dll"), policy.FileForModuleContext(new AssemblyName("System.Memory, Version=99.0.0.0")));
            Assert.True(policy.IsModuleEntryAssembly(new AssemblyName("AutoMLEval.Sample")));
            Assert.Equal(Path.Combine(folder, "AutoMLEval.Sample.dll"), policy.FileForModuleContext(new AssemblyName("AutoMLEval.Sample")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheBuiltModulesEngineLoadsIntoTheModuleContextAndSharesTheFrameworksJson()
    {
        using var module = new BuiltModule();
        var dependencies = module.CoreDependencies;
        var policy = DependencyPolicy.FromDirectory(dependencies, DependencyPolicy.RunningTrustedPlatformAssemblies());
        var context = new ModuleLoadContext(dependencies, policy);

        var engine = context.LoadFromAssemblyName(new AssemblyName("AutoMLEval.Engine"));

        Assert.Same(context, AssemblyLoadContext.GetLoadContext(engine));
        Assert.Equal(Path.Combine(dependencies, "AutoMLEval.Engine.dll"), engine.Location);
        // Running a JSON-reading path resolves System.Text.Json through the module context: this runtime's (10.0) is new enough to share.
        var json = context.LoadFromAssemblyName(new AssemblyName("System.Text.Json, Version=9.0.0.0"));
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(json));

        // And the isolated engine works: it reads the bundled demo (JSON lines) with the dependencies its context resolves.
        var options = Activator.CreateInstance(engine.GetType("AutoMLEval.Engine.Formats.Classification.ClassificationInputOptions", throwOnError: true)!);
        var log = Activator.CreateInstance(engine.GetType("AutoMLEval.Engine.Diagnostics.IssueLog", throwOnError: true)!, new object?[] { null });
        var demo = Path.Combine(module.Directory, "demo", "digits");
        // Load(groundTruthPath, predictionPath, ...): the overload that takes the predictions as one path.
        var load = engine.GetType("AutoMLEval.Engine.Formats.Classification.ClassificationInputs", throwOnError: true)!.GetMethods()
            .Single(m => m.Name == "Load" && m.GetParameters().Length == 6 && m.GetParameters()[1].ParameterType == typeof(string));
        // The last two: no progress, no cancellation (reflection fills in no optional parameter).
        var loaded = load.Invoke(null, new[] { Path.Combine(demo, "dataset.csv"), Path.Combine(demo, "predictions.test.jsonl"), options, log, null, CancellationToken.None })!;
        var data = loaded.GetType().GetProperty("Data")!.GetValue(loaded)!;
        // 540: the test split of the digits demo (shared/reference/digits/expected.test.json "items").
        Assert.Equal(540, data.GetType().GetProperty("ItemCount")!.GetValue(data));
    }

    [Fact]
    public void NativeLibrariesAreFoundUnderThePlatformsNames()
    {
        var folder = Directory.CreateTempSubdirectory("automleval-native-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "libonnxruntime.so"), string.Empty);
            Assert.Equal(Path.Combine(folder, "libonnxruntime.so"), DependencyPolicy.NativeLibraryFile(folder, "onnxruntime"));
            Assert.Null(DependencyPolicy.NativeLibraryFile(folder, "vips"));
            // NetVips asks for libvips by its full file name (libvips.so.42, libvips.42.dylib, libvips-42.dll).
            File.WriteAllText(Path.Combine(folder, "libvips.so.42"), string.Empty);
            Assert.Equal(Path.Combine(folder, "libvips.so.42"), DependencyPolicy.NativeLibraryFile(folder, "libvips.so.42"));
            // The platform's own folder comes first; another platform's folder is never looked at.
            var linux = Directory.CreateDirectory(Path.Combine(folder, "runtimes", "linux-x64", "native")).FullName;
            var windows = Directory.CreateDirectory(Path.Combine(folder, "runtimes", "win-x64", "native")).FullName;
            File.WriteAllText(Path.Combine(linux, "libonnxruntime.so"), string.Empty);
            File.WriteAllText(Path.Combine(windows, "onnxruntime.dll"), string.Empty);
            Assert.Equal(Path.Combine(linux, "libonnxruntime.so"), DependencyPolicy.NativeLibraryFile(folder, "onnxruntime", "linux-x64"));
            Assert.Equal(Path.Combine(windows, "onnxruntime.dll"), DependencyPolicy.NativeLibraryFile(folder, "onnxruntime", "win-x64"));
            Assert.Equal(Path.Combine(folder, "libonnxruntime.so"), DependencyPolicy.NativeLibraryFile(folder, "onnxruntime", "osx-arm64"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
