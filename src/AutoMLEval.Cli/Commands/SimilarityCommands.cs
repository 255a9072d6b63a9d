using AutoMLEval.Engine.Formats;
using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Embeddings;

namespace AutoMLEval.Cli.Commands;

/// <summary>The inputs every similarity verb reads: ground truth, embeddings, search options, output form.</summary>
internal sealed record SimilarityInputs(DatasetItems Dataset, EmbeddingSet Embeddings, IReadOnlyList<string> PredictionFiles, int Count, DistanceMetric Metric, OutputFormat Format, int Top);

/// <summary>
/// The verbs over embeddings (<c>similar</c>, <c>label-issues</c>, <c>outliers</c>, <c>duplicates</c>): they share
/// the input options and, with no input files, run on the bundled demo.
/// </summary>
internal abstract class SimilarityCommand : ICliCommand
{
    public abstract string Name { get; }

    public abstract string Summary { get; }

    public string Usage =>
        "  --ground-truth FILE        Vertex CSV [ML_USE,]PATH,LABEL (default: the bundled demo)" + Environment.NewLine
        + "  --embeddings FILE          JSONL {\"content\",\"embedding\"} or CSV path,e0,e1,...; repeatable" + Environment.NewLine
        + $"  --count K                  neighbours per item (default {DefaultCount})" + Environment.NewLine
        + "  --distance cosine|euclidean (default cosine)" + Environment.NewLine
        + "  --top N                    print only the first N rows" + Environment.NewLine
        + "  --format table|json|csv    (default table)" + Environment.NewLine
        + VerbUsage;

    protected abstract int DefaultCount { get; }

    protected abstract string VerbUsage { get; }

    protected virtual bool ReadsPredictions => false;

    public int Run(CliArguments arguments, CliContext context)
    {
        var groundTruth = arguments.Value("ground-truth");
        var embeddingFiles = arguments.Values("embeddings").Select(context.Resolve).ToList();
        var predictionFiles = ReadsPredictions ? arguments.Values("predictions").Select(context.Resolve).ToList() : new List<string>();
        var count = arguments.Integer("count", DefaultCount, 1, 100_000);
        var metric = arguments.Choice("distance", "cosine", "cosine", "euclidean") == "euclidean" ? DistanceMetric.Euclidean : DistanceMetric.Cosine;
        var top = arguments.Integer("top", int.MaxValue, 1);
        var format = TabularOutput.ReadFormat(arguments);
        if (groundTruth is null && embeddingFiles.Count == 0)
        {
            groundTruth = Path.Combine(CliContext.DemoDirectory, "dataset.csv");
            embeddingFiles = Directory.GetFiles(CliContext.DemoDirectory, "embeddings.*.jsonl").OrderBy(f => f, StringComparer.Ordinal).ToList();
        }
        else if (groundTruth is null || embeddingFiles.Count == 0)
        {
            throw new CliUsageException("Give both --ground-truth and --embeddings (or neither, for the demo).");
        }
        Prepare(arguments);
        arguments.RejectUnknown();
        var dataset = DatasetItems.From(GroundTruthReader.Read(context.Resolve(groundTruth), context, context.Progress, context.Cancellation));
        var embeddings = EmbeddingReader.ReadFiles(embeddingFiles, context, context.Progress, context.Cancellation);
        return Run(new SimilarityInputs(dataset, embeddings, predictionFiles, count, metric, format, top), context);
    }

    /// <summary>Reads the verb's own options (before unknown options are rejected).</summary>
    protected abstract void Prepare(CliArguments arguments);

    protected abstract int Run(SimilarityInputs inputs, CliContext context);

    /// <summary>A split option: a split name, or <c>all</c> for every split (null).</summary>
    protected static string? ReadSplit(CliArguments arguments, string name, string? defaultSplit)
    {
        var value = arguments.Value(name) ?? defaultSplit ?? "all";
        return string.Equals(value, "all", StringComparison.OrdinalIgnoreCase) ? null : value;
    }

    protected static string Labels(IReadOnlyList<string> labels) => string.Join(";", labels);

    protected static void WriteLabels(Utf8JsonWriter writer, string name, IReadOnlyList<string> labels)
    {
        writer.WriteString(name, Labels(labels));
        writer.WriteStartArray(name + "s");
        foreach (var label in labels) writer.WriteStringValue(label);
        writer.WriteEndArray();
    }

    protected static string SplitName(string? split) => split is null ? "items of every split" : split + " items";

