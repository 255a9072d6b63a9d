using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Cli.Tasks;

/// <summary>
/// The JSON form of a video evaluation: the classification names (<c>auPrc</c>, <c>auRoc</c>, <c>logLoss</c>,
/// <c>microPrecision/Recall/F1</c>, <c>confidenceMetrics[]</c>, <c>perLabel[]</c>) plus the video fields
/// (<c>unit</c>, <c>items</c>, <c>videos</c>, <c>instances</c>, <c>temporalIoU</c>, <c>skipped</c>).
/// <see cref="WriteClassificationFields"/> is the part shared in name with the classification task's output. Numbers go
/// through <see cref="TabularOutput.WriteNumber"/> (Utf8JsonWriter's own overload throws on NaN): undefined values, such as
/// the AuPRC of a label without positives, are null.
/// </summary>
internal static class VideoEvaluationWriter
{
    /// <summary>Writes the whole evaluation as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, VideoEvaluation evaluation, IReadOnlyDictionary<string, int> issueCounts)
    {
        var classification = evaluation.Classification;
        writer.WriteStartObject();
        writer.WriteString("task", "video");
        writer.WriteString("unit", VideoTask.UnitName(evaluation.Unit));
        TabularOutput.WriteNumber(writer, "items", classification.ItemCount);
        TabularOutput.WriteNumber(writer, "videos", evaluation.UnitCounts.Videos);
        TabularOutput.WriteNumber(writer, "instances", evaluation.UnitCounts.Instances);
        WriteClassificationFields(writer, classification);
        TabularOutput.WriteNumber(writer, "temporalIoU", evaluation.MicroTemporalIoU.IoU);
        writer.WriteStartArray("temporalIoUPerLabel");
        foreach (var label in evaluation.TemporalIoU)
        {
            writer.WriteStartObject();
            writer.WriteString("displayName", label.Label);
            TabularOutput.WriteNumber(writer, "temporalIoU", label.IoU);
            TabularOutput.WriteNumber(writer, "intersectionSeconds", label.IntersectionSeconds);
            TabularOutput.WriteNumber(writer, "unionSeconds", label.UnionSeconds);
            TabularOutput.WriteNumber(writer, "predictedSpans", label.PredictedSpans);
            TabularOutput.WriteNumber(writer, "trueSpans", label.TrueSpans);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        WriteSkipped(writer, evaluation);
        writer.WriteStartObject("issues");
        foreach (var issue in issueCounts.OrderBy(i => i.Key, StringComparer.Ordinal)) TabularOutput.WriteNumber(writer, issue.Key, issue.Value);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The fields named as in the classification output: headline metrics, threshold rows and per-label slices.</summary>
    public static void WriteClassificationFields(Utf8JsonWriter writer, ClassificationEvaluation evaluation)
    {
        TabularOutput.WriteNumber(writer, "threshold", evaluation.Options.Threshold);
        TabularOutput.WriteNumber(writer, "auPrc", evaluation.MicroAuPrc);
        TabularOutput.WriteNumber(writer, "auRoc", evaluation.MicroAuRoc);
        TabularOutput.WriteNumber(writer, "logLoss", evaluation.LogLoss);
        TabularOutput.WriteNumber(writer, "macroAuPrc", evaluation.MacroAuPrc);
        var micro = evaluation.MicroAtThreshold;
        TabularOutput.WriteNumber(writer, "microPrecision", micro.Precision);
        TabularOutput.WriteNumber(writer, "microRecall", micro.Recall);
        TabularOutput.WriteNumber(writer, "microF1", micro.F1);
        writer.WriteStartArray("confidenceMetrics");
        foreach (var row in evaluation.ConfidenceMetrics)
        {
            writer.WriteStartObject();
            TabularOutput.WriteNumber(writer, "confidenceThreshold", row.Threshold);
            TabularOutput.WriteNumber(writer, "precision", row.All.Precision);
            TabularOutput.WriteNumber(writer, "recall", row.All.Recall);
            TabularOutput.WriteNumber(writer, "falsePositiveRate", row.All.FalsePositiveRate);
            TabularOutput.WriteNumber(writer, "f1Score", row.All.F1);
            TabularOutput.WriteNumber(writer, "precisionAt1", row.AtTop1.Precision);
            TabularOutput.WriteNumber(writer, "recallAt1", row.AtTop1.Recall);
            TabularOutput.WriteNumber(writer, "falsePositiveRateAt1", row.AtTop1.FalsePositiveRate);
            TabularOutput.WriteNumber(writer, "f1ScoreAt1", row.AtTop1.F1);
            TabularOutput.WriteNumber(writer, "truePositiveCount", row.All.TruePositives);
            TabularOutput.WriteNumber(writer, "falsePositiveCount", row.All.FalsePositives);
            TabularOutput.WriteNumber(writer, "falseNegativeCount", row.All.FalseNegatives);
            TabularOutput.WriteNumber(writer, "trueNegativeCount", row.All.TrueNegatives);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("perLabel");
        foreach (var label in evaluation.PerLabel)
        {
            writer.WriteStartObject();
            writer.WriteString("displayName", label.Label);
            TabularOutput.WriteNumber(writer, "auPrc", label.AuPrc);
            TabularOutput.WriteNumber(writer, "auRoc", label.AuRoc);
            TabularOutput.WriteNumber(writer, "precision", label.AtThreshold.Precision);
            TabularOutput.WriteNumber(writer, "recall", label.AtThreshold.Recall);
            TabularOutput.WriteNumber(writer, "f1Score", label.AtThreshold.F1);
            TabularOutput.WriteNumber(writer, "support", label.Support);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteSkipped(Utf8JsonWriter writer, VideoEvaluation evaluation)
    {
        var units = evaluation.UnitCounts;
        var truth = evaluation.GroundTruthCounts;
        var predictions = evaluation.PredictionCounts;
        writer.WriteStartObject("skipped");
        TabularOutput.WriteNumber(writer, "videosWithoutPredictions", units.VideosWithoutPredictions);
        TabularOutput.WriteNumber(writer, "unknownVideoInstances", units.UnknownVideoInstances);
        TabularOutput.WriteNumber(writer, "unknownLabelEntries", units.UnknownLabelEntries);
        TabularOutput.WriteNumber(writer, "otherTypeEntries", units.OtherTypeEntries);
        TabularOutput.WriteNumber(writer, "unboundedEntries", units.UnboundedEntries);
        TabularOutput.WriteNumber(writer, "duplicateEntries", units.DuplicateEntries);
        TabularOutput.WriteNumber(writer, "missingScores", units.MissingScores);
        TabularOutput.WriteNumber(writer, "invalidPredictionLines", predictions.InvalidLines);
        TabularOutput.WriteNumber(writer, "invalidPredictionEntries", predictions.InvalidEntries);
        TabularOutput.WriteNumber(writer, "otherSplitRecords", truth.OtherSplitRecords);
        TabularOutput.WriteNumber(writer, "noSplitRecords", truth.NoSplitRecords);
        TabularOutput.WriteNumber(writer, "invalidGroundTruthRecords", truth.InvalidRecords);
        TabularOutput.WriteNumber(writer, "invalidAnnotations", truth.InvalidAnnotations);
        writer.WriteEndObject();
    }
}
