using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.PowerShell.Similarity;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>
/// What the Find-* cmdlets feed the embedding engine, run without PowerShell on the digits demo the module bundles
/// (dataset.csv with 540 test items among its splits, and one embedding per item in embeddings.*.jsonl).
/// </summary>
public sealed class SimilarityInputsTests : IClassFixture<BuiltModule>
{
    private readonly string _demo;

    public SimilarityInputsTests(BuiltModule module) => _demo = Path.Combine(module.Directory, "demo", "digits");

    [Fact]
    public void GroundTruthAndEmbeddingsOfTheDemoMatchItemForItem()
    {
        var log = new IssueLog();
        var inputs = SimilarityInputs.Read(Path.Combine(_demo, "dataset.csv"), Directory.GetFiles(_demo, "embeddings.*.jsonl"), log);
        var groundTruth = GroundTruthReader.Read(Path.Combine(_demo, "dataset.csv"), new IssueLog());
        Assert.Equal(groundTruth.Items.Count, inputs.Dataset.Items.Count);
        Assert.Equal(groundTruth.SplitCounts[MlUse.Test], inputs.Dataset.Items.Count(i => i.Split == MlUse.Test));
        Assert.Equal(540, inputs.Dataset.Items.Count(i => i.Split == MlUse.Test));
        // Every item has exactly one embedding: nothing is left out on either side.
        var outliers = Outliers.Find(inputs.Embeddings, inputs.Dataset, new OutlierOptions());
        Assert.Equal(0, outliers.Scored.WithoutEmbedding);
        Assert.Empty(outliers.ItemIdsWithoutGroundTruth);
        Assert.Equal(inputs.Dataset.Items.Count, outliers.Items.Count);
        // The figures the Pester tests expect (automl-eval outliers / label-issues give the same on the same files).
        Assert.Equal(36, outliers.Items.Count(i => i.IsOutlier));
        Assert.Equal("images/training/1264.png", outliers.Items[0].ItemId);
        Assert.Equal(6.495309415620198, outliers.Items[0].RobustZ!.Value, 9);
        var training = SimilarityInputs.Read(Path.Combine(_demo, "dataset.csv"), new[] { Path.Combine(_demo, "embeddings.training.jsonl") }, new IssueLog());
        var issue = LabelIssues.Find(training.Embeddings, training.Dataset, null, new LabelIssueOptions { Split = "training", ReferenceSplit = "training" }).Items[0];
        // The first of the 12 labels judged wrong by eye (docs/similar-images.md): labelled four, a 3 (all ten neighbours say three).
        Assert.Equal(("images/training/1506.png", "three"), (issue.ItemId, issue.SuggestedLabel));
        Assert.Equal(1.0, issue.Score, 3);
        Assert.Equal(Path.GetFullPath(_demo), Path.GetFullPath(inputs.BaseDirectory));
    }

