using System.Text.Json;
using System.Threading.Tasks;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Detection;

namespace AutoMLEval.Engine.Formats.Detection;

/// <summary>
/// The JSON form of a detection evaluation, named after Vertex AI's image object detection metrics and COCO's
/// statistics; undefined numbers are null. The CLI prints it; it lives here, beside <c>ClassificationJson</c>,
/// so that every front end writes the same fields.
/// </summary>
public static class DetectionJson
{
    /// <summary>
    /// Writes the evaluation as one JSON object: <c>cocoStats</c> (the 12 COCO numbers), Vertex AI's
    /// <c>boundingBoxMeanAveragePrecision</c> and <c>boundingBoxMetrics[]</c>, EasyDL's <c>bestF1</c>, <c>perLabel[]</c>
    /// (-1 where COCO reports -1), the confusion matrix at the best-F1 confidence, <c>errorAnalysis</c> (TIDE's
    /// AP, and the count and dAP of each error kind) and <c>counts</c>.
    /// </summary>
    public static void Write(Utf8JsonWriter w, string task, DetectionEvaluation evaluation)
    {
        // TIDE's analysis, written last, is computed on another core meanwhile: the views before it are counted on this
        // thread one after the other, which left the second core idle.
        var errorAnalysis = Task.Run(() => evaluation.ErrorAnalysis);
        w.WriteStartObject();
        w.WriteString("task", task);
        w.WriteString("iouType", evaluation.Params.IouType == IouType.Segmentation ? "segm" : "bbox");
        w.WriteStartObject("cocoStats");
        var stats = evaluation.Stats.ToArray();
        for (int i = 0; i < stats.Length; i++) w.WriteNumber(CocoStats.JsonNames[i], stats[i]);
        w.WriteEndObject();
        w.WriteNumberOrNull("boundingBoxMeanAveragePrecision", evaluation.BoundingBoxMeanAveragePrecision);
        var best = evaluation.BestF1Counts;
        w.WriteStartObject("bestF1");
        w.WriteNumberOrNull("iouThreshold", 0.5);
        w.WriteNumberOrNull("confidenceThreshold", best.Threshold);
        w.WriteNumberOrNull("precision", best.Precision);
        w.WriteNumberOrNull("recall", best.Recall);
        w.WriteNumberOrNull("f1Score", best.F1);
        w.WriteEndObject();
        w.WriteStartArray("perLabel");
        foreach (var l in evaluation.Labels)
        {
            w.WriteStartObject();
            w.WriteString("displayName", l.DisplayName);
            w.WriteNumber("categoryId", l.CategoryId);
            w.WriteNumberOrNull("ap", l.Ap);
            w.WriteNumberOrNull("ap50", l.Ap50);
            w.WriteNumberOrNull("ap75", l.Ap75);
            w.WriteNumberOrNull("ar100", l.Ar100);
            w.WriteNumberOrNull("precisionAtBestF1", l.PrecisionAtBestF1);
            w.WriteNumberOrNull("recallAtBestF1", l.RecallAtBestF1);
            w.WriteNumberOrNull("bestF1Threshold", l.BestF1Threshold);
            w.WriteNumberOrNull("groundTruthObjects", l.GroundTruthCount);
            w.WriteNumberOrNull("detections", l.DetectionCount);
            w.WriteStartArray("apPerIou");
            foreach (var v in l.ApPerIou) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("boundingBoxMetrics");
        foreach (var m in evaluation.BoundingBoxMetrics)
        {
            w.WriteStartObject();
            w.WriteNumberOrNull("iouThreshold", m.IouThreshold);
            w.WriteNumberOrNull("meanAveragePrecision", m.MeanAveragePrecision);
            w.WriteStartArray("confidenceMetrics");
            foreach (var r in m.ConfidenceMetrics) WriteConfidenceRow(w, r);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        double confidence = DetectionConfusion.OperatingConfidence(evaluation);
        var matrix = DetectionConfusion.Compute(evaluation, DetectionConfusion.DefaultIou, confidence);
        w.WriteStartObject("confusionMatrix");
        w.WriteNumberOrNull("iouThreshold", DetectionConfusion.DefaultIou);
        w.WriteNumberOrNull("confidenceThreshold", confidence);
        w.WriteStartArray("labels");
        foreach (var label in matrix.Labels) w.WriteStringValue(label);
        w.WriteEndArray();
        w.WriteConfusionCounts(matrix);
        w.WriteEndObject();
        WriteErrorAnalysis(w, errorAnalysis.GetAwaiter().GetResult());
        var c = evaluation.Counts;
        w.WriteStartObject("counts");
        w.WriteNumberOrNull("images", c.Images);
        w.WriteNumberOrNull("categories", c.Categories);
        w.WriteNumberOrNull("groundTruthObjects", c.GroundTruthObjects);
        w.WriteNumberOrNull("crowdObjects", c.CrowdObjects);
        w.WriteNumberOrNull("groundTruthSkipped", c.GroundTruthSkipped);
        w.WriteNumberOrNull("groundTruthInvalid", c.GroundTruthInvalid);
        w.WriteNumberOrNull("detections", c.Detections);
        w.WriteNumberOrNull("detectionsSkipped", c.DetectionsSkipped);
        w.WriteNumberOrNull("detectionsUnknownImage", c.DetectionsUnknownImage);
        w.WriteNumberOrNull("detectionsUnknownCategory", c.DetectionsUnknownCategory);
        w.WriteNumberOrNull("detectionsInvalid", c.DetectionsInvalid);
        w.WriteNumberOrNull("detectionsBeyondMaxDets", c.DetectionsBeyondMaxDets);
        w.WriteNumberOrNull("detectionsOtherSplit", c.DetectionsOtherSplit);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// Writes <c>errorAnalysis</c>: the thresholds, TIDE's <c>ap</c>, and per kind (named as <c>errors --kind</c> names
    /// them) the <c>count</c> and TIDE's <c>deltaAp</c>, fractions as every AP here (TIDE prints them × 100).
    /// </summary>
    public static void WriteErrorAnalysis(Utf8JsonWriter w, DetectionErrors errors)
    {
        w.WriteStartObject("errorAnalysis");
        w.WriteString("method", "TIDE (tidecv 1.0.1)");
        w.WriteNumberOrNull("iouThreshold", errors.IouThreshold);
        w.WriteNumberOrNull("backgroundThreshold", errors.BackgroundThreshold);
        w.WriteNumberOrNull("ap", errors.Ap);
        w.WriteStartArray("kinds");
        foreach (DetectionErrorKind kind in Enum.GetValues(typeof(DetectionErrorKind)))
        {
            w.WriteStartObject();
            w.WriteString("kind", KindName(kind));
            w.WriteNumber("count", errors.CountOf(kind));
            w.WriteNumberOrNull("deltaAp", errors.DeltaAp(kind));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The kebab-case name of an error kind, as the command line and the JSON write it.</summary>
    public static string KindName(DetectionErrorKind kind) => kind switch
    {
        DetectionErrorKind.Duplicate => "duplicate",
        DetectionErrorKind.WrongLabel => "wrong-label",
        DetectionErrorKind.Localisation => "localisation",
        DetectionErrorKind.WrongLabelAndLocalisation => "wrong-label-and-localisation",
        DetectionErrorKind.Background => "background",
        _ => "missed",
    };

    /// <summary>
    /// Writes one confidence row of a detection sweep (Vertex AI's names, the counts named as in classification's rows),
    /// first the label it is of where given (a sweep's rows; an evaluation's rows sit under their label already).
    /// </summary>
    public static void WriteConfidenceRow(Utf8JsonWriter w, ThresholdCounts r, string? displayName = null)
    {
        w.WriteStartObject();
        if (displayName is not null) w.WriteString("displayName", displayName);
        w.WriteNumberOrNull("confidenceThreshold", r.Threshold);
        w.WriteNumberOrNull("recall", r.Recall);
        w.WriteNumberOrNull("precision", r.Precision);
        w.WriteNumberOrNull("f1Score", r.F1);
        w.WriteNumberOrNull("truePositiveCount", r.TruePositives);
        w.WriteNumberOrNull("falsePositiveCount", r.FalsePositives);
        w.WriteNumberOrNull("falseNegativeCount", r.FalseNegatives);
        w.WriteEndObject();
    }
}
