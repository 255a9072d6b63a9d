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
}
