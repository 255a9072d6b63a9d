using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Slices;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// Writes a classification evaluation as JSON whose names follow Vertex AI's
/// <c>classificationEvaluationMetrics</c> (<c>auPrc</c>, <c>auRoc</c>, <c>logLoss</c>, <c>confidenceMetrics</c>,
/// <c>confusionMatrix</c>), with our additions in camelCase. Undefined values (NaN) are written as null.
/// Used by the CLI and embedded in the HTML report, so both show the same numbers; <see cref="Read"/> reads a saved
/// one back as the baseline of a release gate.
/// </summary>
public static class ClassificationJson
{
    /// <summary>The <c>decision</c> of a view that predicts each item's highest-scored label whatever its score (single-label).</summary>
    public const string TopLabelDecision = "topLabel";

    /// <summary>The <c>decision</c> of a view that predicts every label whose score is at least the threshold.</summary>
    public const string ThresholdDecision = "threshold";

    /// <summary>Writes the whole evaluation as one JSON object.</summary>
    /// <remarks>With <paramref name="slices"/>, a <c>slices[] {key, value, items, …}</c> array follows, each slice with the same metric fields.</remarks>
    public static void Write(Utf8JsonWriter writer, ClassificationEvaluation evaluation, InputSummary? summary = null, string? mlUse = null, IReadOnlyList<EvaluationSlice>? slices = null) =>
        WriteEvaluation(writer, evaluation, summary, mlUse, slices, sliceKey: null, sliceValue: null);

