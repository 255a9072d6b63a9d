using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Reports.Detection;

/// <summary>
/// The sections of a detection (or segmentation) report. The data it embeds, all from the engine:
/// <list type="bullet">
/// <item>the 12 COCO statistics (<see cref="DetectionEvaluation.Stats"/>) and <see cref="DetectionEvaluation.Counts"/>;</item>
/// <item>per label, <see cref="DetectionEvaluation.Labels"/> (AP, AP50, AP75, AR100, precision and recall at the best F1);</item>
/// <item>per evaluated IoU threshold, <see cref="DetectionEvaluation.Sweep"/> over all labels on the slider's grid (k / steps):
/// precision, recall, F1 and counts, which are both the PR curve and what the slider shows;</item>
/// <item>the <see cref="DetectionConfusion"/> matrix at IoU .50 and the operating confidence (as the CLI's JSON writes it), and
/// the first <see cref="MaxCellImages"/> images of each cell, drawn with their boxes when the cell is opened;</item>
/// <item><see cref="DetectionErrorAnalysis.Analyze"/> at each IoU the selector offers alone (0.5, and 0.75 when evaluated) with
/// background 0.1: counts and TIDE's dAP per kind, the first errors (up to <see cref="MaxErrors"/>), and for the images of
/// the first <see cref="ReportOptions.GalleryItems"/> of them, the image (when its file is found under the images folder)
/// with every ground-truth box and detection.</item>
/// </list>
/// </summary>
internal sealed class DetectionReportPart : IReportPart
{
    /// <summary>The IoU of the error analysis (TIDE's t_f) at load, and the one the every-threshold selection uses.</summary>
    internal const double ErrorIou = 0.5;

    /// <summary>The other IoU the selector offers alone (when the evaluation has it), with its own error analysis.</summary>
    internal const double StrictErrorIou = 0.75;

    /// <summary>TIDE's background threshold t_b.</summary>
    internal const double BackgroundIou = 0.1;

    /// <summary>Errors embedded in the list; the page says how many there are in all.</summary>
    internal const int MaxErrors = 5000;

    /// <summary>Images embedded per confusion cell; the page says how many the cell has in all.</summary>
    internal const int MaxCellImages = 24;

    /// <summary>Labels the matrix shows (then background); above it, those most involved in confusions and an "other labels" column.</summary>
    private const int MaxMatrixLabels = 20;

    private readonly DetectionEvaluation _evaluation;
    private readonly ReportOptions _options;
    private readonly string? _imagesDirectory;

    public DetectionReportPart(DetectionEvaluation evaluation, ReportOptions options, string? imagesDirectory)
    {
        _evaluation = evaluation;
        _options = options;
        _imagesDirectory = imagesDirectory;
        Thresholds = Enumerable.Range(0, options.ThresholdSteps + 1).Select(k => k / (double)options.ThresholdSteps).ToArray();
    }

    public string Key => "detection";

    public IReadOnlyList<ReportSection> Sections { get; } = new[]
    {
        new ReportSection("summary", "Summary"),
        new ReportSection("curves", "Precision–recall"),
        new ReportSection("labels", "Labels"),
        new ReportSection("confusion", "Confusion matrix"),
        new ReportSection("errors", "False and missed detections"),
    };

    public IReadOnlyList<string> Scripts { get; } = new[] { "detection.js" };

    /// <summary>The slider's confidence thresholds, k / steps for k = 0 … steps.</summary>
    internal IReadOnlyList<double> Thresholds { get; }