    /// <summary>
    /// Writes the first <c>--top</c> results: as a JSON array of objects (each filled by <paramref name="writeObject"/>,
    /// nested evidence included), or as CSV / table rows (one or more per result).
    /// </summary>
    protected static int Write<T>(SimilarityInputs inputs, CliContext context, IEnumerable<T> results, IReadOnlyList<string> headers, Func<T, IEnumerable<object?[]>> rows, Action<Utf8JsonWriter, T> writeObject)
    {
        var shown = results.Take(inputs.Top).ToArray();
        if (inputs.Format == OutputFormat.Json)
        {
            TabularOutput.WriteJson(context.Output, writer =>
            {
                writer.WriteStartArray();
                foreach (var result in shown)
                {
                    writer.WriteStartObject();
                    writeObject(writer, result);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            });
        }
        else
        {
            var lines = shown.SelectMany(rows).Select(r => (IReadOnlyList<object?>)r);
            if (inputs.Format == OutputFormat.Csv) TabularOutput.WriteCsv(context.Output, headers, lines);
            else TabularOutput.WriteTable(context.Output, headers, lines);
        }
        return 0;
    }

    protected static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}

internal sealed class SimilarCommand : SimilarityCommand
{
    private static readonly string[] Headers = { "content", "label", "rank", "neighbor", "neighborLabel", "distance", "agrees" };

    private SimilarImagesOptions _options = new();

    public override string Name => "similar";

    public override string Summary => "Review similar images: each query's nearest training items, their distances and labels.";

    protected override int DefaultCount => 6;

    protected override string VerbUsage =>
        "  --ml-use SPLIT|all         the queries' split (default test)" + Environment.NewLine
        + "  --item PATH                a query item (repeatable; overrides --ml-use)" + Environment.NewLine
        + "  --reference-split SPLIT|all the split searched (default training)";

    protected override void Prepare(CliArguments arguments)
    {
        var items = arguments.Values("item");
        _options = new SimilarImagesOptions
        {
            QuerySplit = ReadSplit(arguments, "ml-use", "test"),
            QueryItems = items.Count > 0 ? items : null,
            ReferenceSplit = ReadSplit(arguments, "reference-split", "training"),
        };
    }

    protected override int Run(SimilarityInputs inputs, CliContext context)
    {
        var result = SimilarImages.Find(inputs.Embeddings, inputs.Dataset, _options with { Count = inputs.Count, Metric = inputs.Metric }, context.Progress, context.Cancellation);
        context.Error.WriteLine($"note: {Count(result.Queries.Count)} queries against {Count(result.References.Selected)} {SplitName(_options.ReferenceSplit)}; "
            + $"{Count(result.QueriesWithoutEmbedding)} queries and {Count(result.References.WithoutEmbedding)} reference items without an embedding; "
            + $"{Count(result.EmbeddingsWithoutGroundTruth)} embeddings without ground truth.");
        return Write(
            inputs,
            context,
            result.Queries,
            Headers,
            q => q.Neighbors.Select((n, rank) => new object?[] { q.ItemId, Labels(q.Labels), rank + 1, n.ItemId, Labels(n.Labels), n.Distance, n.AgreesWithQuery ? "yes" : "no" }),
            (writer, query) =>
            {
                writer.WriteString("content", query.ItemId);
                writer.WriteString("split", query.Split);
                WriteLabels(writer, "label", query.Labels);
                writer.WriteStartArray("neighbors");
                foreach (var neighbor in query.Neighbors)
                {
                    writer.WriteStartObject();
                    writer.WriteString("content", neighbor.ItemId);
                    writer.WriteString("split", neighbor.Split);
                    WriteLabels(writer, "label", neighbor.Labels);
                    writer.WriteNumberOrNull("distance", neighbor.Distance);
                    writer.WriteBoolean("agrees", neighbor.AgreesWithQuery);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            });
    }
}

internal sealed class LabelIssuesCommand : SimilarityCommand
{
    private static readonly string[] Headers = { "content", "label", "suggestedLabel", "score", "neighborAgreement", "prototypeAgreement", "modelConfidence", "neighborLabels" };

    private LabelIssueOptions _options = new();

    public override string Name => "label-issues";

    public override string Summary => "Every item ranked by how likely its given label is wrong (neighbours, class prototypes and model confidence).";

    protected override int DefaultCount => 10;

    protected override bool ReadsPredictions => true;