    // With a slice key, the evaluation is that slice's alone, and says so in slice {key, value} (the names of a slices[] entry).
    private static void WriteEvaluation(Utf8JsonWriter writer, ClassificationEvaluation evaluation, InputSummary? summary, string? mlUse, IReadOnlyList<EvaluationSlice>? slices, string? sliceKey, string? sliceValue)
    {
        writer.WriteStartObject();
        writer.WriteString("task", evaluation.IsMultiLabel ? "classification-multi-label" : "classification-single-label");
        if (mlUse is not null) writer.WriteString("mlUse", mlUse);
        if (sliceKey is not null)
        {
            writer.WriteStartObject("slice");
            writer.WriteString("key", sliceKey);
            if (sliceValue is null) writer.WriteNull("value");
            else writer.WriteString("value", sliceValue);
            writer.WriteEndObject();
        }
        writer.WriteNumber("items", evaluation.ItemCount);
        WriteMetrics(writer, evaluation);
        if (summary is not null) WriteSummary(writer, summary);
        if (slices is not null)
        {
            writer.WriteStartArray("slices");
            foreach (var slice in slices)
            {
                writer.WriteStartObject();
                writer.WriteString("key", slice.Key);
                if (slice.Value is null) writer.WriteNull("value");
                else writer.WriteString("value", slice.Value);
                writer.WriteNumber("items", slice.Items);
                WriteMetrics(writer, slice.Evaluation);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// Saves the whole evaluation to <paramref name="path"/> as <c>automl-eval evaluate --format json</c> prints it (what
    /// <see cref="Read"/> reads back). An evaluation of one slice (<paramref name="sliceKey"/> given; <paramref name="sliceValue"/>
    /// null for the items without a value) adds <c>slice {key, value}</c> after <c>mlUse</c>, so that it is not read back
    /// as the whole evaluation.
    /// </summary>
    public static void Save(string path, ClassificationEvaluation evaluation, InputSummary? summary = null, string? mlUse = null, string? sliceKey = null, string? sliceValue = null) =>
        JsonWriting.WriteDocument(path, writer => WriteEvaluation(writer, evaluation, summary, mlUse, null, sliceKey, sliceValue));

    /// <summary>
    /// Reads back what <see cref="Write"/> wrote (<c>automl-eval evaluate --format json</c>, Export-ModelEvaluation): the
    /// whole evaluation's headline metrics, threshold, items, split and labels (<c>slices[]</c> are left aside), and the
    /// <c>slice {key, value}</c> of a saved slice's evaluation. A file in
    /// UTF-8 or, with its byte order mark, UTF-16 (what Windows PowerShell's <c>&gt;</c> writes), or gzip.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InputFormatException">Not JSON, not a classification evaluation, or a field missing or of the wrong type (named).</exception>
    public static SavedEvaluation Read(string path)
    {
        string text;
        using (var reader = new StreamReader(InputFile.OpenRead(path), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            text = reader.ReadToEnd();
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InputFormatException("InvalidJson", path, (e.LineNumber ?? -1) + 1, string.Empty, $"this is not JSON ({JsonLines.FailureReason(e)}); a saved evaluation is what Export-ModelEvaluation and automl-eval evaluate --format json write");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InputFormatException("NotAnEvaluation", path, 0, string.Empty, "a saved evaluation is one JSON object, as automl-eval evaluate --format json writes it");
            var task = Required(root, "task", JsonValueKind.String, path).GetString();
            bool multiLabel = task switch
            {
                "classification-single-label" => false,
                "classification-multi-label" => true,
                _ => throw new InputFormatException("NotClassification", path, 0, "task", $"the task is '{task}'; gates against a saved evaluation take a classification evaluation (classification-single-label or classification-multi-label)"),
            };
            var items = Required(root, "items", JsonValueKind.Number, path);
            if (!items.TryGetInt32(out var itemCount) || itemCount < 0) throw new InputFormatException("InvalidField", path, 0, "items", $"'{items.GetRawText()}' is not a count of items");
            var threshold = NumberOrNull(root, "threshold", path);
            var (sliceKey, sliceValue) = ReadSlice(root, path);
            var calibration = root.TryGetProperty("calibration", out var block) && block.ValueKind == JsonValueKind.Object ? block : (JsonElement?)null;
            var metrics = new List<KeyValuePair<string, double>>();
            foreach (var metric in HeadlineMetrics.All)
            {
                // ECE and the Brier score live in the calibration block, which multi-label evaluations do not have.
                var value = !IsCalibrationMetric(metric) ? NumberOrNull(root, metric.Name, path)
                    : calibration is { } c ? NumberOrNull(c, metric.Name, path, "calibration")
                    : double.NaN;
                metrics.Add(new KeyValuePair<string, double>(metric.Name, value));
            }
            var mlUse = root.TryGetProperty("mlUse", out var split) && split.ValueKind == JsonValueKind.String ? split.GetString() : null;
            var perLabel = root.TryGetProperty("perLabel", out var labelArray) && labelArray.ValueKind == JsonValueKind.Array
                ? labelArray.EnumerateArray().Select((label, k) => ReadSavedLabel(label, $"perLabel[{k}]", path)).ToArray()
                : null;
            return new SavedEvaluation(path, multiLabel, itemCount, threshold, metrics, mlUse, perLabel?.Select(l => l.Label).ToArray())
            {
                PerLabel = perLabel,
                SliceKey = sliceKey,
                SliceValue = sliceValue,
            };
        }
    }

    // A saved slice's key and value (null: the items without a value); no key for a whole evaluation.
    private static (string? Key, string? Value) ReadSlice(JsonElement root, string path)
    {
        if (!root.TryGetProperty("slice", out var slice) || slice.ValueKind == JsonValueKind.Null) return (null, null);
        if (slice.ValueKind != JsonValueKind.Object) throw new InputFormatException("InvalidField", path, 0, "slice", "an object {key, value} is expected");
        var key = Required(slice, "key", JsonValueKind.String, path, "slice").GetString();
        if (!slice.TryGetProperty("value", out var value)) throw Missing(path, "slice.value");
        if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)) throw new InputFormatException("InvalidField", path, 0, "slice.value", $"'{value.GetRawText()}' is not a string or null");
        return (key, value.ValueKind == JsonValueKind.Null ? null : value.GetString());
    }

    // A figure absent from an entry (the argmax ones of multi-label evaluations) is NaN; one of another type is an error.
    private static SavedLabelMetrics ReadSavedLabel(JsonElement label, string field, string path)
    {
        if (label.ValueKind != JsonValueKind.Object || !label.TryGetProperty("displayName", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw new InputFormatException("InvalidField", path, 0, field + ".displayName", "a label name (string) is expected");
        }
        double Figure(string figure) => label.TryGetProperty(figure, out _) ? NumberOrNull(label, figure, path, field) : double.NaN;
        if (!label.TryGetProperty("support", out var support) || support.ValueKind != JsonValueKind.Number || !support.TryGetInt64(out var count) || count < 0)
        {
            throw new InputFormatException("InvalidField", path, 0, field + ".support", "a count of items is expected");
        }
        return new SavedLabelMetrics(name.GetString()!, count, Figure("auPrc"), Figure("auRoc"), Figure("precision"), Figure("recall"), Figure("f1Score"),
            Figure("bestF1Score"), Figure("bestF1Threshold"), Figure("argmaxPrecision"), Figure("argmaxRecall"), Figure("argmaxF1Score"));
    }

    /// <summary>Whether <see cref="WriteCalibration"/> writes the metric (inside <c>calibration</c>, absent for multi-label).</summary>
    private static bool IsCalibrationMetric(HeadlineMetric metric) => metric.Name is "expectedCalibrationError" or "brierScore";

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string path, string? objectName = null)
    {
        var field = objectName is null ? name : objectName + "." + name;
        if (!parent.TryGetProperty(name, out var value)) throw Missing(path, field);
        if (value.ValueKind != kind) throw new InputFormatException("InvalidField", path, 0, field, $"'{value.GetRawText()}' is not a {(kind == JsonValueKind.Number ? "number" : "string")}");
        return value;
    }

    private static InputFormatException Missing(string path, string field) =>
        new("MissingField", path, 0, field, "the field is missing; a saved evaluation is what automl-eval evaluate --format json writes");

    /// <summary>A required number, NaN for null (undefined); <paramref name="objectName"/> names the object it is in, for errors.</summary>
    private static double NumberOrNull(JsonElement parent, string name, string path, string? objectName = null)
    {
        var field = objectName is null ? name : objectName + "." + name;
        if (!parent.TryGetProperty(name, out var value)) throw Missing(path, field);
        if (value.ValueKind == JsonValueKind.Null) return double.NaN;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number)) throw new InputFormatException("InvalidField", path, 0, field, $"'{value.GetRawText()}' is not a number or null");
        return number;
    }

