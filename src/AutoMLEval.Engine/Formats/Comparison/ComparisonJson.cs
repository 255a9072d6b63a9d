using System.Text.Json;
using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.Engine.Formats.Comparison;

/// <summary>
/// Writes a comparison of two classifiers as JSON: <c>decision</c> and <c>threshold</c> (the rule of the decisions and
/// the per-label F1: top label single-label, the threshold multi-label), <c>metrics[] {name, reference, candidate, delta, ciLower,
/// ciUpper}</c> with the evaluate JSON's metric names, <c>mcnemar {fixed, broken, pValue}</c>,
/// <c>items {fixed, broken, bothCorrect, bothWrong}</c>, <c>perLabel[]</c>, <c>matching</c> and the fixed and
/// broken items in <c>changes[]</c>. Undefined values are null.
/// </summary>
public static class ComparisonJson
{
    /// <summary>Writes the whole comparison as one object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="comparison">The comparison.</param>
    /// <param name="maxChangesPerKind">At most this many fixed and this many broken items in <c>changes[]</c>, the first in the comparison's order (the report's bound); the counts are always whole.</param>
    public static void Write(Utf8JsonWriter writer, ModelComparison comparison, int maxChangesPerKind = int.MaxValue)
    {
        writer.WriteStartObject();
        writer.WriteString("task", comparison.Reference.IsMultiLabel ? "classification-multi-label" : "classification-single-label");
        writer.WriteNumber("bootstrapSamples", comparison.BootstrapSamples);
        // The rule behind the decisions (McNemar, items) and the per-label F1, named as evaluate's confusion matrix names its own.
        var multiLabel = comparison.Reference.IsMultiLabel;
        writer.WriteString("decision", multiLabel ? ClassificationJson.ThresholdDecision : ClassificationJson.TopLabelDecision);
        if (multiLabel) writer.WriteNumber("threshold", comparison.Reference.Options.Threshold);
        else writer.WriteNull("threshold");
        var matching = comparison.Matching;
        writer.WriteStartObject("matching");
        writer.WriteNumber("pairedItems", matching.PairedItems);
        writer.WriteNumber("referenceItems", matching.ReferenceItems);
        writer.WriteNumber("candidateItems", matching.CandidateItems);
        writer.WriteNumber("onlyInReference", matching.OnlyInReference);
        writer.WriteNumber("onlyInCandidate", matching.OnlyInCandidate);
        writer.WriteEndObject();
        WriteMetrics(writer, comparison.Metrics);
        writer.WriteStartObject("mcnemar");
        writer.WriteNumber("fixed", comparison.Fixed);
        writer.WriteNumber("broken", comparison.Broken);
        writer.WriteNumber("pValue", comparison.McNemarPValue);
        writer.WriteEndObject();
        writer.WriteStartObject("items");
        writer.WriteNumber("fixed", comparison.Fixed);
        writer.WriteNumber("broken", comparison.Broken);
        writer.WriteNumber("bothCorrect", comparison.BothCorrect);
        writer.WriteNumber("bothWrong", comparison.BothWrong);
        writer.WriteEndObject();
        writer.WriteStartArray("perLabel");
        foreach (var label in comparison.PerLabel)
        {
            writer.WriteStartObject();
            writer.WriteString("displayName", label.Label);
            writer.WriteNumber("support", label.Support);
            writer.WriteNumberOrNull("referenceAuPrc", label.ReferenceAuPrc);
            writer.WriteNumberOrNull("candidateAuPrc", label.CandidateAuPrc);
            writer.WriteNumberOrNull("auPrcDelta", label.AuPrcDelta);
            writer.WriteNumberOrNull("referenceAuRoc", label.ReferenceAuRoc);
            writer.WriteNumberOrNull("candidateAuRoc", label.CandidateAuRoc);
            writer.WriteNumberOrNull("auRocDelta", label.AuRocDelta);
            writer.WriteNumberOrNull("referenceF1Score", label.ReferenceF1);
            writer.WriteNumberOrNull("candidateF1Score", label.CandidateF1);
            writer.WriteNumberOrNull("f1ScoreDelta", label.F1Delta);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("changes");
        int fixedWritten = 0, brokenWritten = 0;
        foreach (var item in comparison.Items.Where(i => i.Change is DecisionChange.Fixed or DecisionChange.Broken))
        {
            if ((item.Change == DecisionChange.Fixed ? fixedWritten++ : brokenWritten++) >= maxChangesPerKind) continue;
            writer.WriteStartObject();
            writer.WriteString("content", item.ItemId);
            writer.WriteString("change", item.Change == DecisionChange.Fixed ? "fixed" : "broken");
            writer.WriteStartArray("trueLabels");
            foreach (var label in item.TrueLabels) writer.WriteStringValue(label);
            writer.WriteEndArray();
            writer.WriteString("referenceLabel", item.ReferenceLabel);
            writer.WriteNumber("referenceScore", item.ReferenceScore);
            writer.WriteString("candidateLabel", item.CandidateLabel);
            writer.WriteNumber("candidateScore", item.CandidateScore);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes a comparison of two detectors as one object: <c>task</c>, <c>bootstrapSamples</c>, <c>matching {images}</c>,
    /// <c>metrics[]</c> as for classification with COCO's names (<c>AP</c>, <c>AP50</c>, <c>AP75</c>; the intervals
    /// from resampling images) and <c>perLabel[] {displayName, categoryId, groundTruthObjects, referenceAp,
    /// candidateAp, apDelta, referenceAp50, candidateAp50, ap50Delta}</c>. Undefined values are null.
    /// </summary>
    public static void WriteDetection(Utf8JsonWriter writer, DetectionComparison comparison)
    {
        writer.WriteStartObject();
        writer.WriteString("task", comparison.Reference.Params.IouType == IouType.Segmentation ? "segmentation" : "detection");
        writer.WriteNumber("bootstrapSamples", comparison.BootstrapSamples);
        writer.WriteStartObject("matching");
        writer.WriteNumber("images", comparison.Images);
        writer.WriteEndObject();
        WriteMetrics(writer, comparison.Metrics);
        writer.WriteStartArray("perLabel");
        foreach (var label in comparison.PerLabel)
        {
            writer.WriteStartObject();
            writer.WriteString("displayName", label.Label);
            writer.WriteNumber("categoryId", label.CategoryId);
            writer.WriteNumber("groundTruthObjects", label.GroundTruthObjects);
            writer.WriteNumberOrNull("referenceAp", label.ReferenceAp);
            writer.WriteNumberOrNull("candidateAp", label.CandidateAp);
            writer.WriteNumberOrNull("apDelta", label.ApDelta);
            writer.WriteNumberOrNull("referenceAp50", label.ReferenceAp50);
            writer.WriteNumberOrNull("candidateAp50", label.CandidateAp50);
            writer.WriteNumberOrNull("ap50Delta", label.Ap50Delta);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>metrics[] {name, reference, candidate, delta, ciLower, ciUpper, higherIsBetter}</c>.</summary>
    private static void WriteMetrics(Utf8JsonWriter writer, IEnumerable<MetricDelta> metrics)
    {
        writer.WriteStartArray("metrics");
        foreach (var metric in metrics)
        {
            writer.WriteStartObject();
            writer.WriteString("name", metric.Name);
            writer.WriteNumberOrNull("reference", metric.Reference);
            writer.WriteNumberOrNull("candidate", metric.Candidate);
            writer.WriteNumberOrNull("delta", metric.Delta);
            writer.WriteNumberOrNull("ciLower", metric.CiLower);
            writer.WriteNumberOrNull("ciUpper", metric.CiUpper);
            writer.WriteBoolean("higherIsBetter", metric.HigherIsBetter);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>Writes gate results as <c>{passed, gates[] {gate, metric, kind, limit, value, baseline, drop, passed, message}}</c>.</summary>
    public static void WriteGates(Utf8JsonWriter writer, IReadOnlyList<GateResult> results)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("passed", results.All(r => r.Passed));
        writer.WriteStartArray("gates");
        foreach (var result in results)
        {
            writer.WriteStartObject();
            writer.WriteString("gate", result.Gate.ToString());
            writer.WriteString("metric", result.Gate.Metric);
            writer.WriteString("kind", result.Gate.Kind switch { GateKind.Minimum => "min", GateKind.Maximum => "max", _ => "max-drop" });
            writer.WriteNumber("limit", result.Gate.Limit);
            writer.WriteBoolean("relative", result.Gate.Relative);
            writer.WriteNumberOrNull("value", result.Value);
            writer.WriteNumberOrNull("baseline", result.Baseline);
            writer.WriteNumberOrNull("drop", result.Drop);
            writer.WriteBoolean("passed", result.Passed);
            writer.WriteString("message", result.Message);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
