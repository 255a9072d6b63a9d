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

    public string Usage => """
          --ground-truth FILE|DIR   the ground truth (with neither input: the bundled demo)
          --predictions FILE        the model's predictions
          --embeddings FILE         JSONL {"content","embedding"} or CSV path,e0,e1,...; repeatable (training items' embeddings, if
                                    given too, show each example's nearest training images)
          --metadata FILE           CSV path,key1,key2,... (or path,key,value): values over-represented in a slice are named
          --ml-use SPLIT            the split evaluated (default test); --threshold, --multi-label, --single-label as for evaluate
          --sizes LIST              group sizes tried around each item (default 10,20,40,80,160,320)
          --max-slices N            at most N slices (default 10)
          --format table|json       (default table)
        """;

    public int Run(CliArguments arguments, CliContext context)
    {
        var embeddingFiles = arguments.Values("embeddings").Select(context.Resolve).ToList();
        var metadataPath = arguments.Value("metadata");
        var maxSlices = arguments.Integer("max-slices", 10, 1, 1000);
        var sizes = ReadSizes(arguments.Value("sizes"));
        var format = TabularOutput.ReadFormat(arguments);
        if (format == OutputFormat.Csv) throw new CliUsageException("--format csv is not offered here; use table or json.");
        bool demo = arguments.Value("ground-truth") is null && arguments.Value("predictions") is null;
        var request = ClassificationTask.ReadRequest(arguments, context);
        arguments.RejectUnknown();
        if (embeddingFiles.Count == 0)
        {
            if (!demo) throw new CliUsageException("Give --embeddings for the evaluated items.");
            embeddingFiles = Directory.GetFiles(CliContext.DemoDirectory, "embeddings.*.jsonl").OrderBy(f => f, StringComparer.Ordinal).ToList();
        }

        var inputs = ClassificationInputs.Load(request.GroundTruthPath, request.PredictionPath, request.InputOptions, context, context.Progress, context.Cancellation);
        var embeddings = EmbeddingReader.ReadFiles(embeddingFiles, context, context.Progress, context.Cancellation);
        var metadata = metadataPath is null ? null : ItemMetadata.ReadCsv(context.Resolve(metadataPath), context);
        var options = new ErrorSliceOptions { MaxSlices = maxSlices, GroupSizes = sizes ?? new ErrorSliceOptions().GroupSizes };
        var result = ErrorSliceFinder.Find(inputs.Data, request.Options.Threshold, embeddings, options, metadata, ErrorSliceFinder.TrainingEmbeddings(embeddings, inputs.GroundTruth), context.Progress, context.Cancellation);
        if (result.ItemsWithoutEmbedding > 0)
        {
            context.Error.WriteLine($"warning NoEmbedding: {result.ItemsWithoutEmbedding} of {inputs.Data.ItemCount} evaluated items have no embedding and were left out of the search.");
        }
        context.Error.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "{0} items searched, {1} errors (overall rate {2:0.0000}); {3} groups tested, {4} significant at 0.05 after Bonferroni; {5} slices after overlaps were suppressed.",
            result.Items, result.Errors, result.OverallErrorRate, result.GroupsTested, result.GroupsSignificant, result.Slices.Count));

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
        }));
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
