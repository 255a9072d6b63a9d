using AutoMLEval.Engine.Formats;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;

namespace AutoMLEval.Cli.Commands;

/// <summary>The inputs every similarity verb reads: ground truth, embeddings, search options, output form.</summary>
internal sealed record SimilarityInputs(DatasetItems Dataset, EmbeddingSet Embeddings, int Count, DistanceMetric Metric, OutputFormat Format, int Top)
{
    /// <summary>The embedding files as given (their names, for messages).</summary>
    public string EmbeddingSources { get; init; } = string.Empty;
}

/// <summary>
/// The verbs over embeddings (<c>similar</c>, <c>label-issues</c>, <c>outliers</c>, <c>duplicates</c>): they share
/// the input options and, with no input files, run on the bundled demo.
/// </summary>
internal abstract class SimilarityCommand : ICliCommand
{
    public abstract string Name { get; }

    public abstract string Summary { get; }

    private static readonly Option<int?> Neighbours = CliOption.Integer("--count", "K", "neighbours per item (default: similar 6, the others 10)", 1, 100_000);

    private static readonly Option<string> Distance = CliOption.Choice("--distance", "(default cosine)", "cosine", "euclidean");

    /// <summary>The split the neighbours come from (similar, label-issues, outliers).</summary>
    protected static readonly Option<string> ReferenceSplit = CliOption.Text("--reference-split", "SPLIT|all",
        "the split neighbours come from (default training; label-issues: the ranked items)");

    public IReadOnlyList<Option> Options => new Option[] { Vocabulary.GroundTruth, Vocabulary.Embeddings, Neighbours, Distance, Vocabulary.Top, Vocabulary.Format }.Concat(VerbOptions).ToArray();

    protected abstract int DefaultCount { get; }

    /// <summary>The verb's own options.</summary>
    protected abstract IReadOnlyList<Option> VerbOptions { get; }

    public int Run(ParseResult parse, CliContext context)
    {
        var groundTruth = parse.GetValue(Vocabulary.GroundTruth);
        var embeddingFiles = (parse.GetValue(Vocabulary.Embeddings) ?? []).Select(context.Resolve).ToList();
        var count = parse.GetValue(Neighbours) ?? DefaultCount;
        var metric = parse.GetValue(Distance) == "euclidean" ? DistanceMetric.Euclidean : DistanceMetric.Cosine;
        var top = parse.GetValue(Vocabulary.Top) ?? int.MaxValue;
        var format = TabularOutput.ReadFormat(parse);
        if (groundTruth is null && embeddingFiles.Count == 0)
        {
            groundTruth = Path.Combine(CliContext.DemoDirectory, "dataset.csv");
            embeddingFiles = Directory.GetFiles(CliContext.DemoDirectory, "embeddings.*.jsonl").OrderBy(f => f, StringComparer.Ordinal).ToList();
        }
        else if (groundTruth is null || embeddingFiles.Count == 0)
        {
            throw new CliUsageException("Give both --ground-truth and --embeddings (or neither, for the demo).");
        }
        var dataset = DatasetItems.From(GroundTruthReader.Read(context.Resolve(groundTruth), context, context.Progress, context.Cancellation));
        var embeddings = EmbeddingReader.ReadFiles(embeddingFiles, context, metric, context.Progress, context.Cancellation);
        var sources = string.Join(", ", embeddingFiles.Select(Path.GetFileName));
        return Run(new SimilarityInputs(dataset, embeddings, count, metric, format, top) { EmbeddingSources = sources }, parse, context);
    }

    /// <summary>Reads the verb's own options and searches.</summary>
    protected abstract int Run(SimilarityInputs inputs, ParseResult parse, CliContext context);

    /// <summary>A split option: a split name, or <c>all</c> for every split (null).</summary>
    protected static string? ReadSplit(ParseResult parse, Option<string> option, string? defaultSplit)
    {
        return MlUse.SplitOrAll(parse.GetValue(option) ?? defaultSplit ?? MlUse.All);
    }

