using System.Runtime.InteropServices;
using AutoMLEval.Inference.Native;
using Xunit;

namespace AutoMLEval.Tests.Inference;

public sealed class NativeLibraryResolverTests : IDisposable
{
    private static readonly string[] ModuleThenApp = { "/m/Dependencies", "/app" };

    private readonly string _root = Path.Combine(Path.GetTempPath(), "automl-eval-resolver-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("Windows", NativeLibraryResolver.OnnxRuntime, "onnxruntime.dll")]
    [InlineData("Linux", NativeLibraryResolver.OnnxRuntime, "libonnxruntime.so")]
    [InlineData("OSX", NativeLibraryResolver.OnnxRuntime, "libonnxruntime.dylib")]
    [InlineData("Windows", NativeLibraryResolver.Libvips, "libvips-42.dll")]
    [InlineData("Linux", NativeLibraryResolver.Libvips, "libvips-cpp.so.8.18.7")]
    [InlineData("Linux", "sqlite3", "libsqlite3.so")]
    public void The_first_file_name_is_the_one_the_packages_ship(string os, string library, string expected)
    {
        Assert.Equal(expected, NativeLibraryResolver.FileNames(library, OSPlatform.Create(os.ToUpperInvariant()))[0]);
    }

    [Theory]
    [InlineData("Windows", Architecture.X64, "win-x64")]
    [InlineData("Windows", Architecture.Arm64, "win-arm64")]
    [InlineData("Linux", Architecture.X64, "linux-x64")]
    [InlineData("OSX", Architecture.Arm64, "osx-arm64")]
    public void Runtime_identifiers_follow_the_dotnet_naming(string os, Architecture architecture, string expected)
    {
        Assert.Equal(expected, NativeLibraryResolver.RuntimeIdentifier(OSPlatform.Create(os.ToUpperInvariant()), architecture));
    }

    [Fact]
    public void Candidates_try_the_rid_folder_before_the_folder_itself_and_directories_in_order()
    {
        var candidates = NativeLibraryResolver.CandidatePaths(NativeLibraryResolver.OnnxRuntime, ModuleThenApp, OSPlatform.Linux, Architecture.X64).ToArray();

        Assert.Equal(new[]
        {
            Path.Combine("/m/Dependencies", "runtimes", "linux-x64", "native", "libonnxruntime.so"),
            Path.Combine("/m/Dependencies", "runtimes", "linux-x64", "native", "libonnxruntime.so.1"),
            Path.Combine("/m/Dependencies", "libonnxruntime.so"),
            Path.Combine("/m/Dependencies", "libonnxruntime.so.1"),
            Path.Combine("/app", "runtimes", "linux-x64", "native", "libonnxruntime.so"),
            Path.Combine("/app", "runtimes", "linux-x64", "native", "libonnxruntime.so.1"),
            Path.Combine("/app", "libonnxruntime.so"),
            Path.Combine("/app", "libonnxruntime.so.1"),
        }, candidates);
    }

    [Fact]
    public void A_module_dependencies_folder_is_searched_and_the_rid_folder_wins()
    {
        var rid = NativeLibraryResolver.RuntimeIdentifier(NativeLibraryResolver.CurrentPlatform, RuntimeInformation.ProcessArchitecture);
        var fileName = NativeLibraryResolver.FileNames(NativeLibraryResolver.OnnxRuntime, NativeLibraryResolver.CurrentPlatform)[0];
        var dependencies = Path.Combine(_root, "AutoMLEval", "Dependencies");
        var inRidFolder = Path.Combine(dependencies, "runtimes", rid, "native", fileName);
        var flat = Path.Combine(dependencies, fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(inRidFolder)!);

        Assert.Null(NativeLibraryResolver.FindLibrary(NativeLibraryResolver.OnnxRuntime, new[] { dependencies }));

        File.WriteAllText(flat, string.Empty);
        Assert.Equal(flat, NativeLibraryResolver.FindLibrary(NativeLibraryResolver.OnnxRuntime, new[] { dependencies }));

        File.WriteAllText(inRidFolder, string.Empty);
        Assert.Equal(inRidFolder, NativeLibraryResolver.FindLibrary(NativeLibraryResolver.OnnxRuntime, new[] { Path.Combine(_root, "elsewhere"), dependencies }));
    }

    [Theory]
    [InlineData("linux-x64", "libonnxruntime.so")]
    [InlineData("linux-x64", "libvips-cpp.so.8.18.7")]
    [InlineData("win-x64", "onnxruntime.dll")]
    [InlineData("win-x64", "libvips-42.dll")]
    public void The_build_ships_the_natives_for_linux_and_windows(string rid, string fileName)
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", fileName)));
    }

    [Fact]
    public void The_default_directories_find_both_libraries_for_this_machine()
    {
        NativeLibraryResolver.Register();
        Assert.NotNull(NativeLibraryResolver.FindLibrary(NativeLibraryResolver.OnnxRuntime, NativeLibraryResolver.DefaultDirectories()));
        Assert.NotNull(NativeLibraryResolver.FindLibrary(NativeLibraryResolver.Libvips, NativeLibraryResolver.DefaultDirectories()));
        Assert.Equal("1.29.0", AutoMLEval.Inference.Model.ImageClassifier.OnnxRuntimeVersion);
        Assert.Equal("8.18.7", AutoMLEval.Inference.Imaging.ImageDecoder.LibvipsVersion);
    }
}