    /// <summary>
    /// Writes the metric fields into the current object (no braces): what every task built on the classification
    /// engine (video) shares in name and meaning.
    /// </summary>
    public static void WriteMetrics(Utf8JsonWriter writer, ClassificationEvaluation evaluation)
    {
        writer.WriteNumberOrNull("threshold", evaluation.Options.Threshold);
        writer.WriteNumberOrNull("auPrc", evaluation.MicroAuPrc);
        writer.WriteNumberOrNull("auRoc", evaluation.MicroAuRoc);
        writer.WriteNumberOrNull("logLoss", evaluation.LogLoss);
        writer.WriteNumberOrNull("macroAuPrc", evaluation.MacroAuPrc);
        writer.WriteNumberOrNull("macroAuRoc", evaluation.MacroAuRoc);
        writer.WriteNumberOrNull("accuracy", evaluation.Accuracy);
        writer.WriteNumberOrNull("macroF1", evaluation.MacroF1);
        writer.WriteNumberOrNull("microPrecision", evaluation.MicroAtThreshold.Precision);
        writer.WriteNumberOrNull("microRecall", evaluation.MicroAtThreshold.Recall);
        writer.WriteNumberOrNull("microF1", evaluation.MicroAtThreshold.F1);
        writer.WriteStartObject("topKAccuracy");
        for (int k = 0; k < evaluation.TopKAccuracy.Count; k++) writer.WriteNumberOrNull((k + 1).ToString(CultureInfo.InvariantCulture), evaluation.TopKAccuracy[k]);
        writer.WriteEndObject();
        if (evaluation.IsMultiLabel)
        {
            writer.WriteNumberOrNull("hammingLoss", evaluation.HammingLoss);
            writer.WriteNumberOrNull("subsetAccuracy", evaluation.SubsetAccuracy);
            writer.WriteNumberOrNull("labelRankingAveragePrecision", evaluation.LabelRankingAveragePrecision);
            writer.WriteNumberOrNull("coverageError", evaluation.CoverageError);
        }
        writer.WritePropertyName("bestF1");
        WriteOperatingPoint(writer, evaluation.MicroBestF1);
        if (evaluation.Calibration is { } calibration) WriteCalibration(writer, calibration);
        if (evaluation.Intervals.Count > 0)
        {
            writer.WriteStartObject("confidenceIntervals");
            foreach (var metric in HeadlineMetrics.All)
            {
                if (!evaluation.Intervals.TryGetValue(metric.Name, out var interval)) continue;
                writer.WriteStartObject(metric.Name);
                writer.WriteNumberOrNull("lower", interval.Lower);
                writer.WriteNumberOrNull("upper", interval.Upper);
                writer.WriteNumber("samples", interval.Samples);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        writer.WriteStartArray("confidenceMetrics");
        foreach (var row in evaluation.ConfidenceMetrics) WriteConfidenceRow(writer, row);
        writer.WriteEndArray();
        if (evaluation.ConfusionMatrix is { } matrix) WriteConfusionMatrix(writer, matrix);
        writer.WriteStartArray("perLabel");
        foreach (var label in evaluation.PerLabel) WriteLabel(writer, label);
        writer.WriteEndArray();
    }

    /// <summary>
    /// Writes one Vertex-style confidence-metrics row, first the label it is of where given (a sweep's rows; an
    /// evaluation's rows sit under their label already).
    /// </summary>
    public static void WriteConfidenceRow(Utf8JsonWriter writer, ConfidenceMetricsRow row, string? displayName = null)
    {
        writer.WriteStartObject();
        if (displayName is not null) writer.WriteString("displayName", displayName);
        writer.WriteNumberOrNull("confidenceThreshold", row.Threshold);
        writer.WriteNumberOrNull("precision", row.All.Precision);
        writer.WriteNumberOrNull("recall", row.All.Recall);
        writer.WriteNumberOrNull("falsePositiveRate", row.All.FalsePositiveRate);
        writer.WriteNumberOrNull("f1Score", row.All.F1);
        writer.WriteNumberOrNull("precisionAt1", row.AtTop1.Precision);
        writer.WriteNumberOrNull("recallAt1", row.AtTop1.Recall);
        writer.WriteNumberOrNull("falsePositiveRateAt1", row.AtTop1.FalsePositiveRate);
        writer.WriteNumberOrNull("f1ScoreAt1", row.AtTop1.F1);
        writer.WriteNumber("truePositiveCount", row.All.TruePositives);
        writer.WriteNumber("falsePositiveCount", row.All.FalsePositives);
        writer.WriteNumber("falseNegativeCount", row.All.FalseNegatives);
        writer.WriteNumber("trueNegativeCount", row.All.TrueNegatives);
        writer.WriteEndObject();
    }

    /// <summary>Writes a threshold and its precision, recall, F1 and counts.</summary>
    public static void WriteOperatingPoint(Utf8JsonWriter writer, ThresholdCounts counts)
    {
        writer.WriteStartObject();
        writer.WriteNumberOrNull("confidenceThreshold", counts.Threshold);
        writer.WriteNumberOrNull("precision", counts.Precision);
        writer.WriteNumberOrNull("recall", counts.Recall);
        writer.WriteNumberOrNull("f1Score", counts.F1);
        writer.WriteNumber("truePositiveCount", counts.TruePositives);
        writer.WriteNumber("falsePositiveCount", counts.FalsePositives);
        writer.WriteNumber("falseNegativeCount", counts.FalseNegatives);
        writer.WriteNumber("trueNegativeCount", counts.TrueNegatives);
        writer.WriteEndObject();
    }

    /// <summary>Writes a number, or null when it is NaN or infinite.</summary>
    public static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) writer.WriteNull(name);
        else writer.WriteNumber(name, value);
    }