    protected override string VerbUsage =>
        "  --predictions FILE         Vertex batch predictions JSONL (repeatable); adds the model's confidence" + Environment.NewLine
        + "  --ml-use SPLIT|all         the split ranked (default all)" + Environment.NewLine
        + "  --reference-split SPLIT|all where neighbours come from (default: the ranked items)" + Environment.NewLine
        + "  --model-weight A           weight of the model's confidence, 0..1 (default 0.5)";

    protected override void Prepare(CliArguments arguments)
    {
        var split = ReadSplit(arguments, "ml-use", null);
        _options = new LabelIssueOptions
        {
            Split = split,
            ReferenceSplit = arguments.Value("reference-split") is null ? split : ReadSplit(arguments, "reference-split", null),
            ModelWeight = arguments.Number("model-weight", 0.5, 0, 1),
        };
    }

    protected override int Run(SimilarityInputs inputs, CliContext context)
    {
        var predictions = inputs.PredictionFiles.Count == 0 ? null : ItemConfidences.From(inputs.PredictionFiles.Select(f => PredictionReader.Read(f, context, context.Progress, context.Cancellation)).ToArray(), context);
        var result = LabelIssues.Find(inputs.Embeddings, inputs.Dataset, predictions, _options with { Count = inputs.Count, Metric = inputs.Metric }, context.Progress, context.Cancellation);
        context.Error.WriteLine($"note: {Count(result.Items.Count)} {SplitName(_options.Split)} ranked against {Count(result.References.Selected)} references; "
            + $"{Count(result.Ranked.WithoutEmbedding)} items without an embedding; {Count(result.EmbeddingsWithoutGroundTruth)} embeddings without ground truth; "
            + $"{Count(result.ItemsWithoutPrediction)} items without a prediction; score = 1 - ((1 - a) * evidence + a * confidence), a = {result.ModelWeight.ToString(CultureInfo.InvariantCulture)}, "
            + "evidence = (neighborAgreement + prototypeAgreement) / 2, or neighborAgreement where prototypeAgreement is empty (docs/metrics.md).");
        return Write(
            inputs,
            context,
            result.Items,
            Headers,
            i => new[] { new object?[] { i.ItemId, Labels(i.Labels), i.SuggestedLabel, i.Score, i.NeighborAgreement, i.PrototypeAgreement, i.ModelConfidence, string.Join(" ", i.NeighborLabelCounts.Select(c => $"{c.Key}:{Count(c.Value)}")) } },
            (writer, item) =>
            {
                writer.WriteString("content", item.ItemId);
                WriteLabels(writer, "label", item.Labels);
                writer.WriteString("suggestedLabel", item.SuggestedLabel);
                writer.WriteNumberOrNull("score", item.Score);
                writer.WriteString("split", item.Split);
                writer.WriteNumberOrNull("neighborAgreement", item.NeighborAgreement);
                writer.WriteNumberOrNull("prototypeAgreement", item.PrototypeAgreement);
                writer.WriteNumberOrNull("modelConfidence", item.ModelConfidence);
                writer.WriteNumberOrNull("nearestDistance", item.NearestNeighborDistance);
                writer.WriteStartObject("neighborLabels");
                foreach (var count in item.NeighborLabelCounts) writer.WriteNumber(count.Key, count.Value);
                writer.WriteEndObject();
            });
    }
}

internal sealed class OutliersCommand : SimilarityCommand
{
    private static readonly string[] Headers = { "content", "split", "label", "meanDistance", "percentile", "robustZ", "outlier" };

    private OutlierOptions _options = new();

    public override string Name => "outliers";

    public override string Summary => "Items far from their nearest training items, compared with training's own neighbour distances.";

    protected override int DefaultCount => 10;

    protected override string VerbUsage =>
        "  --ml-use SPLIT|all         the split scored (default all)" + Environment.NewLine
        + "  --reference-split SPLIT|all what is normal (default training)" + Environment.NewLine
        + "  --threshold Z              robust z above which an item is an outlier (default 3.5)";

    protected override void Prepare(CliArguments arguments) =>
        _options = new OutlierOptions
        {
            Split = ReadSplit(arguments, "ml-use", null),
            ReferenceSplit = ReadSplit(arguments, "reference-split", "training"),
            Threshold = arguments.Number("threshold", 3.5),
        };

