using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using AutoMLEval.Engine.Formats;
using Xunit;

namespace AutoMLEval.Tests.Diagnostics;

/// <summary>An output file appears under its name only when complete; a failed or stopped write leaves what was there.</summary>
public class OutputFileTests
{
    [Fact]
    public void Committed_content_replaces_the_file_and_nothing_else_is_left_in_the_folder()
    {
        using var folder = new TempFolder();
        var path = folder.Write("report.html", "old");
        using (var file = OutputFile.Create(path))
        {
            file.Stream.Write(new byte[] { (byte)'n', (byte)'e', (byte)'w' }, 0, 3);
            Assert.Equal("old", File.ReadAllText(path));
            file.Commit();
        }
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Root));
    }

    [Fact]
    public void A_folder_is_refused_before_anything_is_written_saying_it_is_a_folder()
    {
        using var folder = new TempFolder();
        var e = Assert.Throws<IOException>(() => OutputFile.Create(folder.Root));
        Assert.Equal($"'{Path.GetFullPath(folder.Root)}' is a folder; name the file to write (a file in it, or beside it).", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Root));
    }

    [Fact]
    public void An_uncommitted_file_is_deleted_and_the_previous_one_kept()
    {
        using var folder = new TempFolder();
        var path = folder.Write("predictions.jsonl", "previous run");
        var fresh = Path.Combine(folder.Root, "sub", "new.jsonl");
        using (var file = OutputFile.Create(path))
        using (var other = OutputFile.Create(fresh))
        {
            file.Stream.WriteByte((byte)'x');
            other.Stream.WriteByte((byte)'y');
        }
        Assert.Equal("previous run", File.ReadAllText(path));
        Assert.False(File.Exists(fresh));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_fifo_is_written_through_and_stays_a_fifo()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
        using var folder = new TempFolder();
        var fifo = Path.Combine(folder.Root, "out.fifo");
        using (var mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        var read = Task.Run(() => File.ReadAllText(fifo));
        // Before: the content went to a temporary file renamed over the FIFO, which became a regular file.
        using (var file = OutputFile.Create(fifo))
        {
            Assert.True(file.WritesThrough);
            file.Stream.Write("through"u8);
            file.Commit();
        }
        Assert.Equal("through", await read);
        Assert.Equal(new[] { fifo }, Directory.GetFileSystemEntries(folder.Root));
        Assert.True(OutputPaths.Locate(fifo).WriteThrough);
    }

    [Fact]
    public void A_link_to_a_process_descriptor_writes_the_descriptor_and_stays_a_link()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
        using var folder = new TempFolder();
        // As /dev/stdout links to /proc/self/fd/1: here a link in the folder to this process's end of a pipe.
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        var link = Path.Combine(folder.Root, "stdout");
        File.CreateSymbolicLink(link, $"/proc/self/fd/{pipe.ClientSafePipeHandle.DangerousGetHandle()}");
        using (var file = OutputFile.Create(link))
        {
            Assert.True(file.WritesThrough);
            file.Stream.Write("piped"u8);
            file.Commit();
        }
        var received = new byte[5];
        pipe.ReadExactly(received);
        Assert.Equal("piped", System.Text.Encoding.ASCII.GetString(received));
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(new[] { link }, Directory.GetFileSystemEntries(folder.Root));
    }

    [Fact]
    public void A_link_to_a_regular_file_writes_the_file_and_keeps_the_link()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
        using var folder = new TempFolder();
        var target = folder.Write("real.html", "old");
        var link = Path.Combine(folder.Root, "latest.html");
        File.CreateSymbolicLink(link, "real.html");
        using (var file = OutputFile.Create(link))
        {
            Assert.False(file.WritesThrough);
            file.Stream.Write("new"u8);
            file.Commit();
        }
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal("real.html", new FileInfo(link).LinkTarget);
        Assert.Equal(new[] { link, target }, Directory.GetFileSystemEntries(folder.Root).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_device_is_written_through()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
        using var file = OutputFile.Create("/dev/null");
        Assert.True(file.WritesThrough);
        file.Stream.Write("nothing"u8);
        file.Commit();
        Assert.True(File.Exists("/dev/null"));
    }

    [Fact]
    public void A_file_that_cannot_be_created_is_named_as_given_not_by_its_temporary_name()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
        // /proc takes no new files, not even from root (as CI runs): the system refuses the temporary file.
        var e = Assert.Throws<IOException>(() => OutputFile.Create("/proc/automleval-report.html"));
        Assert.StartsWith("'/proc/automleval-report.html' cannot be written: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", e.Message, StringComparison.Ordinal);
    }
}