    public void WriteBody(TextWriter html) => html.Write("""
<div class="threshold-bar">
<label for="threshold">Confidence threshold</label>
<input type="range" id="threshold" min="0" max="0" step="1" value="0" aria-describedby="threshold-help">
<output id="threshold-value" for="threshold"></output>
<label for="iou">IoU</label> <select id="iou"></select>
<span id="threshold-help" class="help">Arrow keys: ±0.01. Precision, recall and F1 at the threshold are the engine’s counts at the selected IoU.</span>
</div>
<section id="summary">
<h2>Summary</h2>
<dl class="metrics" id="live-metrics"></dl>
<h3>COCO statistics</h3>
<dl class="metrics" id="coco-metrics"></dl>
<h3>Inputs</h3>
<dl class="metrics small" id="input-summary"></dl>
</section>
<section id="curves">
<h2>Precision–recall</h2>
<p class="help">Precision against recall over confidence thresholds, all labels together (area all, 100 detections per image); the dot is the slider’s threshold.</p>
<div id="pr-chart"></div>
<div class="table-wrap"><table id="iou-table"></table></div>
</section>
<section id="labels">
<h2>Labels</h2>
<p class="help">Worst first (lowest AP); click a column heading to sort. Per label: COCO AP (IoU .50:.95), AP50, AP75, AR100, and precision and recall at the confidence where F1 is best (IoU 0.5).</p>
<div class="table-wrap"><table id="label-table" class="sortable"></table></div>
</section>
<section id="confusion">
<h2>Confusion matrix</h2>
<p class="help" id="confusion-help"></p>
<div class="table-wrap"><table id="confusion-table" class="confusion"></table></div>
<p class="help" id="confusion-status" tabindex="-1" aria-live="polite"></p>
<div class="error-view"><div><ul class="image-list" id="confusion-images"></ul></div>
<div id="confusion-image"></div></div>
</section>
<section id="errors">
<h2>False and missed detections</h2>
<p class="help" id="error-help"></p>
<dl class="metrics small" id="error-counts"></dl>
<div class="gallery-controls"><label for="error-kind">Kind</label> <select id="error-kind"></select></div>
<div class="error-view"><div>
<div class="table-wrap"><table id="error-table"></table></div>
<div class="pager"><button type="button" id="error-prev">Previous</button> <span id="error-page" aria-live="polite"></span> <button type="button" id="error-next">Next</button></div>
</div>
<div id="error-image"></div></div>
</section>
""");