    protected static string Labels(IReadOnlyList<string> labels) => string.Join(";", labels);

    protected static void WriteLabels(Utf8JsonWriter writer, string name, IReadOnlyList<string> labels)
    {
        writer.WriteString(name, Labels(labels));
        writer.WriteStartArray(name + "s");
        foreach (var label in labels) writer.WriteStringValue(label);
        writer.WriteEndArray();
    }

    /// <summary>"1131 training items", "1 test item", "1797 items of every split".</summary>
    protected static string SplitItems(int count, string? split) =>
        split is null ? Counted.Of(count, "item") + " of every split" : Counted.Of(count, split + " item");

    /// <summary>
    /// Writes the first <c>--top</c> results: as a JSON array of objects (each filled by <paramref name="writeObject"/>,
    /// nested evidence included), or as CSV / table rows (one or more per result).
    /// </summary>
    protected static int Write<T>(SimilarityInputs inputs, CliContext context, IEnumerable<T> results, IReadOnlyList<string> headers, Func<T, IEnumerable<object?[]>> rows, Action<Utf8JsonWriter, T> writeObject, IReadOnlyList<string[]>? leaveOut = null)
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
            else TabularOutput.WriteTable(context.Output, headers, lines, leaveOut, context.OutputWidth);
        }
        return 0;
    }

    protected static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Warns when the references were too few for the k asked for, naming the k every item got.</summary>
    protected static void WarnFewerNeighbors(CliContext context, NeighborCount neighbors)
    {
        if (neighbors.ReducedWarning("--count") is { } fewer) context.WriteMessage("warning FewerNeighbors: " + fewer);
    }

    /// <summary>
    /// The input records rejected, as evaluate's summary counts them (each was an error line, and makes the exit code 3);
    /// the prediction files' with <paramref name="predictions"/> (label-issues).
    /// </summary>
    protected static string RejectedRecords(SimilarityInputs inputs, ItemConfidences? predictions = null)
    {
        var predictionRecords = predictions is null ? string.Empty : $", {Count(predictions.SkippedRecords)} prediction";
        return $"records rejected: {Count(inputs.Dataset.SkippedRecords)} ground-truth, {Count(inputs.Embeddings.SkippedRecords)} embedding{predictionRecords} (each reported as an error)";
    }
}

internal sealed class SimilarCommand : SimilarityCommand
{
    private static readonly string[] Headers = { "content", "split", "label", "rank", "neighbor", "neighborSplit", "neighborLabel", "distance", "agrees" };

    public override string Name => "similar";

    public override string Summary => "Review similar images: each query's nearest training items, their distances and labels.";

    protected override int DefaultCount => 6;

    private static readonly Option<string[]> Item = CliOption.Repeatable("--item", "PATH", "a query item, instead of the items of --ml-use (an item without an embedding is an error)");

    protected override IReadOnlyList<Option> VerbOptions { get; } = [Vocabulary.MlUse, Item, ReferenceSplit];