    protected override int Run(SimilarityInputs inputs, CliContext context)
    {
        var result = Outliers.Find(inputs.Embeddings, inputs.Dataset, _options with { Count = inputs.Count, Metric = inputs.Metric }, context.Progress, context.Cancellation);
        context.Error.WriteLine($"note: {Count(result.Items.Count(i => i.IsOutlier))} of {Count(result.Items.Count)} items have robust z > {result.Threshold.ToString(CultureInfo.InvariantCulture)} "
            + $"(z = (mean distance - {result.ReferenceMedian.ToString("0.######", CultureInfo.InvariantCulture)}) / {result.ReferenceScale.ToString("0.######", CultureInfo.InvariantCulture)}, from {Count(result.References.Selected)} {SplitName(_options.ReferenceSplit)}); "
            + $"{Count(result.Scored.WithoutEmbedding)} items without an embedding; {Count(result.EmbeddingsWithoutGroundTruth)} embeddings without ground truth.");
        return Write(
            inputs,
            context,
            result.Items,
            Headers,
            i => new[] { new object?[] { i.ItemId, i.Split, Labels(i.Labels), i.MeanDistance, i.Percentile, i.RobustZ, i.IsOutlier ? "yes" : "no" } },
            (writer, item) =>
            {
                writer.WriteString("content", item.ItemId);
                writer.WriteString("split", item.Split);
                WriteLabels(writer, "label", item.Labels);
                writer.WriteNumberOrNull("meanDistance", item.MeanDistance);
                writer.WriteNumberOrNull("percentile", item.Percentile);
                writer.WriteNumberOrNull("robustZ", item.RobustZ);
                writer.WriteBoolean("isOutlier", item.IsOutlier);
            });
    }
}

internal sealed class DuplicatesCommand : SimilarityCommand
{
    private static readonly string[] Headers = { "contentA", "splitA", "labelA", "contentB", "splitB", "labelB", "distance", "labelsAgree" };

    private NearDuplicateOptions _options = new();

    public override string Name => "duplicates";

    public override string Summary => "Near-identical pairs within and across splits (training/test leakage).";

    protected override int DefaultCount => 10;

    protected override string VerbUsage =>
        "  --ml-use SPLIT|all         the split searched (default all: within and across splits)" + Environment.NewLine
        + "  --threshold D              distance at or below which a pair is a near-duplicate" + Environment.NewLine
        + "                             (default 0.05 x the median nearest-neighbour distance)";

    protected override void Prepare(CliArguments arguments)
    {
        var threshold = arguments.Number("threshold", double.NaN, 0);
        _options = new NearDuplicateOptions { Split = ReadSplit(arguments, "ml-use", null), Threshold = double.IsNaN(threshold) ? null : threshold };
    }

    protected override int Run(SimilarityInputs inputs, CliContext context)
    {
        var result = NearDuplicates.Find(inputs.Embeddings, inputs.Dataset, _options with { Count = inputs.Count, Metric = inputs.Metric }, context.Progress, context.Cancellation);
        context.Error.WriteLine($"note: {Count(result.Pairs.Count)} pairs at distance <= {result.Threshold.ToString("0.########", CultureInfo.InvariantCulture)} "
            + $"(median nearest-neighbour distance {result.MedianNearestDistance.ToString("0.######", CultureInfo.InvariantCulture)}), {Count(result.CrossSplitPairs)} across splits; "
            + $"{Count(result.ItemsAtNeighborLimit)} items had all {Count(inputs.Count)} examined neighbours within the threshold (raise --count); "
            + $"{Count(result.Searched.WithoutEmbedding)} items without an embedding; {Count(result.EmbeddingsWithoutGroundTruth)} embeddings without ground truth.");
        return Write(
            inputs,
            context,
            result.Pairs,
            Headers,
            p => new[] { new object?[] { p.ItemA, p.SplitA, Labels(p.LabelsA), p.ItemB, p.SplitB, Labels(p.LabelsB), p.Distance, p.LabelsAgree ? "yes" : "no" } },
            (writer, pair) =>
            {
                writer.WriteString("contentA", pair.ItemA);
                writer.WriteString("splitA", pair.SplitA);
                WriteLabels(writer, "labelA", pair.LabelsA);
                writer.WriteString("contentB", pair.ItemB);
                writer.WriteString("splitB", pair.SplitB);
                WriteLabels(writer, "labelB", pair.LabelsB);
                writer.WriteNumberOrNull("distance", pair.Distance);
                writer.WriteBoolean("crossSplit", pair.CrossSplit);
                writer.WriteBoolean("labelsAgree", pair.LabelsAgree);
            });
    }
}
