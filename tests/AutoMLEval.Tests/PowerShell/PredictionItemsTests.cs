using AutoMLEval.PowerShell;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Inference.Model;
using AutoMLEval.PowerShell.Inference;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>What Invoke-ModelPrediction feeds the classifier and writes, run without PowerShell.</summary>
public sealed class PredictionItemsTests : IClassFixture<BuiltModule>
{
    private readonly string _demo;

    public PredictionItemsTests(BuiltModule module) => _demo = Path.Combine(module.Directory, "demo", "digits");

    [Fact]
    public void GroundTruthItemsKeepTheirIdentifierAndPointAtTheImageFile()
    {
        var items = PredictionItems.FromGroundTruth(Path.Combine(_demo, "dataset.csv"), "test", new IssueLog());
        // 540: the test split of the digits demo (shared/reference/digits/expected.test.json "items").
        Assert.Equal(540, items.Count);
        Assert.All(items, i => Assert.StartsWith("images/test/", i.Content, StringComparison.Ordinal));
        Assert.All(items, i => Assert.True(File.Exists(i.File), i.File));
        Assert.Equal(Path.GetFullPath(Path.Combine(_demo, items[0].Content)), items[0].File);
        Assert.True(PredictionItems.FromGroundTruth(Path.Combine(_demo, "dataset.csv"), null, new IssueLog()).Count > 540);
    }

    [Fact]
    public void AnEvaluationOfModelPredictionsNamesTheModelAsItsPredictions()
    {
        // Get-ModelEvaluation -Model evaluates a temporary predictions file and names the model instead.
        var request = new AutoMLEval.Tasks.EvaluationRequest(Path.Combine(_demo, "dataset.csv"), Path.Combine(_demo, "predictions.test.jsonl"), "test", 0.5, null, false, 0, PredictionDisplayPath: Path.Combine(_demo, "model.onnx"));
        var evaluation = (ModelEvaluation)AutoMLEval.Tasks.EvaluationTasks.Find("Classification").Evaluate(request, new EngineCalls(new IssueLog(), null, default));
        Assert.Equal(Path.Combine(_demo, "model.onnx"), evaluation.PredictionPath);
        Assert.Equal(540, evaluation.Items);
    }

    [Fact]
    public void PredictionRanksLabelsAndKeepsTheEmbedding()
    {
        // Scores in label order cat 0.2, dog 0.7, eel 0.1: ranked dog, cat, eel.
        var prediction = new ImagePrediction(new ImageItem("a.png", "/data/a.png"), new[] { "cat", "dog", "eel" }, new[] { 0.2f, 0.7f, 0.1f }, new[] { 1f, 2f });
        var output = PredictionItems.ToModelPrediction(prediction, "/models/m.onnx");
        Assert.Equal("/data/a.png", output.Path);
        Assert.Equal("a.png", output.ItemId);
        Assert.Equal("dog", output.Label);
        Assert.Equal(0.7f, (float)output.Confidence!.Value);
        Assert.Equal(new[] { "dog", "cat", "eel" }, output.Labels);
        Assert.Equal("dog;cat;eel", output.RankedLabels);
        Assert.Equal(2, output.EmbeddingLength);
        Assert.Same(prediction, output.Source.Prediction);
        Assert.Equal("/models/m.onnx", output.Source.ModelPath);
    }

    [Fact]
    public void ExportedFilesHoldOneLinePerPrediction()
    {
        var folder = Directory.CreateTempSubdirectory("automleval-export-");
        try
        {
            var predictions = Path.Combine(folder.FullName, "predictions.jsonl");
            var embeddings = Path.Combine(folder.FullName, "embeddings.jsonl");
            var prediction = new ImagePrediction(new ImageItem("a.png", "/data/a.png"), new[] { "cat", "dog" }, new[] { 0.25f, 0.75f }, new[] { 0.5f });
            using (var files = PredictionFiles.Create(predictions, embeddings))
            {
                files.Predictions.WritePrediction(prediction);
                files.Embeddings!.WriteEmbedding(prediction);
                files.Commit();
            }
            Assert.Equal("""{"instance":{"content":"a.png","mimeType":"image/png"},"prediction":{"ids":[1,0],"displayNames":["dog","cat"],"confidences":[0.75,0.25]}}""", File.ReadAllLines(predictions).Single());
            Assert.Equal("""{"content":"a.png","embedding":[0.5]}""", File.ReadAllLines(embeddings).Single());

            // An export stopped before the end (disposed without Commit) leaves the finished files as they were, and no other.
            using (var stopped = PredictionFiles.Create(predictions, Path.Combine(folder.FullName, "other.jsonl")))
            {
                stopped.Predictions.WritePrediction(prediction);
                stopped.Predictions.WritePrediction(prediction);
            }
            Assert.Single(File.ReadAllLines(predictions));
            Assert.Equal(new[] { embeddings, predictions }, Directory.GetFiles(folder.FullName).OrderBy(f => f, StringComparer.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