    public void WriteData(Utf8JsonWriter json)
    {
        var evaluation = _evaluation;
        json.WriteStartObject();
        json.WriteString("iouType", evaluation.Params.IouType == IouType.Segmentation ? "segmentation" : "detection");
        json.WriteStartArray("statNames");
        foreach (var name in CocoStats.Names) json.WriteStringValue(name);
        json.WriteEndArray();
        json.WriteStartArray("stats");
        foreach (var value in evaluation.Stats.ToArray()) json.WriteNumberOrNullValue(value);
        json.WriteEndArray();
        WriteCounts(json, evaluation.Counts);

        json.WriteStartArray("labels");
        foreach (var label in evaluation.Labels)
        {
            json.WriteStartObject();
            json.WriteString("name", label.DisplayName);
            json.WriteNumber("groundTruth", label.GroundTruthCount);
            json.WriteNumber("detections", label.DetectionCount);
            json.WriteNumberOrNull("ap", label.Ap);
            json.WriteNumberOrNull("ap50", label.Ap50);
            json.WriteNumberOrNull("ap75", label.Ap75);
            json.WriteNumberOrNull("ar100", label.Ar100);
            json.WriteNumberOrNull("bestF1Threshold", label.BestF1Threshold);
            json.WriteNumberOrNull("precision", label.PrecisionAtBestF1);
            json.WriteNumberOrNull("recall", label.RecallAtBestF1);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("thresholds");
        foreach (var t in Thresholds) json.WriteNumberValue(t);
        json.WriteEndArray();
        json.WriteNumber("initial", Thresholds.Count / 2);
        json.WriteStartArray("sweeps");
        foreach (var metrics in evaluation.BoundingBoxMetrics)
        {
            var rows = evaluation.Sweep(metrics.IouThreshold, Thresholds);
            json.WriteStartObject();
            json.WriteNumber("iou", metrics.IouThreshold);
            json.WriteNumberOrNull("ap", metrics.MeanAveragePrecision);
            WriteSeries(json, "precision", rows.Select(r => r.Precision));
            WriteSeries(json, "recall", rows.Select(r => r.Recall));
            WriteSeries(json, "f1", rows.Select(r => r.F1));
            WriteSeries(json, "tp", rows.Select(r => (double)r.TruePositives));
            WriteSeries(json, "fp", rows.Select(r => (double)r.FalsePositives));
            WriteSeries(json, "fn", rows.Select(r => (double)r.FalseNegatives));
            json.WriteEndObject();
        }
        json.WriteEndArray();

        var cellImages = WriteConfusion(json);
        WriteErrors(json, cellImages);
        json.WriteEndObject();
    }

    /// <summary>
    /// The confusion matrix as the CLI's JSON counts it, as a <see cref="ConfusionBlock"/> (background last), and the
    /// images of each cell in the same order (null for "other labels"). Returns the ids of the images embedded.
    /// </summary>
    private List<long> WriteConfusion(Utf8JsonWriter json)
    {
        var confidence = DetectionConfusion.OperatingConfidence(_evaluation);
        var (matrix, cells) = DetectionConfusion.ComputeWithImages(_evaluation, DetectionConfusion.DefaultIou, confidence, MaxCellImages);
        int background = matrix.Labels.Count - 1;
        var shown = background <= MaxMatrixLabels
            ? Enumerable.Range(0, matrix.Labels.Count).ToArray()
            : matrix.MostConfusedLabels(matrix.Labels.Count).Where(i => i != background).Take(MaxMatrixLabels).OrderBy(i => i).Append(background).ToArray();
        var images = new List<long>();
        json.WriteStartObject("confusion");
        json.WriteNumber("iou", DetectionConfusion.DefaultIou);
        json.WriteNumber("confidence", confidence);
        json.WriteStartArray("labels");
        foreach (var i in shown) json.WriteStringValue(matrix.Labels[i]);
        json.WriteEndArray();
        ConfusionBlock.Write(json, matrix, shown);
        json.WriteStartArray("cells");
        foreach (var i in shown)
        {
            foreach (var j in shown)
            {
                var cell = cells[i, j];
                json.WriteStartObject();
                json.WriteNumber("images", cell.ImageCount);
                json.WriteStartArray("ids");
                foreach (var id in cell.ImageIds) json.WriteStringValue(id.ToString(CultureInfo.InvariantCulture));
                json.WriteEndArray();
                json.WriteEndObject();
                images.AddRange(cell.ImageIds);
            }
            if (shown.Length < matrix.Labels.Count) json.WriteNullValue();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        return images;
    }

    private static void WriteCounts(Utf8JsonWriter json, DetectionCounts counts)
    {
        json.WriteStartObject("counts");
        json.WriteNumber("images", counts.Images);
        json.WriteNumber("categories", counts.Categories);
        json.WriteNumber("groundTruthObjects", counts.GroundTruthObjects);
        json.WriteNumber("crowdObjects", counts.CrowdObjects);
        json.WriteNumber("groundTruthSkipped", counts.GroundTruthSkipped);
        json.WriteNumber("detections", counts.Detections);
        json.WriteNumber("detectionsSkipped", counts.DetectionsSkipped);
        json.WriteNumber("detectionsUnknownImage", counts.DetectionsUnknownImage);
        json.WriteNumber("detectionsUnknownCategory", counts.DetectionsUnknownCategory);
        json.WriteNumber("detectionsInvalid", counts.DetectionsInvalid);
        json.WriteNumber("detectionsBeyondMaxDets", counts.DetectionsBeyondMaxDets);
        json.WriteNumber("detectionsOtherSplit", counts.DetectionsOtherSplit);
        json.WriteEndObject();
    }

    private static void WriteSeries(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteNumberOrNullValue(value);
        json.WriteEndArray();
    }

    /// <summary>
    /// The error analyses (one per IoU the selector offers alone): kinds, counts, the first errors; and the images of the
    /// first gallery-sized part of them and of <paramref name="cellImages"/>, each once.
    /// </summary>
    private void WriteErrors(Utf8JsonWriter json, IReadOnlyList<long> cellImages)
    {
        var ious = new[] { ErrorIou, StrictErrorIou }.Where(iou => _evaluation.BoundingBoxMetrics.Any(m => Math.Abs(m.IouThreshold - iou) < 1e-9)).DefaultIfEmpty(ErrorIou).ToArray();
        var analyses = ious.Select(iou => DetectionErrorAnalysis.Analyze(_evaluation, iou, BackgroundIou, _options.Progress, _options.CancellationToken)).ToArray();
        var kinds = (DetectionErrorKind[])Enum.GetValues(typeof(DetectionErrorKind));
        json.WriteNumber("backgroundIou", BackgroundIou);
        json.WriteStartArray("errorKinds");
        foreach (var kind in kinds) json.WriteStringValue(kind.ToString());
        json.WriteEndArray();
        json.WriteStartArray("errorAnalyses");
        for (int a = 0; a < ious.Length; a++)
        {
            var errors = analyses[a];
            json.WriteStartObject();
            json.WriteNumber("iou", ious[a]);
            json.WriteStartArray("counts");
            foreach (var kind in kinds) json.WriteNumberValue(errors.CountOf(kind));
            json.WriteEndArray();
            json.WriteNumber("ap", errors.Ap);
            WriteSeries(json, "deltaAp", kinds.Select(errors.DeltaAp));
            json.WriteNumber("total", errors.Count);
            json.WriteStartArray("errors");
            foreach (var error in errors.Take(MaxErrors))
            {
                json.WriteStartObject();
                json.WriteNumber("kind", Array.IndexOf(kinds, error.Kind));
                json.WriteString("image", error.ImageId.ToString(CultureInfo.InvariantCulture));
                json.WriteString("file", error.FileName);
                json.WriteString("label", error.Label);
                json.WriteNumberOrNull("score", error.Score);
                json.WriteNumber("iou", error.BestIou);
                WriteSeries(json, "box", error.Box);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();

        // Images drawn: those of the first errors of each analysis and of the confusion cells, each once, with all their ground truth and evaluated detections.
        var imageIds = analyses.SelectMany(errors => errors.Take(MaxErrors).Select(e => e.ImageId).Distinct().Take(_options.GalleryItems)).Concat(cellImages).Distinct().ToArray();
        var images = _imagesDirectory is null ? null : new ReportImages(_imagesDirectory, _options, imageIds.Length);
        var groundTruth = _evaluation.GroundTruth;
        var drawn = imageIds.Select(id => groundTruth.ImageIndex[id]).ToArray();
        var truthByImage = ObjectsOf(groundTruth.Annotations, drawn);
        var detectionsByImage = ObjectsOf(_evaluation.Detections.Objects, drawn);
        json.WriteStartObject("images");
        foreach (var id in imageIds)
        {
            int index = groundTruth.ImageIndex[id];
            var image = groundTruth.Images[index];
            json.WriteStartObject(id.ToString(CultureInfo.InvariantCulture));
            json.WriteString("file", image.FileName);
            json.WriteNumber("width", image.Width);
            json.WriteNumber("height", image.Height);
            var source = images is null || image.FileName.Length == 0 ? null : images.DataUri(groundTruth.ImageFileInFolder(image));
            if (source is null) json.WriteNull("src");
            else json.WriteString("src", source);
            WriteBoxes(json, "truth", groundTruth.Annotations, truthByImage[index], withScore: false);
            WriteBoxes(json, "detections", _evaluation.Detections.Objects, detectionsByImage[index], withScore: true);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        if (images is null) json.WriteNull("imageCounts");
        else images.WriteCounts(json, "imageCounts");
    }

    /// <summary>The indices of the objects of each of <paramref name="images"/>, in one pass over the objects.</summary>
    private static Dictionary<int, List<int>> ObjectsOf(CocoObjects objects, IReadOnlyList<int> images)
    {
        var byImage = images.Distinct().ToDictionary(i => i, _ => new List<int>());
        for (int i = 0; i < objects.Count; i++)
        {
            if (byImage.TryGetValue(objects.Image[i], out var list)) list.Add(i);
        }
        return byImage;
    }

    /// <summary>
    /// The boxes of one image's objects as [label, x, y, w, h(, score)(, mask)]; null coordinates for a ground-truth segment
    /// given without a box (a result without one has its mask's). A segmentation report adds each object's mask, as the page draws it: <c>{"p": [[x0, y0, x1, y1, …], …]}</c>
    /// for polygons, <c>{"rle": COCO compressed string, "h", "w"}</c> for an RLE (or a box-form polygon, rasterised as
    /// the evaluation does), or null.
    /// </summary>
    private void WriteBoxes(Utf8JsonWriter json, string name, CocoObjects objects, IEnumerable<int> indices, bool withScore)
    {
        var categories = _evaluation.GroundTruth.Categories;
        bool withMask = _evaluation.Params.IouType == IouType.Segmentation;
        json.WriteStartArray(name);
        foreach (int i in indices)
        {
            json.WriteStartArray();
            json.WriteStringValue(categories[objects.Category[i]].Name);
            for (int c = 0; c < 4; c++) json.WriteNumberOrNullValue(objects.Boxes[(i * 4) + c]);
            if (withScore) json.WriteNumberValue(objects.Score[i]);
            if (withMask) WriteMask(json, objects.Segmentation[i], objects.Image[i]);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    private void WriteMask(Utf8JsonWriter json, CocoSegmentation? segmentation, int imageIndex)
    {
        if (segmentation is null)
        {
            json.WriteNullValue();
            return;
        }
        json.WriteStartObject();
        if (segmentation.Kind == SegmentationKind.Polygons && segmentation.Polygons[0].Length != 4)
        {
            json.WriteStartArray("p");
            foreach (var polygon in segmentation.Polygons)
            {
                json.WriteStartArray();
                foreach (var v in polygon) json.WriteNumberValue(Math.Round(v, 1));
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        else
        {
            var image = _evaluation.GroundTruth.Images[imageIndex];
            var mask = segmentation.ToMask(image.Height, image.Width);
            json.WriteString("rle", mask.ToCompressedString());
            json.WriteNumber("h", mask.Height);
            json.WriteNumber("w", mask.Width);
        }
        json.WriteEndObject();
    }
}
