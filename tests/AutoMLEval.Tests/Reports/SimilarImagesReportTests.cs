using System.Globalization;
using System.Text.Json;
using AutoMLEval.Cli;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Reports;
using Xunit;

namespace AutoMLEval.Tests.Reports;

/// <summary>"Similar training images" beside the gallery items: the engine's nearest neighbours, embedded and shown on demand.</summary>
public class SimilarImagesReportTests
{
    private static readonly Lazy<EmbeddingSet> DemoEmbeddings = new(() => EmbeddingReader.ReadFiles(
        Directory.GetFiles(CliContext.DemoDirectory, "embeddings.*.jsonl").OrderBy(f => f, StringComparer.Ordinal), new IssueLog()));

    private static ReportOptions WithEmbeddings => new() { Embeddings = DemoEmbeddings.Value };

    private static SimilarImagesQuery Expected(string itemId) => SimilarImages.Find(
        DemoEmbeddings.Value, DatasetItems.From(ReportRuns.Demo.Inputs.GroundTruth),
        new SimilarImagesOptions { QueryItems = new[] { itemId }, Count = 4 }).Queries.Single();

    [Fact]
    public void Data_GivesEachGalleryItemItsFourNearestTrainingItems_AsTheEngineFindsThem()
    {
        using var document = JsonDocument.Parse(ReportRuns.DataJson(ReportRuns.Html(ReportRuns.Demo, WithEmbeddings)));
        var data = document.RootElement.GetProperty("classification");
        var references = data.GetProperty("similar").GetProperty("references").EnumerateArray().ToArray();
        var items = data.GetProperty("items").EnumerateArray().ToArray();
        // Every demo test image has an embedding (embeddings.test.jsonl), so none is without neighbours.
        Assert.Equal(0, data.GetProperty("similar").GetProperty("itemsWithout").GetInt32());
        Assert.All(items, item => Assert.Equal(4, item.GetProperty("similar").GetArrayLength()));
        foreach (var item in items.Take(25))
        {
            var expected = Expected(item.GetProperty("id").GetString()!);
            var shown = item.GetProperty("similar").EnumerateArray().Select(p => (Reference: references[p[0].GetInt32()], Distance: p[1].GetDouble())).ToArray();
            Assert.Equal(expected.Neighbors.Select(n => n.ItemId), shown.Select(s => s.Reference.GetProperty("id").GetString()));
            Assert.Equal(expected.Neighbors.Select(n => Math.Round(n.Distance, 3)), shown.Select(s => s.Distance));
            Assert.Equal(expected.Neighbors.Select(n => string.Join(",", n.Labels)), shown.Select(s => string.Join(",", s.Reference.GetProperty("labels").EnumerateArray().Select(l => l.GetString()))));
            Assert.All(shown, s => Assert.StartsWith("images/training/", s.Reference.GetProperty("id").GetString(), StringComparison.Ordinal));
        }
        // Each reference is listed once however many items it is near to.
        Assert.Equal(references.Length, references.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public void Data_WithoutEmbeddings_HasNoSimilarImages_AndItemsWithoutAVectorAreCounted()
    {
        using (var plain = JsonDocument.Parse(ReportRuns.DataJson(ReportRuns.Html(ReportRuns.Demo))))
        {
            Assert.False(plain.RootElement.GetProperty("classification").TryGetProperty("similar", out _));
        }
        // Only the training vectors: no gallery item (all test images) has one, so every one is counted as without.
        var training = DemoEmbeddings.Value.Where(id => id.StartsWith("images/training/", StringComparison.Ordinal));
        var issues = new IssueLog();
        using var document = JsonDocument.Parse(ReportRuns.DataJson(ReportRuns.Html(ReportRuns.Demo, new ReportOptions { Embeddings = training, Issues = issues })));
        var data = document.RootElement.GetProperty("classification");
        int items = data.GetProperty("items").GetArrayLength();
        Assert.Equal(items, data.GetProperty("similar").GetProperty("itemsWithout").GetInt32());
        Assert.Empty(data.GetProperty("similar").GetProperty("references").EnumerateArray());
        // Said to the writer's caller too, naming the first items: a card without neighbours is no silent gap.
        var warning = Assert.Single(issues.Issues, i => i.Code == "ItemsWithoutEmbedding");
        Assert.Equal(IssueSeverity.Warning, warning.Severity);
        // In the other embedding analyses' words (EmbeddingSet.LeftOut), the ReportOptions' default option in the advice.
        Assert.StartsWith($"Left out of the similar training images: {items} gallery items without an embedding (images/test/", warning.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            $" and {items - 3} more; give the embedding files of their split too, for example --embeddings embeddings.*.jsonl); their cards show none.",
            warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Browser_OpeningACardsSimilarImages_ShowsTheEngineNeighbours()
    {
        var run = ReportRuns.Demo;
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-similar-report-{Guid.NewGuid():N}.html");
        JsonElement seen;
        try
        {
            File.WriteAllText(path, ReportRuns.Html(run, WithEmbeddings));
            seen = ReportBrowser.Check(path, "--gallery-label", "3", "--gallery-outcome", "fp", "--open-similar", "true");
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Empty(seen.GetProperty("consoleErrors").EnumerateArray());
        Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
        Assert.Empty(seen.GetProperty("requests").EnumerateArray());
        var similar = seen.GetProperty("similar");
        Assert.True(similar.GetProperty("open").GetBoolean());
        var expected = Expected(similar.GetProperty("item").GetString()!);
        var neighbors = similar.GetProperty("neighbors").EnumerateArray().ToArray();
        Assert.Equal(expected.Neighbors.Select(n => n.ItemId), neighbors.Select(n => n.GetProperty("item").GetString()));
        Assert.Equal(expected.Neighbors.Select(n => string.Join(", ", n.Labels)), neighbors.Select(n => n.GetProperty("labels").GetString()));
        Assert.Equal(expected.Neighbors.Select(n => "distance " + n.Distance.ToString("0.000", CultureInfo.InvariantCulture)), neighbors.Select(n => n.GetProperty("distance").GetString()));
        // The demo's training images are small PNGs, embedded and visible once the card is opened.
        Assert.All(neighbors, n => Assert.True(n.GetProperty("image").GetBoolean() && n.GetProperty("visible").GetBoolean()));
    }
}