    protected override int Run(SimilarityInputs inputs, ParseResult parse, CliContext context)
    {
        var items = parse.GetValue(Item) ?? [];
        if (items.Length > 0 && parse.Given(Vocabulary.MlUse)) throw new CliUsageException("--item names the queries and --ml-use picks them by split; give one of them.");
        var options = new SimilarImagesOptions
        {
            QuerySplit = ReadSplit(parse, Vocabulary.MlUse, "test"),
            QueryItems = items.Length > 0 ? items : null,
            ReferenceSplit = ReadSplit(parse, ReferenceSplit, "training"),
            Count = inputs.Count,
            Metric = inputs.Metric,
        };
        var result = SimilarImages.Find(inputs.Embeddings, inputs.Dataset, options, context.Progress, context.Cancellation);
        CheckItems(result, inputs);
        WarnFewerNeighbors(context, result.NeighborCount);
        context.WriteNote($"note: {Counted.Of(result.Queries.Count, "query", "queries")} against {SplitItems(result.References.Selected, options.ReferenceSplit)}; "
            + $"{inputs.Embeddings.LeftOut(result.KnownQueriesWithoutEmbedding, "query", "queries", Vocabulary.Embeddings.Name)}; {inputs.Embeddings.LeftOut(result.References.ItemIdsWithoutEmbedding, "reference item", null, Vocabulary.Embeddings.Name)}; "
            + $"{Counted.Of(result.ItemIdsWithoutGroundTruth.Count, "embedding")} without ground truth{FirstNames.InParentheses(result.ItemIdsWithoutGroundTruth)}; {RejectedRecords(inputs)}.");
        return Write(
            inputs,
            context,
            result.Queries,
            Headers,
            q => q.Neighbors.Select((n, rank) => new object?[] { q.ItemId, q.Split, Labels(q.Labels), rank + 1, n.ItemId, n.Split, Labels(n.Labels), n.Distance, n.AgreesWithQuery ? "yes" : "no" }),
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
            },
            [["split", "neighborSplit"], ["agrees"], ["rank"]]);
    }

    /// <summary>
    /// Every --item must have an embedding (the engine names those without one, and those the ground truth does not know
    /// either): a mistyped path would otherwise print an empty table and exit 0. The error names the path, says whether
    /// the ground truth knows it, and suggests near item paths.
    /// </summary>
    private static void CheckItems(SimilarImagesResult result, SimilarityInputs inputs)
    {
        var missing = result.NamedQueriesWithoutEmbedding;
        if (missing.Count == 0) return;
        var first = missing[0];
        var others = missing.Count > 1 ? $" {missing.Count - 1} more --item not found either{FirstNames.InParentheses(missing.Skip(1).ToArray())}." : string.Empty;
        var split = inputs.Dataset.Find(first) is { } item ? $" ({item.Split})" : string.Empty;
        var why = inputs.Embeddings.RejectionOf(first) is { } rejection
            ? $"'{first}'{split} has no embedding: its record was rejected, {rejection.LocationAndCode()}: {rejection.Message}"
            : !result.UnknownQueries.Contains(first, StringComparer.Ordinal)
            ? $"'{first}'{split} has no embedding in {inputs.EmbeddingSources}; give the embedding file of its split too."
            : $"'{first}' is neither in the ground truth nor in the embeddings ({inputs.EmbeddingSources}).{NearNames.Sentence(NearNames.Of(first, inputs.Embeddings.ItemIds.Concat(inputs.Dataset.Items.Select(i => i.ItemId))))}";
        throw new InputFormatException("ItemNotFound", "--item", 0, string.Empty, why + others);
    }
}

internal sealed class LabelIssuesCommand : SimilarityCommand
{
    private static readonly string[] Headers = { "content", "split", "label", "suggestedLabel", "score", "neighborAgreement", "prototypeAgreement", "modelConfidence", "nearestDistance", "neighborLabels" };

    public override string Name => "label-issues";

    public override string Summary => "Every item ranked by how likely its given label is wrong (neighbours, class prototypes and model confidence).";

    protected override int DefaultCount => 10;

    // Repeatable here (one file per shard), unlike the single --predictions of the evaluating verbs.
    private static readonly Option<string[]> Predictions = CliOption.Repeatable("--predictions", "FILE", "Vertex AI batch predictions JSONL: adds the model's confidence");

    private static readonly Option<double?> ModelWeight = CliOption.Number("--model-weight", "A", "weight of the model's confidence, 0..1 (default 0.5)", 0, 1);

    protected override IReadOnlyList<Option> VerbOptions { get; } = [Predictions, Vocabulary.MlUseOrEverySplit, ReferenceSplit, ModelWeight];

