using System.Text.Json;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Engine.Formats.Video;

/// <summary>
/// The JSON form of a video evaluation: the classification names (<c>auPrc</c>, <c>auRoc</c>, <c>logLoss</c>,
/// <c>microPrecision/Recall/F1</c>, <c>confidenceMetrics[]</c>, <c>perLabel[]</c>) plus the video fields
/// (<c>unit</c>, <c>items</c>, <c>videos</c>, <c>instances</c>, <c>temporalIoU</c>, <c>skipped</c>).
/// The metric fields are written by <see cref="ClassificationJson.WriteMetrics"/>, so they are the classification
/// output's, name for name; undefined values (the AuPRC of a label without positives) are null. The CLI prints it;
/// it lives here, beside <c>ClassificationJson</c> and <c>DetectionJson</c>.
/// </summary>
public static class VideoJson
{
    /// <summary>Writes the whole evaluation as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, VideoEvaluation evaluation, IReadOnlyDictionary<string, int> issueCounts)
    {
        var classification = evaluation.Classification;
        writer.WriteStartObject();
        writer.WriteString("task", "video");
        writer.WriteString("unit", VideoUnits.OptionName(evaluation.Unit));
        writer.WriteNumberOrNull("items", classification.ItemCount);
        writer.WriteNumberOrNull("videos", evaluation.UnitCounts.Videos);
        writer.WriteNumberOrNull("instances", evaluation.UnitCounts.Instances);
        ClassificationJson.WriteMetrics(writer, classification);
        writer.WriteNumberOrNull("temporalIoU", evaluation.MicroTemporalIoU.IoU);
        writer.WriteStartArray("temporalIoUPerLabel");
        foreach (var label in evaluation.TemporalIoU)
        {
            writer.WriteStartObject();
            writer.WriteString("displayName", label.Label);
            writer.WriteNumberOrNull("temporalIoU", label.IoU);
            writer.WriteNumberOrNull("intersectionSeconds", label.IntersectionSeconds);
            writer.WriteNumberOrNull("unionSeconds", label.UnionSeconds);
            writer.WriteNumberOrNull("predictedSpans", label.PredictedSpans);
            writer.WriteNumberOrNull("trueSpans", label.TrueSpans);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        WriteSkipped(writer, evaluation);
        writer.WriteStartObject("issues");
        foreach (var issue in issueCounts.OrderBy(i => i.Key, StringComparer.Ordinal)) writer.WriteNumberOrNull(issue.Key, issue.Value);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes what the readers and the unit builder left out, as <c>skipped</c> (the report embeds the same object).</summary>
    internal static void WriteSkipped(Utf8JsonWriter writer, VideoEvaluation evaluation)
    {
        var units = evaluation.UnitCounts;
        var truth = evaluation.GroundTruthCounts;
        var predictions = evaluation.PredictionCounts;
        writer.WriteStartObject("skipped");
        writer.WriteNumberOrNull("videosWithoutPredictions", units.VideosWithoutPredictions);
        writer.WriteNumberOrNull("unknownVideoInstances", units.UnknownVideoInstances);
        writer.WriteNumberOrNull("otherSplitInstances", units.OtherSplitInstances);
        writer.WriteNumberOrNull("unknownLabelEntries", units.UnknownLabelEntries);
        writer.WriteNumberOrNull("otherTypeEntries", units.OtherTypeEntries);
        writer.WriteNumberOrNull("unboundedEntries", units.UnboundedEntries);
        writer.WriteNumberOrNull("duplicateEntries", units.DuplicateEntries);
        writer.WriteNumberOrNull("missingScores", units.MissingScores);
        writer.WriteNumberOrNull("invalidPredictionLines", predictions.InvalidLines);
        writer.WriteNumberOrNull("invalidPredictionEntries", predictions.InvalidEntries);
        writer.WriteNumberOrNull("otherSplitRecords", truth.OtherSplitRecords);
        writer.WriteNumberOrNull("noSplitRecords", truth.NoSplitRecords);
        writer.WriteNumberOrNull("invalidGroundTruthRecords", truth.InvalidRecords);
        writer.WriteNumberOrNull("invalidAnnotations", truth.InvalidAnnotations);
        writer.WriteEndObject();
    }
}
