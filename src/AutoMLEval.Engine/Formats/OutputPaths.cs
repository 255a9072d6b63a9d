using System.Runtime.InteropServices;
using System.Text;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// What an output path names: a file to replace (through a temporary file and a rename, <see cref="OutputFile"/>) or a
/// stream to write through (a device, a pipe, a socket, a process's descriptor such as <c>/dev/stdout</c>); and the
/// check, made before any work, that no output of a run is one of its inputs or another of its outputs.
/// </summary>
public static class OutputPaths
{
    /// <summary>Links followed at most, as the kernel's own limit (ELOOP).</summary>
    private const int MaxLinks = 40;

    private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    /// <summary>How paths are compared: case-sensitive where the usual file system is (Linux), not on Windows and macOS.</summary>
    private static readonly StringComparer PathComparer = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// Where the bytes for <paramref name="fullPath"/> go: the file at the end of its symbolic links (so that a link to a
    /// regular file stays a link), or, when <c>WriteThrough</c>, the path itself, opened as it is — a character device,
    /// FIFO or socket, or a path under <c>/dev</c> or <c>/proc</c> (<c>/dev/stdout</c> is a link to the process's
    /// descriptor <c>/proc/self/fd/1</c>), which a rename would replace by a regular file.
    /// </summary>
    public static (string Path, bool WriteThrough) Locate(string fullPath)
    {
        if (IsWindows) return (fullPath, false);
        var current = fullPath;
        for (var links = 0; links < MaxLinks; links++)
        {
            if (IsSystemStream(current)) return (fullPath, true);
            var next = LinkTarget(current);
            if (next is null) break;
            current = next;
        }
        return (current, IsSpecialFile(current));
    }

    /// <summary>
    /// Null when every output names a file of its own, apart from every input; else the message of a usage error naming
    /// both options and the path. Paths compare after their links are followed; outputs written through (a device or a
    /// pipe, <see cref="Locate"/>) are not files to lose and are left out (two outputs to /dev/null are fine).
    /// </summary>
    /// <param name="outputs">The option (as the user typed it: <c>--output</c>, <c>-Path</c>) and full path of each output file.</param>
    /// <param name="inputs">The option and full path of each input file of the run.</param>
    public static string? Conflict(IEnumerable<(string Option, string Path)> outputs, IEnumerable<(string Option, string Path)> inputs)
    {
        var inputFiles = inputs.Select(i => (i.Option, i.Path, File: Locate(i.Path).Path)).ToList();
        var earlierOutputs = new List<(string Option, string Path, string File)>();
        foreach (var (option, path) in outputs)
        {
            var (file, writeThrough) = Locate(path);
            if (writeThrough) continue;
            foreach (var input in inputFiles)
            {
                if (PathComparer.Equals(file, input.File)) return $"{option} and {input.Option} name the same file, {Shown(path, file)}: writing {option} would replace the input; write it elsewhere.";
            }
            foreach (var earlier in earlierOutputs)
            {
                if (PathComparer.Equals(file, earlier.File)) return $"{earlier.Option} and {option} name the same file, {Shown(path, file)}: each output needs a file of its own.";
            }
            earlierOutputs.Add((option, path, file));
        }
        return null;
    }

    /// <summary>The path as given, and the file it links to when it is a link.</summary>
    private static string Shown(string path, string file) => PathComparer.Equals(path, file) ? $"'{path}'" : $"'{path}' (a link to '{file}')";

    /// <summary>A path of the system's own streams and descriptors: /dev/null, /dev/stdout, /dev/fd/N, /proc/self/fd/N.</summary>
    private static bool IsSystemStream(string path) =>
        (path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/proc/", StringComparison.Ordinal)) && File.Exists(path);

    /// <summary>The full path a symbolic link points to; null when <paramref name="path"/> is no link (or cannot be read).</summary>
    private static string? LinkTarget(string path)
    {
        // The runtime's own readlink, as FileSystemInfo.LinkTarget uses it: one code for both builds (netstandard2.0 has no LinkTarget).
        var target = new byte[4096];
        int length;
        try
        {
            length = ReadLink(NativePath(path), target, target.Length);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        if (length <= 0 || length >= target.Length) return null;
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path) ?? "/", Encoding.UTF8.GetString(target, 0, length)));
    }

    /// <summary>Whether <paramref name="path"/> exists and is a character or block device, a FIFO or a socket (stat's file type).</summary>
    private static bool IsSpecialFile(string path)
    {
        const int typeMask = 0xF000, fifo = 0x1000, characterDevice = 0x2000, blockDevice = 0x6000, socket = 0xC000;
        // The runtime's own stat (System.Native, as FileSystemInfo uses it): .NET has no public API for a file's type.
        // Its status starts with two 32-bit fields, flags then mode; the buffer is larger than the whole structure.
        var status = new byte[512];
        try
        {
            if (Stat(NativePath(path), status) != 0) return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        var type = BitConverter.ToInt32(status, 4) & typeMask;
        return type is fifo or characterDevice or blockDevice or socket;
    }

    private static byte[] NativePath(string path) => Encoding.UTF8.GetBytes(path + "\0");

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_ReadLink")]
    private static extern int ReadLink(byte[] utf8Path, byte[] buffer, int bufferSize);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat(byte[] utf8Path, byte[] status);
}