    protected override int Run(SimilarityInputs inputs, ParseResult parse, CliContext context)
    {
        // The weight of the model's confidence has nothing to weigh without predictions: refused rather than dropped.
        if (parse.Given(ModelWeight) && !parse.Given(Predictions)) throw new CliUsageException("--model-weight weighs the model's confidence: it goes with --predictions FILE.");
        var split = ReadSplit(parse, Vocabulary.MlUseOrEverySplit, null);
        var options = new LabelIssueOptions
        {
            Split = split,
            ReferenceSplit = parse.Given(ReferenceSplit) ? ReadSplit(parse, ReferenceSplit, null) : split,
            ModelWeight = parse.GetValue(ModelWeight) ?? 0.5,
            Count = inputs.Count,
            Metric = inputs.Metric,
        };
        var predictionFiles = (parse.GetValue(Predictions) ?? []).Select(context.Resolve).ToArray();
        var predictions = predictionFiles.Length == 0 ? null : ItemConfidences.From(predictionFiles.Select(f => PredictionReader.Read(f, context, context.Progress, context.Cancellation)).ToArray(), context);
        var result = LabelIssues.Find(inputs.Embeddings, inputs.Dataset, predictions, options, context.Progress, context.Cancellation);
        WarnFewerNeighbors(context, result.NeighborCount);
        // Without --predictions no item has a prediction: the note says the score is the embeddings' alone, not "0 without".
        var predictionsNote = predictions is null
            ? "no predictions given (--predictions), so the score is from the embeddings alone"
            : $"{Counted.Of(result.ItemsWithoutPrediction, "item")} without a prediction";
        var score = predictions is null
            ? "score = 1 - evidence"
            : $"score = 1 - ((1 - a) * evidence + a * confidence), a = {result.ModelWeight.ToString(CultureInfo.InvariantCulture)}";
        context.WriteNote($"note: {SplitItems(result.Items.Count, options.Split)} ranked against {Counted.Of(result.References.Selected, "reference")}; "
            + $"{inputs.Embeddings.LeftOut(result.Ranked.ItemIdsWithoutEmbedding, "item", null, Vocabulary.Embeddings.Name)}; {Counted.Of(result.ItemIdsWithoutGroundTruth.Count, "embedding")} without ground truth{FirstNames.InParentheses(result.ItemIdsWithoutGroundTruth)}; "
            + $"{predictionsNote}; {RejectedRecords(inputs, predictions)}; {score}, "
            + "evidence = (neighborAgreement + prototypeAgreement) / 2, or neighborAgreement where prototypeAgreement is empty (docs/metrics.md).");
        return Write(
            inputs,
            context,
            result.Items,
            Headers,
            i => new[] { new object?[] { i.ItemId, i.Split, Labels(i.Labels), i.SuggestedLabel, i.Score, i.NeighborAgreement, i.PrototypeAgreement, i.ModelConfidence, i.NearestNeighborDistance, string.Join(" ", i.NeighborLabelCounts.Select(c => $"{c.Key}:{Count(c.Value)}")) } },
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
            },
            // Without predictions the model's column is empty: it gives way first.
            predictions is null
                ? [["split"], ["nearestDistance"], ["modelConfidence"], ["prototypeAgreement"], ["neighborLabels"]]
                : [["split"], ["nearestDistance"], ["prototypeAgreement"], ["neighborLabels"], ["modelConfidence"]]);
    }
}

internal sealed class OutliersCommand : SimilarityCommand
{
    private static readonly string[] Headers = { "content", "split", "label", "meanDistance", "percentile", "robustZ", "isOutlier" };

    public override string Name => "outliers";

    public override string Summary => "Items far from their nearest training items, compared with training's own neighbour distances.";

    protected override int DefaultCount => 10;

    // This verb's own cut-off, not the decision threshold of the evaluating verbs.
    private static readonly Option<double?> Threshold = CliOption.Number("--threshold", "Z", "robust z above which an item is an outlier (default 3.5)", 0, 1000);

