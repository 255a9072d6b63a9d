using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Slices;
using Xunit;

namespace AutoMLEval.Tests.Slices;

/// <summary>Reading metadata files: an item given a key twice with different values.</summary>
public sealed class ItemMetadataTests
{
    [Fact]
    public void A_conflicting_value_in_a_wide_csv_keeps_the_later_one_and_names_its_line_and_column()
    {
        // Line 4 repeats a.png with the same camera (no conflict) and a new site; line 5 gives b.png another camera.
        var (metadata, issues, path) = Read("meta.csv", "path,camera,site\na.png,north,x\nb.png,north,x\na.png,north,y\nb.png,south,x\n");

        Assert.Equal("south", metadata.ValueOf("b.png", "camera"));
        Assert.Equal("y", metadata.ValueOf("a.png", "site"));
        Assert.Equal(2, metadata.ConflictingValues);
        Assert.Equal(
            new[]
            {
                (4L, "site", "'a.png' has site 'x' on line 2; here 'y': the later value, 'y', is kept"),
                (5L, "camera", "'b.png' has camera 'north' on line 3; here 'south': the later value, 'south', is kept"),
            },
            issues.Select(i => (i.Line, i.Field, i.Message)));
        Assert.All(issues, i => Assert.Equal(("ConflictingMetadata", IssueSeverity.Warning, path), (i.Code, i.Severity, i.Source)));
    }

    [Fact]
    public void The_long_form_lists_an_item_once_a_key_and_reports_only_a_key_given_again_otherwise()
    {
        var (metadata, issues, _) = Read("meta.csv", "path,key,value\na.png,camera,north\na.png,site,x\na.png,camera,north\na.png,camera,south\n");

        Assert.Equal(("south", "x"), (metadata.ValueOf("a.png", "camera"), metadata.ValueOf("a.png", "site")));
        var issue = Assert.Single(issues);
        Assert.Equal((5L, "value", "'a.png' has camera 'north' on line 4; here 'south': the later value, 'south', is kept"), (issue.Line, issue.Field, issue.Message));
    }

    [Fact]
    public void A_json_lines_file_names_the_resource_label()
    {
        var (metadata, issues, _) = Read("meta.jsonl",
            "{\"imageGcsUri\":\"a.png\",\"dataItemResourceLabels\":{\"camera\":\"north\"}}\n"
            + "{\"imageGcsUri\":\"a.png\",\"dataItemResourceLabels\":{\"camera\":\"south\"}}\n");

        Assert.Equal("south", metadata.ValueOf("a.png", "camera"));
        var issue = Assert.Single(issues);
        Assert.Equal((2L, "dataItemResourceLabels.camera", "'a.png' has camera 'north' on line 1; here 'south': the later value, 'south', is kept"), (issue.Line, issue.Field, issue.Message));
    }

    [Fact]
    public void The_keys_to_slice_by_are_the_metadata_files_else_a_ground_truth_that_holds_some()
    {
        using var folder = new TempFolder();
        var metadata = folder.Write("meta.csv", "path,site,camera\na.png,north,c1\n");
        var jsonLines = folder.Write("gt.jsonl", "{\"imageGcsUri\":\"a.png\",\"classificationAnnotation\":{\"displayName\":\"cat\"},\"dataItemResourceLabels\":{\"aiplatform.googleapis.com/ml_use\":\"test\",\"lighting\":\"low\"}}\n");
        var headerless = folder.Write("gt.csv", "test,a.png,cat\n");

        // The metadata file's columns, sorted, whatever the ground truth; else the ground truth's keys but the split.
        Assert.Equal(new[] { "camera", "site" }, MetadataSlices.KeysOf(metadata, jsonLines));
        Assert.Equal(new[] { "lighting" }, MetadataSlices.KeysOf(null, jsonLines));
        // A CSV ground truth without a header (ML_USE,path,label rows) holds none; nor does nothing.
        Assert.Empty(MetadataSlices.KeysOf(null, headerless));
        Assert.Empty(MetadataSlices.KeysOf(null, null));
    }

    [Fact]
    public void Completion_reads_a_csvs_header_and_the_start_of_a_json_lines_file_only()
    {
        using var folder = new TempFolder();
        // Rows that are not CSV records of the header's width, and would be skipped by slicing: the header still names the keys.
        var wide = folder.Write("meta.csv", "path,site,camera\n\"a.png,north\nb.png\n");
        // The long form names its keys in its rows: camera on line 2, site only past the first 1,000 lines.
        var longForm = folder.Write("long.csv", "path,key,value\na.png,camera,north\n" + string.Concat(Enumerable.Repeat("a.png,camera,north\n", ItemMetadata.KeyProbeLines)) + "a.png,site,x\n");
        // lighting on line 1; line 2 is not JSON; weather comes on line 1,001, past what completion reads.
        var jsonLines = folder.Write("gt.jsonl",
            "{\"imageGcsUri\":\"a.png\",\"dataItemResourceLabels\":{\"aiplatform.googleapis.com/ml_use\":\"test\",\"lighting\":\"low\"}}\n{not json\n"
            + string.Concat(Enumerable.Repeat("{}\n", ItemMetadata.KeyProbeLines - 2))
            + "{\"imageGcsUri\":\"b.png\",\"dataItemResourceLabels\":{\"weather\":\"rain\"}}\n");
        // Past 1 MiB: a first record of 1.5 MB is cut by the limit and left out, so the file names no key at its start.
        var longLine = folder.Write("big.jsonl",
            "{\"imageGcsUri\":\"a.png\",\"pad\":\"" + new string('x', ItemMetadata.KeyProbeBytes * 3 / 2) + "\",\"dataItemResourceLabels\":{\"lighting\":\"low\"}}\n");

        Assert.Equal(new[] { "camera", "site" }, ItemMetadata.KeysAtStartOf(wide, new IssueLog()));
        Assert.Equal(new[] { "camera" }, ItemMetadata.KeysAtStartOf(longForm, new IssueLog()));
        var log = new IssueLog();
        Assert.Equal(new[] { "lighting" }, ItemMetadata.KeysAtStartOf(jsonLines, log));
        Assert.Equal(new[] { ("InvalidJson", 2L) }, log.Issues.Select(i => (i.Code, i.Line)));
        Assert.Empty(ItemMetadata.KeysAtStartOf(longLine, new IssueLog()));
        // Slicing reads the whole file.
        Assert.Equal(new[] { "lighting", "weather" }, ItemMetadata.Read(jsonLines, new IssueLog()).Keys);
        Assert.Equal(new[] { "lighting" }, MetadataSlices.KeysOf(null, jsonLines));
    }

    /// <summary>Writes <paramref name="text"/> to a file named <paramref name="name"/> and reads it as metadata (CSV or JSON Lines, by the name).</summary>
    private static (ItemMetadata Metadata, IReadOnlyList<DataIssue> Issues, string Path) Read(string name, string text)
    {
        using var folder = new TempFolder();
        var path = folder.Write(name, text);
        var log = new IssueLog();
        return (ItemMetadata.Read(path, log), log.Issues, path);
    }
}
