using System.Reflection;
using System.Runtime.InteropServices;

namespace AutoMLEval.Inference.Native;

/// <summary>
/// Finds the native libraries this project ships (ONNX Runtime, libvips) in <c>runtimes/&lt;rid&gt;/native/</c>
/// beside the managed assemblies, wherever those assemblies were loaded from: the application folder, or a
/// <c>Dependencies/</c> subfolder of the PowerShell module. Without it .NET looks only in the application
/// folder and fails with <c>DllNotFoundException: onnxruntime</c>.
/// </summary>
/// <remarks>
/// <para>On .NET Core / .NET 5+ (PowerShell 7, the CLI) <see cref="Register"/> installs a
/// <c>NativeLibrary.SetDllImportResolver</c> callback on the ONNX Runtime assembly and on this one. It is reached
/// by reflection because this assembly targets netstandard2.0. The callback runs before an
/// AssemblyLoadContext's <c>LoadUnmanagedDll</c>, so it also works inside a module's private load context;
/// such a context can call <see cref="FindLibrary(string, IEnumerable{string})"/> itself as well.</para>
/// <para>On .NET Framework (Windows PowerShell 5.1) there is no resolver hook. <see cref="Register"/> instead
/// loads each library by full path with <c>LoadLibraryEx</c>; Windows then satisfies the later
/// <c>[DllImport("onnxruntime")]</c> with the module already in the process, matched by file name.</para>
/// </remarks>
public static class NativeLibraryResolver
{
    /// <summary>The name ONNX Runtime's C# API imports (<c>[DllImport("onnxruntime")]</c>).</summary>
    public const string OnnxRuntime = "onnxruntime";

    /// <summary>The name this project's libvips bindings import.</summary>
    public const string Libvips = "vips";

    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>The file names a library goes by on an operating system, most specific first.</summary>
    /// <param name="libraryName">The name used in <c>[DllImport]</c>.</param>
    /// <param name="platform">The operating system.</param>
    public static IReadOnlyList<string> FileNames(string libraryName, OSPlatform platform)
    {
        if (platform == OSPlatform.Windows)
        {
            return libraryName switch
            {
                Libvips => new[] { "libvips-42.dll" },
                _ => new[] { libraryName + ".dll" },
            };
        }
        if (platform == OSPlatform.OSX)
        {
            return libraryName switch
            {
                Libvips => new[] { "libvips-cpp.8.18.7.dylib", "libvips-cpp.42.dylib", "libvips.42.dylib" },
                _ => new[] { "lib" + libraryName + ".dylib" },
            };
        }
        return libraryName switch
        {
            Libvips => new[] { "libvips-cpp.so.8.18.7", "libvips-cpp.so.42", "libvips.so.42" },
            OnnxRuntime => new[] { "libonnxruntime.so", "libonnxruntime.so.1" },
            _ => new[] { "lib" + libraryName + ".so" },
        };
    }

    /// <summary>The runtime identifier of the native folder, for example <c>linux-x64</c> or <c>win-x64</c>.</summary>
    public static string RuntimeIdentifier(OSPlatform platform, Architecture architecture)
    {
        var os = platform == OSPlatform.Windows ? "win" : platform == OSPlatform.OSX ? "osx" : "linux";
        var arch = architecture switch
        {
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            Architecture.Arm64 => "arm64",
            _ => "x64",
        };
        return os + "-" + arch;
    }

    /// <summary>
    /// Every path where the library may be, in the order tried: for each directory,
    /// <c>runtimes/&lt;rid&gt;/native/&lt;file&gt;</c> first, then <c>&lt;file&gt;</c> in the directory itself.
    /// </summary>
    public static IEnumerable<string> CandidatePaths(string libraryName, IEnumerable<string> directories, OSPlatform platform, Architecture architecture)
    {
        var rid = RuntimeIdentifier(platform, architecture);
        var fileNames = FileNames(libraryName, platform);
        foreach (var directory in directories.Where(d => !string.IsNullOrEmpty(d)).Distinct(StringComparer.Ordinal))
        {
            foreach (var fileName in fileNames)
            {
                yield return Path.Combine(directory, "runtimes", rid, "native", fileName);
            }
            foreach (var fileName in fileNames)
            {
                yield return Path.Combine(directory, fileName);
            }
        }
    }