    protected override IReadOnlyList<Option> VerbOptions { get; } = [Vocabulary.MlUseOrEverySplit, ReferenceSplit, Threshold];

    protected override int Run(SimilarityInputs inputs, ParseResult parse, CliContext context)
    {
        var options = new OutlierOptions
        {
            Split = ReadSplit(parse, Vocabulary.MlUseOrEverySplit, null),
            ReferenceSplit = ReadSplit(parse, ReferenceSplit, "training"),
            Threshold = parse.GetValue(Threshold) ?? 3.5,
            Count = inputs.Count,
            Metric = inputs.Metric,
        };
        var result = Outliers.Find(inputs.Embeddings, inputs.Dataset, options, context.Progress, context.Cancellation);
        WarnFewerNeighbors(context, result.NeighborCount);
        if (result.UndefinedScaleWarning("--count") is { } undefined) context.WriteMessage("warning UndefinedRobustZ: " + undefined);
        context.WriteNote($"note: {result.Summary(SplitItems(result.References.Selected, options.ReferenceSplit))}; "
            + $"{inputs.Embeddings.LeftOut(result.Scored.ItemIdsWithoutEmbedding, "item", null, Vocabulary.Embeddings.Name)}; {Counted.Of(result.ItemIdsWithoutGroundTruth.Count, "embedding")} without ground truth{FirstNames.InParentheses(result.ItemIdsWithoutGroundTruth)}; {RejectedRecords(inputs)}.");
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
                writer.WriteNumberOrNull("robustZ", item.RobustZ ?? double.NaN);
                writer.WriteBoolean("isOutlier", item.IsOutlier);
            },
            [["percentile"], ["split"]]);
    }
}

internal sealed class DuplicatesCommand : SimilarityCommand
{
    private static readonly string[] Headers = { "contentA", "splitA", "labelA", "contentB", "splitB", "labelB", "distance", "crossSplit", "labelsAgree" };

    public override string Name => "duplicates";

    public override string Summary => "Near-identical pairs within and across splits (training/test leakage).";

    protected override int DefaultCount => 10;

    // This verb's own cut-off, a distance.
    private static readonly Option<double?> Threshold = CliOption.Number("--threshold", "D",
        "distance at or below which a pair is a near-duplicate (default 0.05 x the median nearest-neighbour distance)", 0);

    protected override IReadOnlyList<Option> VerbOptions { get; } = [Vocabulary.MlUseOrEverySplit, Threshold];

    protected override int Run(SimilarityInputs inputs, ParseResult parse, CliContext context)
    {
        var options = new NearDuplicateOptions { Split = ReadSplit(parse, Vocabulary.MlUseOrEverySplit, null), Threshold = parse.GetValue(Threshold), Count = inputs.Count, Metric = inputs.Metric };
        var result = NearDuplicates.Find(inputs.Embeddings, inputs.Dataset, options, context.Progress, context.Cancellation);
        WarnFewerNeighbors(context, result.NeighborCount);
        context.WriteNote($"note: {result.Headline}; "
            + $"{result.NeighborLimitNote("--count")}; "
            + $"{inputs.Embeddings.LeftOut(result.Searched.ItemIdsWithoutEmbedding, "item", null, Vocabulary.Embeddings.Name)}; {Counted.Of(result.ItemIdsWithoutGroundTruth.Count, "embedding")} without ground truth{FirstNames.InParentheses(result.ItemIdsWithoutGroundTruth)}; {RejectedRecords(inputs)}.");
        return Write(
            inputs,
            context,
            result.Pairs,
            Headers,
            p => new[] { new object?[] { p.ItemA, p.SplitA, Labels(p.LabelsA), p.ItemB, p.SplitB, Labels(p.LabelsB), p.Distance, p.CrossSplit ? "yes" : "no", p.LabelsAgree ? "yes" : "no" } },
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
            },
            [["labelsAgree"], ["splitA", "splitB"], ["crossSplit"]]);
    }
}