    [Fact]
    public void ItemsWithoutASplitAreUnassigned()
    {
        var folder = Directory.CreateTempSubdirectory("automleval-similarity-");
        try
        {
            var file = Path.Combine(folder.FullName, "dataset.csv");
            File.WriteAllLines(file, new[] { "path,label", "a.png,cat", "b.png,dog" });
            // The CLI and the cmdlets both read the catalogue this way (the CLI had left such items in a split named "").
            var dataset = DatasetItems.From(GroundTruthReader.Read(file, new IssueLog()));
            Assert.All(dataset.Items, i => Assert.Equal(MlUse.Unassigned, i.Split));
            Assert.Equal(file, dataset.Source);
            Assert.Equal(new[] { "cat" }, dataset.Find("a.png")!.Labels);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void ConfidencesAreTheModelsScoresPerItemAndLabel()
    {
        var file = Path.Combine(_demo, "predictions.test.jsonl");
        var predictions = PredictionReader.Read(file, new IssueLog());
        var log = new IssueLog();
        var confidences = ItemConfidences.From(new[] { predictions, predictions }, log);
        // The same file twice keeps the first prediction of each item: one row per item, scores unchanged; the repeats
        // are warnings, the first ones listed and the rest counted.
        Assert.Equal(predictions.ItemIds.Count, confidences.Count);
        var repeats = log.Issues.Where(i => i.Code == "DuplicatePrediction").ToArray();
        Assert.Equal(CappedIssueSink.PerCode + 1, repeats.Length);
        Assert.EndsWith($"({predictions.ItemIds.Count} in all)", repeats[^1].Message, StringComparison.Ordinal);
        for (int row = 0; row < predictions.ItemIds.Count; row += 97)
        {
            for (int label = 0; label < predictions.Labels.Count; label++)
            {
                Assert.Equal(predictions.Score(row, label), confidences.Find(predictions.ItemIds[row])![predictions.Labels[label]]);
            }
        }
    }

    [Fact]
    public void AnItemRepeatedInAnotherCsvFileIsReportedAtItsPathColumnAsTheHeaderSpellsIt()
    {
        // The warning named instance.content, a JSON Lines field.
        using var folder = new TempFolder();
        var first = folder.Write("a.csv", "FileName,cat,dog\na.png,0.75,0.25\n");
        var second = folder.Write("b.csv", "FileName,cat,dog\nb.png,0.5,0.5\na.png,0.125,0.875\n");
        var log = new IssueLog();
        ItemConfidences.From(new[] { PredictionReader.Read(first, log), PredictionReader.Read(second, log) }, log);
        var repeat = Assert.Single(log.Issues);
        Assert.Equal(("DuplicatePrediction", second, 3L, "FileName"), (repeat.Code, repeat.Source, repeat.Line, repeat.Field));
    }

    [Fact]
    public void TinyNearDuplicateSetHasOnePairAcrossSplits()
    {
        // The data set of tests/pester/Embeddings.Tests.ps1: a [1,0] training cat, b [2,0] test dog (same direction:
        // cosine distance 0), c [0,1] (distance 1 from both), d [1,1] (distance 1 - cos 45° ≈ 0.29 from every other).
        var folder = Directory.CreateTempSubdirectory("automleval-duplicates-");
        try
        {
            var groundTruth = Path.Combine(folder.FullName, "dataset.csv");
            var embeddings = Path.Combine(folder.FullName, "embeddings.jsonl");
            File.WriteAllLines(groundTruth, new[] { "training,a.png,cat", "test,b.png,dog", "training,c.png,dog", "training,d.png,cat" });
            File.WriteAllLines(embeddings, new[]
            {
                """{"content":"a.png","embedding":[1,0]}""",
                """{"content":"b.png","embedding":[2,0]}""",
                """{"content":"c.png","embedding":[0,1]}""",
                """{"content":"d.png","embedding":[1,1]}""",
            });
            var inputs = SimilarityInputs.Read(groundTruth, new[] { embeddings }, new IssueLog());
            var pair = Assert.Single(NearDuplicates.Find(inputs.Embeddings, inputs.Dataset, new NearDuplicateOptions { Threshold = 0.01, Count = 3 }).Pairs);
            Assert.Equal(new[] { "a.png", "b.png" }, new[] { pair.ItemA, pair.ItemB }.OrderBy(i => i, StringComparer.Ordinal));
            Assert.Equal(0.0, pair.Distance, 12);
            Assert.True(pair.CrossSplit);
            Assert.False(pair.LabelsAgree);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void AQueryWithoutAnEmbeddingIsCountedNotSearched()
    {
        // What Find-SimilarImage turns into a warning: a test item searched with the training embeddings only.
        var inputs = SimilarityInputs.Read(Path.Combine(_demo, "dataset.csv"), new[] { Path.Combine(_demo, "embeddings.training.jsonl") }, new IssueLog());
        var result = SimilarImages.Find(inputs.Embeddings, inputs.Dataset, new SimilarImagesOptions { QueryItems = new[] { "images/test/0000.png" } });
        Assert.Empty(result.Queries);
        Assert.Equal(1, result.QueriesWithoutEmbedding);
    }

    [Theory]
    [InlineData("all", null)]
    [InlineData("ALL", null)]
    [InlineData("test", "test")]
    public void AllSplitsIsNull(string mlUse, string? split) => Assert.Equal(split, AutoMLEval.Engine.Formats.Classification.MlUse.SplitOrAll(mlUse));
}
