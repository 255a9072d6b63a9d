using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>What a predictions argument names: a file, a folder of shards or a wildcard pattern, in ordinal name order.</summary>
public sealed class ShardFilesTests
{
    [Fact]
    public void A_folder_gives_its_prediction_files_in_ordinal_order_and_leaves_other_files_out()
    {
        using var folder = new TempFolder();
        var b = folder.Write("shards/b.jsonl", "{}");
        var a = folder.Write("shards/A.csv", "path");
        var gz = folder.Write("shards/c.jsonl.gz", string.Empty);
        folder.Write("shards/notes.txt", "not predictions");
        folder.Write("shards/sub/d.jsonl", "{}");

        // Ordinal: upper case before lower case; subfolders are not read.
        Assert.Equal(new[] { a, b, gz }, ShardFiles.Expand(Path.Combine(folder.Root, "shards"), ShardFiles.PredictionExtensions));
    }

    [Fact]
    public void A_pattern_gives_the_matching_files_and_a_file_itself()
    {
        using var folder = new TempFolder();
        var second = folder.Write("predictions.results-00001-of-00002.jsonl", "{}");
        var first = folder.Write("predictions.results-00000-of-00002.jsonl", "{}");
        folder.Write("other.jsonl", "{}");

        Assert.Equal(new[] { first, second }, ShardFiles.Expand(Path.Combine(folder.Root, "predictions.results-*-of-0000?.jsonl"), ShardFiles.PredictionExtensions));
        Assert.Equal(new[] { first }, ShardFiles.Expand(first, ShardFiles.PredictionExtensions));
    }

    [Fact]
    public void A_pattern_or_folder_matching_nothing_and_a_pattern_in_a_folder_name_are_located_errors()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Root, "empty"));

        Assert.Equal("NoFiles", Assert.Throws<InputFormatException>(() => ShardFiles.Expand(Path.Combine(folder.Root, "*.jsonl"), ShardFiles.PredictionExtensions)).Issue.Code);
        Assert.Equal("NoFiles", Assert.Throws<InputFormatException>(() => ShardFiles.Expand(Path.Combine(folder.Root, "empty"), ShardFiles.PredictionExtensions)).Issue.Code);
        Assert.Equal("InvalidPattern", Assert.Throws<InputFormatException>(() => ShardFiles.Expand(Path.Combine(folder.Root, "s*", "x.jsonl"), ShardFiles.PredictionExtensions)).Issue.Code);
    }
    [Fact]
    public void The_ground_truth_matched_by_the_predictions_is_left_out_with_a_warning()
    {
        using var folder = new TempFolder();
        var groundTruth = folder.Write("gt.json", "{}");
        var first = folder.Write("dt-1.json", "[]");
        var second = folder.Write("dt-2.json", "[]");
        var pattern = Path.Combine(folder.Root, "*.json");
        var log = new IssueLog();

        // The ground truth given by another spelling of its path is still the ground truth.
        var relative = Path.Combine(folder.Root, ".", "gt.json");
        Assert.Equal(new[] { first, second }, ShardFiles.WithoutGroundTruth(ShardFiles.Expand(pattern, ShardFiles.PredictionExtensions), pattern, relative, log));
        var warning = Assert.Single(log.Issues);
        Assert.Equal(("GroundTruthAmongPredictions", IssueSeverity.Warning, pattern), (warning.Code, warning.Severity, warning.Source));

        // Files that are not the ground truth pass unchanged and unreported; the ground truth alone is an error.
        var other = new IssueLog();
        Assert.Equal(new[] { first, second }, ShardFiles.WithoutGroundTruth(new[] { first, second }, pattern, groundTruth, other));
        Assert.Empty(other.Issues);
        Assert.Equal("NoFiles", Assert.Throws<InputFormatException>(() => ShardFiles.WithoutGroundTruth(new[] { groundTruth }, groundTruth, groundTruth, other)).Issue.Code);
    }

    [Fact]
    public void The_path_of_a_merges_shards_reads_those_shards_and_no_others()
    {
        using var folder = new TempFolder();
        var shards = new[] { folder.Write("shards/p-00.jsonl", "{}"), folder.Write("shards/p-01.jsonl", "{}"), folder.Write("shards/p-02.jsonl", "{}") };
        var root = Path.Combine(folder.Root, "shards");

        // The folder holds the shards alone: it is their path, as Get-ModelEvaluation -PredictionPath reads it.
        Assert.Equal(root, ShardFiles.PathOf(shards, ShardFiles.PredictionExtensions));
        Assert.Equal(shards[1], ShardFiles.PathOf(new[] { shards[1] }, ShardFiles.PredictionExtensions));

        // Part files named *.json beside them would be read as predictions from the folder: the names' pattern instead.
        folder.Write("shards/p-00.partial.json", "AMLEPART");
        var pattern = ShardFiles.PathOf(shards, ShardFiles.PredictionExtensions);
        Assert.Equal(Path.Combine(root, "p-0*.jsonl"), pattern);
        Assert.Equal(shards, ShardFiles.Expand(pattern!, ShardFiles.PredictionExtensions));

        // Two of the three: the pattern would read the third too, and so would the folder.
        Assert.Null(ShardFiles.PathOf(new[] { shards[0], shards[2] }, ShardFiles.PredictionExtensions));
        // Shards of several folders, or of a folder that is not here to look in.
        Assert.Null(ShardFiles.PathOf(new[] { shards[0], folder.Write("other/p-03.jsonl", "{}") }, ShardFiles.PredictionExtensions));
        Assert.Null(ShardFiles.PathOf(new[] { Path.Combine(folder.Root, "gone", "a.jsonl"), Path.Combine(folder.Root, "gone", "b.jsonl") }, ShardFiles.PredictionExtensions));
    }

    [Fact]
    public void A_shards_pattern_escapes_its_literal_parts_for_the_reader_that_expands_it()
    {
        using var folder = new TempFolder();
        var shards = new[] { folder.Write("run [1]/p[a]-00.jsonl", "{}"), folder.Write("run [1]/p[a]-01.jsonl", "{}") };
        // A part file beside them, so that the folder would read more than the shards: their path is a pattern.
        folder.Write("run [1]/p[a]-00.partial.json", "AMLEPART");
        var root = Path.Combine(folder.Root, "run [1]");

        // The CLI's Expand takes [ ] literally: the pattern as the names give it reads the two shards.
        var plain = ShardFiles.PathOf(shards, ShardFiles.PredictionExtensions);
        Assert.Equal(Path.Combine(root, "p[a]-0*.jsonl"), plain);
        Assert.Equal(shards, ShardFiles.Expand(plain!, ShardFiles.PredictionExtensions));
        // PowerShell's wildcards read [1] as a class matching "1": its escape (a backtick, as WildcardPattern.Escape) goes
        // on the folder and the names' common start and end, never on the wildcard itself.
        static string Escape(string literal) => literal.Replace("[", "`[").Replace("]", "`]");
        Assert.Equal(Path.Combine(Escape(root), "p`[a`]-0*.jsonl"), ShardFiles.PathOf(shards, ShardFiles.PredictionExtensions, Escape));
    }
}
