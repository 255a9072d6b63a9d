using System.Text.Json;
using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Embeddings;

public class SimilarityCliTests
{
    private static readonly string Digits = Path.Combine(AppContext.BaseDirectory, "Fixtures", "embeddings");

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.Run(args, new CliContext(output, error, Digits));
        return (exit, output.ToString(), error.ToString());
    }

    // Standard error with the notes' line breaks and continuation indents undone (CliContext.WriteNote wraps them).
    private static string Unwrapped(string error) => string.Join(" ", error.ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim()));

    [Fact]
    public void LabelIssues_JsonContract_OnDigits_PutsTheWrongLabelsAtTheTop()
    {
        var (exit, output, error) = Run("label-issues", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--ml-use", "training", "--format", "json");
        Assert.True(exit == 0, error);
        var items = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
        Assert.Equal(1131, items.Length);
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToArray();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(items, i => Assert.True(i.TryGetProperty("content", out _) && i.TryGetProperty("label", out _) && i.TryGetProperty("suggestedLabel", out _)));
        var top24 = items.Take(24).Select(i => Path.GetFileNameWithoutExtension(i.GetProperty("content").GetString()!)).ToArray();
        Assert.All(LabelIssueBaselineTests.LabelsJudgedWrongByEye, id => Assert.Contains(id, top24));
        // 1526 is labelled three and shows a 4: all ten neighbours are fours.
        var item1526 = items.Single(i => i.GetProperty("content").GetString() == "images/training/1526.png");
        Assert.Equal(("three", "four", 10), (item1526.GetProperty("label").GetString(), item1526.GetProperty("suggestedLabel").GetString(), item1526.GetProperty("neighborLabels").GetProperty("four").GetInt32()));
    }

    [Fact]
    public void LabelIssues_WithoutPredictions_SaysTheScoreIsFromTheEmbeddingsAlone()
    {
        // Before: "0 items without a prediction; ...; score = 1 - ((1 - a) * evidence + a * confidence), a = 0", while
        // every item was without one.
        var (exit, _, error) = Run("label-issues", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--ml-use", "training", "--top", "1");
        Assert.True(exit == 0, error);
        var note = Unwrapped(error);
        Assert.Contains("; 0 embeddings without ground truth; no predictions given (--predictions), so the score is from the embeddings alone; records rejected: 0 ground-truth, 0 embedding (each reported as an error); score = 1 - evidence, evidence = ", note, StringComparison.Ordinal);
        Assert.DoesNotContain("without a prediction", note, StringComparison.Ordinal);
        Assert.DoesNotContain("confidence", note, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelIssues_WithPredictions_ReportsTheModelConfidence()
    {
        var (exit, output, error) = Run("label-issues", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--predictions", "predictions.training.jsonl", "--ml-use", "training", "--format", "json", "--top", "3");
        Assert.True(exit == 0, error);
        var items = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
        Assert.Equal(3, items.Length);
        Assert.All(items, i => Assert.InRange(i.GetProperty("modelConfidence").GetDouble(), 0, 0.01));
        // The note is wrapped at 80 columns: a line break may fall between any two words.
        Assert.Contains("0 items without a prediction", Unwrapped(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("similar")]
    [InlineData("label-issues")]
    [InlineData("outliers")]
    [InlineData("duplicates")]
    public void EveryVerb_RunsOnTheDemoWithNoInputs(string verb)
    {
        var (exit, output, error) = Run(verb, "--format", "csv", "--top", "5");
        Assert.True(exit == 0, error);
        Assert.StartsWith("note:", error, StringComparison.Ordinal);
        // A CSV header naming the item column; digits has no near-duplicates at the default threshold, so duplicates prints only that.
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("content", lines[0], StringComparison.Ordinal);
        // similar prints 6 neighbour rows for each of the 5 queries.
        Assert.Equal(verb switch { "duplicates" => 1, "similar" => 31, _ => 6 }, lines.Length);
    }

    [Theory]
    [InlineData("similar")]
    [InlineData("label-issues")]
    [InlineData("outliers")]
    [InlineData("duplicates")]
    public void EveryVerb_WrapsItsNoteAtTheWidthOfStandardError(string verb)
    {
        // Before: one line of 150-350 characters. Redirected, standard error is 80 columns wide.
        var (exit, _, error) = Run(verb, "--top", "1");
        Assert.True(exit == 0, error);
        var lines = error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.True(lines.Length > 1, error);
        Assert.All(lines, line => Assert.InRange(line.Length, 1, CliContext.RedirectedWidth));
        // Cut at spaces only: joined again, the note reads as before.
        Assert.Contains(" embeddings without ground truth", Unwrapped(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("similar")]
    [InlineData("label-issues")]
    [InlineData("outliers")]
    [InlineData("duplicates")]
    public void EveryVerb_CountsTheRejectedRecordsInItsNote_AndExits3(string verb)
    {
        // Before: each rejected record was an error line, but the note did not count them (docs/cli.md, exit code 3).
        using var folder = new TempFolder();
        var groundTruth = folder.Write("dataset.csv", File.ReadAllText(Path.Combine(Digits, "dataset.csv")) + "tset,images/test/9999.png,one\n");
        var embeddings = folder.Write("embeddings.jsonl", File.ReadAllText(Path.Combine(Digits, "embeddings.training.jsonl")) + "not json\n{\"content\": \"x.png\"}\n");
        var (exit, _, error) = Run(verb, "--ground-truth", groundTruth, "--embeddings", embeddings, "--ml-use", "training", "--top", "1");
        Assert.Equal(ExitCodes.RecordsRejected, exit);
        Assert.Contains("records rejected: 1 ground-truth, 2 embedding (each reported as an error)", Unwrapped(error), StringComparison.Ordinal);
    }

    [Fact]
    public void LabelIssues_CountsTheRejectedPredictionRecords()
    {
        using var folder = new TempFolder();
        var predictions = folder.Write("predictions.jsonl", File.ReadAllText(Path.Combine(Digits, "predictions.training.jsonl")) + "{\"instance\": {}}\n");
        var (exit, _, error) = Run("label-issues", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--predictions", predictions, "--ml-use", "training", "--top", "1");
        Assert.Equal(ExitCodes.RecordsRejected, exit);
        Assert.Contains("records rejected: 0 ground-truth, 0 embedding, 1 prediction (each reported as an error)", Unwrapped(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Outliers_OnDigits_ScoreEveryItemAgainstTraining()
    {
        var (exit, output, error) = Run("outliers", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--embeddings", "embeddings.test.jsonl", "--embeddings", "embeddings.validation.jsonl", "--format", "json");
        Assert.True(exit == 0, error);
        var items = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
        Assert.Equal(1797, items.Length);
        var z = items.Select(i => i.GetProperty("robustZ").GetDouble()).ToArray();
        Assert.Equal(z.OrderByDescending(v => v), z);
        Assert.Equal(items.Count(i => i.GetProperty("isOutlier").GetBoolean()), z.Count(v => v > 3.5));
    }

    [Fact]
    public void Similar_AnItemThatIsNotAmongTheItems_IsAnErrorNamingIt_WithNearNames()
    {
        // Before: a mistyped --item printed an empty table and exited 0.
        var (exit, output, error) = Run("similar", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--embeddings", "embeddings.test.jsonl", "--item", "images/test/0223.pgn");
        Assert.Equal(ExitCodes.UnusableInput, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("'images/test/0223.pgn' is neither in the ground truth nor in the embeddings", error, StringComparison.Ordinal);
        // The nearest first (two edits), then others within a fifth of the path's length.
        Assert.Contains("Near names: images/test/0223.png, ", error, StringComparison.Ordinal);

        // A file name without its folder finds the paths that end with it.
        (exit, _, error) = Run("similar", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--embeddings", "embeddings.test.jsonl", "--item", "0223.png");
        Assert.Equal(ExitCodes.UnusableInput, exit);
        Assert.Contains("Near name: images/test/0223.png.", error, StringComparison.Ordinal);

        // An item of the ground truth whose split's embeddings were not given says so.
        (exit, _, error) = Run("similar", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--item", "images/test/0223.png");
        Assert.Equal(ExitCodes.UnusableInput, exit);
        Assert.Contains("'images/test/0223.png' (test) has no embedding in embeddings.training.jsonl", error, StringComparison.Ordinal);

        // --item and --ml-use choose the queries two ways: one of them, not one silently.
        Assert.Equal(ExitCodes.Usage, Run("similar", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.test.jsonl", "--item", "images/test/0223.png", "--ml-use", "training").Exit);

        var found = Run("similar", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--embeddings", "embeddings.test.jsonl", "--item", "images/test/0223.png", "--format", "csv");
        Assert.True(found.Exit == 0, found.Error);
        Assert.Equal(7, found.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Similar_AnItemWhoseRecordWasRejected_SaysSo()
    {
        // Before: "'images/test/0223.png' (test) has no embedding in …; give the embedding file of its split too", though
        // the file held it: its vector had one value too many.
        using var folder = new TempFolder();
        var lines = File.ReadAllLines(Path.Combine(Digits, "embeddings.test.jsonl"));
        int line = Array.FindIndex(lines, l => l.Contains("\"images/test/0223.png\"", StringComparison.Ordinal));
        lines[line] = lines[line].Replace("]", ", 0.5]", StringComparison.Ordinal);
        var testEmbeddings = folder.Write("embeddings.test.jsonl", string.Join("\n", lines) + "\n");
        var (exit, _, error) = Run("similar", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--embeddings", testEmbeddings, "--item", "images/test/0223.png");
        Assert.Equal(ExitCodes.UnusableInput, exit);
        Assert.Contains(
            $"'images/test/0223.png' (test) has no embedding: its record was rejected, {testEmbeddings}:{line + 1} DimensionMismatch: Item 'images/test/0223.png' has 33 values; the embeddings have 32",
            Unwrapped(error),
            StringComparison.Ordinal);
        Assert.DoesNotContain("give the embedding file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Outliers_OfDuplicatedTrainingData_WarnThatRobustZIsUndefined()
    {
        // Ten training pairs of identical vectors and k = 1: under cosine every test item had z ~ 4e15, under Euclidean the
        // scale was silently 1; the note printed "/ 0". Now both say z is undefined, and flag what lies beyond the copies.
        using var folder = new TempFolder();
        var groundTruth = folder.Write("gt.csv", string.Concat(Enumerable.Range(0, 10).Select(i => $"training,t{i}a.png,x\ntraining,t{i}b.png,x\n")) + "test,copy.png,x\ntest,apart.png,x\n");
        var embeddings = folder.Write("e.csv", string.Concat(Enumerable.Range(0, 10).Select(i => $"t{i}a.png,{i + 1},1,0.5\nt{i}b.png,{i + 1},1,0.5\n")) + "copy.png,2,1,0.5\napart.png,-1,-3,2\n");
        foreach (var distance in new[] { "cosine", "euclidean" })
        {
            var (exit, output, error) = Run("outliers", "--ground-truth", groundTruth, "--embeddings", embeddings, "--count", "1", "--ml-use", "test", "--distance", distance, "--format", "csv");
            Assert.True(exit == ExitCodes.Success, error);
            Assert.Contains("warning UndefinedRobustZ: The 20 reference items are all at distance 0 from their 1 nearest neighbour (each has identical copies among them)", error, StringComparison.Ordinal);
            Assert.Contains("note: 1 of 2 items has a mean distance above 0, the value of every one of the 20 training items (robust z undefined: they have no spread);", Unwrapped(error), StringComparison.Ordinal);
            var rows = output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("content,split,label,meanDistance,percentile,robustZ,isOutlier", rows[0]);
            Assert.StartsWith("apart.png,test,x,", rows[1], StringComparison.Ordinal);
            Assert.EndsWith(",1,,yes", rows[1], StringComparison.Ordinal);
            Assert.Equal("copy.png,test,x,0,0.5,,no", rows[2]);
        }
    }

    [Fact]
    public void Similar_NamesTheQueriesOfTheSplitThatHaveNoEmbedding()
    {
        // Before: "5 queries and 0 reference items without an embedding", with no word of which (Find-SimilarImage's warning
        // named them for -ItemId only).
        using var folder = new TempFolder();
        var testEmbeddings = folder.Write("embeddings.test.jsonl", string.Join("\n", File.ReadAllLines(Path.Combine(Digits, "embeddings.test.jsonl")).Skip(5)) + "\n");
        var (exit, _, error) = Run("similar", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--embeddings", testEmbeddings, "--top", "1");
        Assert.True(exit == ExitCodes.Success, error);
        // The five test items whose lines were left out, in the ground truth's order: the first three named, then the count.
        Assert.Contains("note: 535 queries against 1131 training items; 5 queries without an embedding (images/test/1193.png, images/test/0223.png, images/test/0537.png and 2 more; give the embedding files of their split too, for example --embeddings embeddings.*.jsonl); 0 reference items without an embedding;", Unwrapped(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Similar_CountsOneQueryInTheSingular()
    {
        // Before: "note: 1 queries against 1131 training items".
        var (exit, _, error) = Run("similar", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--embeddings", "embeddings.test.jsonl", "--item", "images/test/1193.png", "--top", "1");
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("note: 1 query against 1131 training items; 0 queries without an embedding; 0 reference items without an embedding; 0 embeddings without ground truth;", Unwrapped(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("label-issues", "; 1 item without an embedding (images/training/1283.png; give the embedding files of their split too, for example --embeddings embeddings.*.jsonl); 0 embeddings without ground truth; no predictions given (--predictions), so the score is from the embeddings alone;")]
    [InlineData("outliers", "; 1 item without an embedding (images/training/1283.png; give the embedding files of their split too, for example --embeddings embeddings.*.jsonl); 0 embeddings without ground truth;")]
    [InlineData("duplicates", "; 1 item without an embedding (images/training/1283.png; give the embedding files of their split too, for example --embeddings embeddings.*.jsonl); 0 embeddings without ground truth;")]
    public void EveryAnalysis_CountsOneItemWithoutAnEmbeddingInTheSingular(string verb, string expected)
    {
        // Before: "1 items without an embedding". The training embeddings without their first line (1283.png).
        using var folder = new TempFolder();
        var trainingEmbeddings = folder.Write("embeddings.training.jsonl", string.Join("\n", File.ReadAllLines(Path.Combine(Digits, "embeddings.training.jsonl")).Skip(1)) + "\n");
        var (exit, _, error) = Run(verb, "--ground-truth", "dataset.csv", "--embeddings", trainingEmbeddings, "--ml-use", "training", "--top", "1");
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains(expected, Unwrapped(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("label-issues")]
    [InlineData("outliers")]
    [InlineData("duplicates")]
    public void EveryAnalysis_NamesTheItemsThatHaveNoEmbedding(string verb)
    {
        // Before: "5 items without an embedding", with no word of which (similar named its queries already).
        using var folder = new TempFolder();
        var trainingEmbeddings = folder.Write("embeddings.training.jsonl", string.Join("\n", File.ReadAllLines(Path.Combine(Digits, "embeddings.training.jsonl")).Skip(5)) + "\n");
        var (exit, _, error) = Run(verb, "--ground-truth", "dataset.csv", "--embeddings", trainingEmbeddings, "--ml-use", "training", "--top", "1");
        Assert.True(exit == ExitCodes.Success, error);
        // The five training items whose lines were left out, in the ground truth's order: the first three named, then the count.
        Assert.Contains("; 5 items without an embedding (images/training/1283.png, images/training/1411.png, images/training/0812.png and 2 more; give the embedding files of their split too, for example --embeddings embeddings.*.jsonl);", Unwrapped(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Similar_SeveralItemsNotFound_TheFirstExplained_TheOthersNamedAsEveryNoteNamesThem()
    {
        // Before: "(4 more --item not found either: b.png, c.png, d.png, …)", a list format of its own.
        var (exit, output, error) = Run("similar", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl",
            "--item", "a.png", "--item", "b.png", "--item", "c.png", "--item", "d.png", "--item", "e.png");
        Assert.Equal((ExitCodes.UnusableInput, string.Empty), (exit, output));
        Assert.Contains("'a.png' is neither in the ground truth nor in the embeddings", Unwrapped(error), StringComparison.Ordinal);
        Assert.Contains(" 4 more --item not found either (b.png, c.png, d.png and 1 more).", Unwrapped(error), StringComparison.Ordinal);
    }

    [Fact]
    public void LabelIssues_ModelWeightWithoutPredictions_IsAUsageError()
    {
        // Before: the weight was taken and dropped (the score was 1 - neighbour evidence, the note said a = 0).
        var (exit, output, error) = Run("label-issues", "--ground-truth", "dataset.csv", "--embeddings", "embeddings.training.jsonl", "--model-weight", "0.7");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("--model-weight weighs the model's confidence: it goes with --predictions FILE.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingEmbeddingsOption_IsAUsageError()
    {
        var (exit, _, error) = Run("label-issues", "--ground-truth", "dataset.csv");
        Assert.Equal(2, exit);
        Assert.Contains("--embeddings", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Items_without_a_split_are_the_unassigned_split_and_an_empty_split_is_an_error()
    {
        // The cmdlets' reading, which the CLI had not shared: it left such items in a split named "", which no
        // --ml-use selects, and printed empty tables with exit 0.
        var groundTruth = Path.Combine(Path.GetTempPath(), $"automleval-nosplit-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(groundTruth, File.ReadLines(Path.Combine(Digits, "dataset.csv")).Where(l => l.StartsWith("training,", StringComparison.Ordinal)).Take(40).Select(l => l.Substring("training,".Length)));
        try
        {
            var (exit, output, error) = Run("outliers", "--ground-truth", groundTruth, "--embeddings", "embeddings.training.jsonl", "--ml-use", "unassigned", "--reference-split", "unassigned", "--format", "json");
            Assert.True(exit == 0, error);
            var items = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
            Assert.Equal(40, items.Length);
            Assert.All(items, i => Assert.Equal("unassigned", i.GetProperty("split").GetString()));
            Assert.All(items, i => Assert.True(double.IsFinite(i.GetProperty("robustZ").GetDouble())));

            (exit, output, error) = Run("outliers", "--ground-truth", groundTruth, "--embeddings", "embeddings.training.jsonl", "--ml-use", "test");
            Assert.Equal((1, string.Empty), (exit, output));
            Assert.Contains($"error EmptySplit: {groundTruth}: field 'ML_USE': split 'test' has no items (found: unassigned 40)", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(groundTruth);
        }
    }

    [Fact]
    public void Outliers_WarnWhenTheReferencesAreFewerThanTheCountAskedFor()
    {
        // Three training items and a test copy of one, --count 10: every item gets k = 2 (numpy gives the same values:
        // SimilarityAnalysesTests), and the warning says so; before, the copy averaged over 3 and the items over 2, silently.
        using var folder = new TempFolder();
        var groundTruth = folder.Write("gt.csv", "training,a.png,cat\ntraining,b.png,cat\ntraining,c.png,dog\ntest,q.png,cat\n");
        var embeddings = folder.Write("e.csv", "a.png,1,0,0\nb.png,2,0,0\nc.png,0,1,0\nq.png,1,0,0\n");

        var (exit, output, error) = Run("outliers", "--ground-truth", groundTruth, "--embeddings", embeddings, "--count", "10", "--format", "csv");

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("warning FewerNeighbors: k = 2 nearest neighbours for every item, not the 10 asked for (--count): there are 3 reference items and an item is not its own neighbour.", error, StringComparison.Ordinal);
        Assert.Contains("q.png,test,cat,0,0,", output, StringComparison.Ordinal);
        Assert.Contains("a.png,training,cat,0.5,0.3333333333333333,0,no", output, StringComparison.Ordinal);
        // The k asked for is available: no warning.
        Assert.DoesNotContain("FewerNeighbors", Run("outliers", "--ground-truth", groundTruth, "--embeddings", embeddings, "--count", "2").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicates_WarnWhenTheItemsAreFewerThanTheCountAskedFor_AndCountTheLimitWithTheKUsed()
    {
        // Three items 0.1 apart (euclidean, threshold 0.5), --count 10: each examines its 2 others, finds all 3 pairs, and
        // none can have more. Before: no warning, and "had all 10 examined neighbours" of the 2 each had.
        using var folder = new TempFolder();
        var groundTruth = folder.Write("gt.csv", "training,a.png,x\ntraining,b.png,x\ntest,c.png,x\n");
        var embeddings = folder.Write("e.csv", "a.png,0,0\nb.png,0.1,0\nc.png,0.2,0\n");

        var (exit, output, error) = Run("duplicates", "--ground-truth", groundTruth, "--embeddings", embeddings, "--count", "10", "--threshold", "0.5", "--distance", "euclidean", "--format", "csv");

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Equal(4, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("warning FewerNeighbors: k = 2 nearest neighbours for every item, not the 10 asked for (--count): there are 3 reference items and an item is not its own neighbour.", error, StringComparison.Ordinal);
        Assert.Contains("; 0 items had all 2 examined neighbours within the threshold (raise --count to find all their pairs);", Unwrapped(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Similar_SaysOfItemsWhoseRecordWasRejectedThatItWas_NotThatTheyHaveNoEmbedding()
    {
        // Before: "1 query and 1 reference item without an embedding (z.png)", though both records were in the file,
        // rejected: the note sent the user looking for a missing file.
        using var folder = new TempFolder();
        var groundTruth = folder.Write("gt.csv", "training,a.png,cat\ntraining,b.png,dog\ntraining,z.png,cat\ntraining,d.png,dog\ntest,q1.png,cat\ntest,q2.png,dog\n");
        var embeddings = folder.Write("e.jsonl", "{\"content\":\"a.png\",\"embedding\":[1,0]}\n{\"content\":\"b.png\",\"embedding\":[0,1]}\n{\"content\":\"z.png\",\"embedding\":[0,0]}\n{\"content\":\"q1.png\",\"embedding\":[1,1]}\n{\"content\":\"q2.png\",\"embedding\":[1,1,1]}\n");

        var (exit, _, error) = Run("similar", "--ground-truth", groundTruth, "--embeddings", embeddings, "--count", "1");

        Assert.Equal(ExitCodes.RecordsRejected, exit);
        Assert.Contains($"; 1 query whose embedding record was rejected (q2.png: {embeddings}:5 DimensionMismatch); 1 reference item without an embedding (d.png; give the embedding files of their split too, for example --embeddings embeddings.*.jsonl) and 1 whose embedding record was rejected (z.png: {embeddings}:3 ZeroEmbedding);", Unwrapped(error), StringComparison.Ordinal);
    }
}
