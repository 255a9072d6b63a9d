using System.CommandLine;
using System.Globalization;
using AutoMLEval.Cli.Tasks;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Slices;
using AutoMLEval.Engine.Slices;

namespace AutoMLEval.Cli.Commands;

/// <summary><c>error-slices</c>: groups of test items in embedding space where the model fails far more often than overall.</summary>
internal sealed class ErrorSlicesCommand : ICliCommand
{
    private static readonly string[] TableHeaders = { "size", "errorRate", "interval", "lift", "topConfusion", "overRepresented", "example" };

    public string Name => "error-slices";

    public string Summary => "Groups of items in embedding space where the model fails far more often than overall.";

    private static readonly Option<string> Sizes = CliOption.Text("--sizes", "LIST", "group sizes tried around each item (default 10,20,40,80,160,320)");

    private static readonly Option<int?> MaxSlices = CliOption.Integer("--max-slices", "N", "at most N slices (default 10)", 1, 1000);

    public IReadOnlyList<Option> Options { get; } =
        ClassificationTask.InputOptions.Concat([Vocabulary.Embeddings, Vocabulary.Metadata, Sizes, MaxSlices, Vocabulary.TableOrJson]).ToArray();

    public int Run(ParseResult parse, CliContext context)
    {
        var embeddingFiles = (parse.GetValue(Vocabulary.Embeddings) ?? []).Select(context.Resolve).ToList();
        var metadataPath = parse.GetValue(Vocabulary.Metadata);
        var maxSlices = parse.GetValue(MaxSlices) ?? 10;
        var sizes = ReadSizes(parse.GetValue(Sizes));
        var format = TabularOutput.ReadFormat(parse, Vocabulary.TableOrJson);
        bool demo = !parse.Given(Vocabulary.GroundTruth) && !parse.Given(Vocabulary.Predictions);
        var request = ClassificationTask.ReadRequest(parse, context);
        if (embeddingFiles.Count == 0)
        {
            if (!demo) throw new CliUsageException("Give --embeddings for the evaluated items.");
            embeddingFiles = Directory.GetFiles(CliContext.DemoDirectory, "embeddings.*.jsonl").OrderBy(f => f, StringComparer.Ordinal).ToList();
        }

        var inputs = ClassificationInputs.Load(request.GroundTruthPath, request.PredictionPath, request.InputOptions, context, context.Progress, context.Cancellation);
        var options = new ErrorSliceOptions { MaxSlices = maxSlices, GroupSizes = sizes ?? new ErrorSliceOptions().GroupSizes };
        var embeddings = EmbeddingReader.ReadFiles(embeddingFiles, context, options.Metric, context.Progress, context.Cancellation);
        var metadata = metadataPath is null ? null : ItemMetadata.ReadCsv(context.Resolve(metadataPath), context);
        metadata?.CheckMatches(inputs.Data.ItemIds, context);
        var result = ErrorSliceFinder.Find(inputs.Data, request.Options.Threshold, embeddings, options, metadata, ErrorSliceFinder.TrainingEmbeddings(embeddings, inputs.GroundTruth), context.Progress, context.Cancellation);
        if (result.WithoutEmbeddingIssue(embeddings, inputs.Data.ItemCount, inputs.GroundTruth.Source, Vocabulary.Embeddings.Name, lookedIn: null) is { } withoutEmbedding)
        {
            context.Report(withoutEmbedding);
        }
        if (result.SkippedSizesWarning("--sizes", sizesGiven: sizes is not null) is { } skipped) context.WriteMessage("warning SkippedSizes: " + skipped);
        context.WriteNote(result.Summary());

        if (format == OutputFormat.Json)
        {
            TabularOutput.WriteJson(context.Output, w => ErrorSliceJson.Write(w, result));
            return ExitCodes.Success;
        }
        TabularOutput.WriteTable(context.Output, TableHeaders, result.Slices.Select(s => (IReadOnlyList<object?>)new object?[]
        {
            s.Size,
            s.ErrorRate,
            string.Format(CultureInfo.InvariantCulture, "{0:0.00}-{1:0.00}", s.ErrorRateLower, s.ErrorRateUpper),
            s.Lift,
            s.TopConfusions.Count == 0 ? "-" : $"{s.TopConfusions[0].TrueLabel}→{s.TopConfusions[0].PredictedLabel} ({s.TopConfusions[0].Errors})",
            s.OverRepresented.Count == 0 ? "-" : string.Format(CultureInfo.InvariantCulture, "{0}={1} ({2:0.0}×)", s.OverRepresented[0].Key, s.OverRepresented[0].Value, s.OverRepresented[0].Ratio),
            s.Examples[0].ItemId,
        }), [["overRepresented"], ["interval"]], context.OutputWidth, fullForms: "json");
        return ExitCodes.Success;
    }

    private static int[]? ReadSizes(string? text)
    {
        if (text is null) return null;
        return text.Split(',').Select(s => int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size >= 2
            ? size
            : throw new CliUsageException($"--sizes: '{s}' is not a whole number of at least 2.")).ToArray();
    }
}