    /// <summary>Writes <c>calibration {expectedCalibrationError, maximumCalibrationError, equalMassExpectedCalibrationError, brierScore, bins[]}</c>.</summary>
    public static void WriteCalibration(Utf8JsonWriter writer, Calibration calibration)
    {
        writer.WriteStartObject("calibration");
        writer.WriteNumberOrNull("expectedCalibrationError", calibration.ExpectedCalibrationError);
        writer.WriteNumberOrNull("maximumCalibrationError", calibration.MaximumCalibrationError);
        writer.WriteNumberOrNull("equalMassExpectedCalibrationError", calibration.EqualMassExpectedCalibrationError);
        writer.WriteNumberOrNull("brierScore", calibration.BrierScore);
        writer.WriteStartArray("bins");
        foreach (var bin in calibration.Bins)
        {
            writer.WriteStartObject();
            writer.WriteNumber("lower", bin.Lower);
            writer.WriteNumber("upper", bin.Upper);
            writer.WriteNumber("items", bin.Items);
            writer.WriteNumberOrNull("accuracy", bin.Accuracy);
            writer.WriteNumberOrNull("confidence", bin.Confidence);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteConfusionMatrix(Utf8JsonWriter writer, ConfusionMatrix matrix)
    {
        writer.WriteStartObject("confusionMatrix");
        writer.WriteString("decision", TopLabelDecision);
        writer.WriteStartArray("annotationSpecs");
        foreach (var label in matrix.Labels)
        {
            writer.WriteStartObject();
            writer.WriteString("displayName", label);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteConfusionCounts(matrix);
        if (matrix.Labels.Count > 10)
        {
            writer.WriteStartArray("mostConfusedLabels");
            foreach (var j in matrix.MostConfusedLabels()) writer.WriteStringValue(matrix.Labels[j]);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WriteLabel(Utf8JsonWriter writer, LabelMetrics label)
    {
        writer.WriteStartObject();
        writer.WriteString("displayName", label.Label);
        writer.WriteNumberOrNull("auPrc", label.AuPrc);
        writer.WriteNumberOrNull("auRoc", label.AuRoc);
        writer.WriteNumberOrNull("precision", label.AtThreshold.Precision);
        writer.WriteNumberOrNull("recall", label.AtThreshold.Recall);
        writer.WriteNumberOrNull("f1Score", label.AtThreshold.F1);
        writer.WriteNumber("support", label.Support);
        if (label.ArgMax is { } argMax)
        {
            writer.WriteNumberOrNull("argmaxPrecision", argMax.Precision);
            writer.WriteNumberOrNull("argmaxRecall", argMax.Recall);
            writer.WriteNumberOrNull("argmaxF1Score", argMax.F1);
        }
        writer.WriteNumberOrNull("bestF1Threshold", label.BestF1.Threshold);
        writer.WriteNumberOrNull("bestF1Score", label.BestF1.F1);
        writer.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter writer, InputSummary summary)
    {
        writer.WriteStartObject("counts");
        writer.WriteNumber("evaluated", summary.Evaluated);
        writer.WriteNumber("groundTruthItems", summary.GroundTruthItems);
        writer.WriteNumber("predictionItems", summary.PredictionItems);
        writer.WriteNumber("missingPredictions", summary.MissingPredictions);
        writer.WriteNumber("unknownPredictions", summary.UnknownPredictions);
        writer.WriteNumber("otherSplitPredictions", summary.OtherSplitPredictions);
        writer.WriteNumber("rejectedGroundTruthItems", summary.RejectedGroundTruthItems);
        writer.WriteNumber("rejectedItemPredictions", summary.RejectedItemPredictions);
        writer.WriteNumber("skippedGroundTruthRecords", summary.SkippedGroundTruthRecords);
        writer.WriteNumber("skippedPredictionRecords", summary.SkippedPredictionRecords);
        writer.WriteNumber("skippedMetadataRecords", summary.SkippedMetadataRecords);
        writer.WriteNumber("duplicateRecords", summary.DuplicateRecords);
        writer.WriteNumber("missingScores", summary.MissingScores);
        writer.WriteNumber("labelsOnlyInPredictions", summary.LabelsOnlyInPredictions.Count);
        writer.WriteNumber("labelsOnlyInGroundTruth", summary.LabelsOnlyInGroundTruth.Count);
        writer.WriteEndObject();
    }
}