    /// <summary>The first existing candidate for the current operating system and process architecture, or null.</summary>
    public static string? FindLibrary(string libraryName, IEnumerable<string> directories) =>
        CandidatePaths(libraryName, directories, CurrentPlatform, RuntimeInformation.ProcessArchitecture).FirstOrDefault(File.Exists);

    /// <summary>
    /// The folders searched by default: the folder holding this assembly (a module's <c>Dependencies/</c>), the
    /// folder holding ONNX Runtime's managed assembly, and the application's base directory.
    /// </summary>
    public static IReadOnlyList<string> DefaultDirectories() => new[]
    {
        AssemblyDirectory(typeof(NativeLibraryResolver).Assembly),
        AssemblyDirectory(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly),
        AppContext.BaseDirectory,
    }.Where(d => !string.IsNullOrEmpty(d)).ToArray();

    /// <summary>
    /// Makes ONNX Runtime and libvips loadable from the default directories. Safe to call many times and from
    /// many threads; call it before the first use of either library (the inference classes do).
    /// </summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            _registered = true;
            var assemblies = new[] { typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly, typeof(NativeLibraryResolver).Assembly };
            if (!NetCoreNativeLibrary.TrySetResolvers(assemblies))
            {
                PreloadForNetFramework();
            }
        }
    }

    /// <summary>The operating system this process runs on (Linux for any other Unix).</summary>
    internal static OSPlatform CurrentPlatform =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OSPlatform.Windows
        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? OSPlatform.OSX
        : OSPlatform.Linux;

    private static string AssemblyDirectory(Assembly assembly)
    {
        // Location is empty for assemblies loaded from bytes (single-file apps); those fall back to the base directory.
        var location = assembly.Location;
        return string.IsNullOrEmpty(location) ? string.Empty : Path.GetDirectoryName(location) ?? string.Empty;
    }

    /// <summary>Called by the runtime for each [DllImport] of a registered assembly; zero means "use the default search".</summary>
    internal static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var path = FindLibrary(libraryName, DefaultDirectories());
        return path is not null && NetCoreNativeLibrary.TryLoad(path, out var handle) ? handle : IntPtr.Zero;
    }

    private static void PreloadForNetFramework()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
        foreach (var library in new[] { OnnxRuntime, Libvips })
        {
            var path = FindLibrary(library, DefaultDirectories());
            if (path is not null) WindowsLoader.LoadLibraryEx(path, IntPtr.Zero, WindowsLoader.LoadWithAlteredSearchPath);
        }
    }

    private static class WindowsLoader
    {
        public const uint LoadWithAlteredSearchPath = 0x00000008;

        [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true)]
        public static extern IntPtr LoadLibraryEx(string fileName, IntPtr reserved, uint flags);
    }

    /// <summary><c>System.Runtime.InteropServices.NativeLibrary</c>, present on .NET Core 3.0+ only, reached by reflection.</summary>
    private static class NetCoreNativeLibrary
    {
        private static readonly Type? NativeLibraryType = typeof(object).Assembly.GetType("System.Runtime.InteropServices.NativeLibrary");
        private static readonly Type? ResolverType = typeof(object).Assembly.GetType("System.Runtime.InteropServices.DllImportResolver");

        public static bool TrySetResolvers(IEnumerable<Assembly> assemblies)
        {
            var setResolver = NativeLibraryType?.GetMethod("SetDllImportResolver", new[] { typeof(Assembly), ResolverType! });
            if (setResolver is null || ResolverType is null) return false;
            var callback = Delegate.CreateDelegate(ResolverType, typeof(NativeLibraryResolver).GetMethod(nameof(Resolve), BindingFlags.Static | BindingFlags.NonPublic)!);
            foreach (var assembly in assemblies)
            {
                try
                {
                    setResolver.Invoke(null, new object[] { assembly, callback });
                }
                catch (TargetInvocationException e) when (e.InnerException is InvalidOperationException)
                {
                    // The assembly already has a resolver (the NuGet build of ONNX Runtime installs its own); keep it.
                }
            }
            return true;
        }

        public static bool TryLoad(string path, out IntPtr handle)
        {
            var tryLoad = NativeLibraryType!.GetMethod("TryLoad", new[] { typeof(string), typeof(IntPtr).MakeByRefType() })!;
            var arguments = new object?[] { path, IntPtr.Zero };
            var loaded = (bool)tryLoad.Invoke(null, arguments)!;
            handle = (IntPtr)arguments[1]!;
            return loaded;
        }
    }
}
