using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Comparison;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Slices;
using AutoMLEval.Engine.Slices;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Reports.Classification;

/// <summary>
/// The classification sections of a report. The data it embeds, all from the engine:
/// <list type="bullet">
/// <item>the evaluation as <see cref="ClassificationJson.Write"/> writes it for the CLI, and macro F1's name by its rule
/// (<see cref="ClassificationEvaluation.MacroF1Name"/>, "macroF1Name"), and the run's threshold as that name writes it
/// ("thresholdText");</item>
/// <item>the threshold grid (k / <see cref="ReportOptions.ThresholdSteps"/>, plus the run's threshold) and, at every grid
/// threshold, <see cref="ClassificationEvaluator.Sweep"/> micro-averaged ("overall") and per label ("perLabel") (precision, recall, F1, TP, FP, FN),
/// and the <see cref="LabelColumns"/> another task adds on the same grid ("labelColumns");</item>
/// <item>single-label: the evaluation's <see cref="ClassificationEvaluation.ConfusionMatrix"/> (each item's top label,
/// whatever the threshold: the matrix of the CLI and of Get-ModelEvaluation), for every label up to 10 labels, otherwise
/// for the 10 <see cref="ConfusionMatrix.MostConfusedLabels"/> plus an "other labels" column;</item>
/// <item>per label and outcome, the first <see cref="ReportOptions.GalleryItems"/> items of <see cref="ErrorAnalysis.Find"/>
/// in its order, decided as the CLI's <c>errors</c> and Get-MisclassifiedImage decide by default ("galleryDecision"):
/// single-label by top label, with each list's full length ("galleryTotals"); multi-label by score ≥ the slider's
/// threshold. The threshold lists at the lowest threshold (true and false positives, by descending score) and at 1
/// (false negatives, by ascending score) hold every grid threshold's list as a prefix whose length is the sweep's count
/// there, so the page shows the first min(count, embedded) items and never compares scores itself;</item>
/// <item>with <see cref="ReportOptions.Embeddings"/>: per gallery item, its nearest training items of
/// <see cref="SimilarImages.Find"/> (distance rounded to <see cref="ShownDistanceDecimals"/> decimals, as shown), each
/// training item listed once with its labels and thumbnail;</item>
/// <item>with <see cref="ReportOptions.Embeddings"/> and galleries: the error slices of <see cref="ErrorSliceFinder.Find"/> at the
/// run's threshold, with the training split's vectors for the examples' nearest training items (as the CLI's <c>error-slices</c>),
/// as <see cref="ErrorSliceJson"/> writes them, the search's counts, and a thumbnail per example and nearest training item
/// (at most <see cref="ErrorSliceOptions.MaxSlices"/> × <see cref="ErrorSliceOptions.ExampleCount"/> × (1 + <see cref="ErrorSliceOptions.TrainingNeighborCount"/>));</item>
/// <item>with <see cref="ReportOptions.Comparison"/> and galleries: the comparison with the baseline as <see cref="ComparisonJson"/>
/// writes it for the CLI's <c>compare --format json</c>, its <c>changes</c> cut to the first <see cref="ReportOptions.GalleryItems"/>
/// fixed and broken items, with their thumbnails;</item>
/// <item>per gallery item: its path, true labels, top-5 scores, and its thumbnail from <see cref="ReportOptions.Thumbnails"/>;
/// and how many thumbnails were embedded, not shown, unreadable and too large.</item>
/// </list>
/// Rates and counts are written exactly; the scores shown on gallery cards (display only) are rounded to
/// <see cref="ShownScoreDecimals"/> decimals, which halves the size of a large report.
/// </summary>
internal sealed class ClassificationReportPart : IReportPart
{
    /// <summary>
    /// A per-label figure another task adds to the label table (video: temporal IoU), at every threshold of the slider's grid,
    /// so that it follows the slider as precision and recall do.
    /// </summary>
    /// <param name="Title">The column's heading.</param>
    /// <param name="Name">The figure in the table's caption, within a sentence.</param>
    /// <param name="Values">Per label, in label order, the value at each grid threshold (NaN: undefined).</param>
    internal sealed record LabelColumn(string Title, string Name, IReadOnlyList<IReadOnlyList<double>> Values);

    private const int TopScoresPerItem = 5;
    private const int MaxMatrixLabels = 10;
    private const int ShownScoreDecimals = 4;
    private const int ShownDistanceDecimals = 3;

    private readonly ReportOptions _options;
    private readonly ClassificationEvaluation _evaluation;
    private readonly ClassificationData _data;
    private readonly string? _groundTruth;
    private readonly Action<Utf8JsonWriter> _writeEvaluation;
    private readonly string? _imageDirectory;
    private readonly GroundTruthSet? _groundTruthSet;

    /// <summary>The sections of a classification run: everything, with galleries whose thumbnails come from the ground truth's folder.</summary>
    public ClassificationReportPart(ClassificationRun run, ReportOptions options)
        : this(run.Evaluation, options, run.Inputs.GroundTruth.Source,
            json => ClassificationJson.Write(json, run.Evaluation, run.Inputs.Summary, run.Inputs.MlUse, options.Slices), run.Inputs.GroundTruth.BaseDirectory,
            Grid(options.ThresholdSteps, run.Evaluation.Options.Threshold))
    {
        _groundTruthSet = run.Inputs.GroundTruth;
    }

    /// <summary>The sections of any evaluation built on the classification engine (video uses this for its units).</summary>
    /// <param name="evaluation">The classification evaluation.</param>
    /// <param name="options">The report's settings.</param>
    /// <param name="groundTruth">The ground truth's file, shown among the inputs; null when there is no such single file.</param>
    /// <param name="writeEvaluation">Writes the evaluation's JSON (<see cref="ClassificationJson"/> or a task's own writer built on it).</param>
    /// <param name="imageDirectory">Where relative item paths are found: the galleries' thumbnails; null for no galleries (items that are not images).</param>
    /// <param name="thresholds">The slider's grid, <see cref="Grid"/> of the options' steps and the evaluation's threshold, which the task's own part shares.</param>
    public ClassificationReportPart(ClassificationEvaluation evaluation, ReportOptions options, string? groundTruth, Action<Utf8JsonWriter> writeEvaluation, string? imageDirectory, IReadOnlyList<double> thresholds)
    {
        _options = options;
        _evaluation = evaluation;
        _data = evaluation.Data;
        _groundTruth = groundTruth;
        _writeEvaluation = writeEvaluation;
        _imageDirectory = imageDirectory;
        Thresholds = thresholds;
        Sections = new List<ReportSection>
        {
            new("summary", "Summary"),
            new("curves", "Curves"),
            new("labels", "Labels"),
        }.Concat(_data.IsMultiLabel ? Array.Empty<ReportSection>() : new[] { new ReportSection("confusion", "Confusion matrix") })
         .Concat(_evaluation.Calibration is null ? Array.Empty<ReportSection>() : new[] { new ReportSection("calibration", "Calibration") })
         .Concat(options.Slices is null ? Array.Empty<ReportSection>() : new[] { new ReportSection("slices", "Slices") })
         .Concat(HasGalleries ? new[] { new ReportSection("galleries", "Galleries") } : Array.Empty<ReportSection>())
         .Concat(HasErrorSlices ? new[] { new ReportSection("error-slices", "Error slices") } : Array.Empty<ReportSection>())
         .Concat(HasComparison ? new[] { new ReportSection("comparison", "Comparison with the baseline") } : Array.Empty<ReportSection>())
         .ToArray();
    }

    private bool HasGalleries => _imageDirectory is not null;

    /// <summary>Per-label figures the label table shows after F1, each at the slider's threshold.</summary>
    internal IReadOnlyList<LabelColumn> LabelColumns { get; init; } = Array.Empty<LabelColumn>();

    /// <summary>Error slices need the items' vectors and their images.</summary>
    private bool HasErrorSlices => HasGalleries && _options.Embeddings is not null;

    /// <summary>The comparison's galleries need the items' images.</summary>
    private bool HasComparison => HasGalleries && _options.Comparison is not null;

    public string Key => "classification";

    public IReadOnlyList<ReportSection> Sections { get; }

    public IReadOnlyList<string> Scripts { get; } = new[] { "classification.js" };

    /// <summary>The slider's thresholds: k / steps for k = 0 … steps, with the run's threshold added when it is not among them.</summary>
    internal IReadOnlyList<double> Thresholds { get; }

    internal static IReadOnlyList<double> Grid(int steps, double runThreshold) =>
        Enumerable.Range(0, steps + 1).Select(k => k / (double)steps).Append(runThreshold).Distinct().OrderBy(t => t).ToArray();

    public void WriteBody(TextWriter html)
    {
        var labelOptions = string.Concat(_data.Labels.Select((l, j) => $"<option value=\"{j.ToString(CultureInfo.InvariantCulture)}\">{HtmlText.Escape(l)}</option>"));
        html.Write("""
<div class="threshold-bar">
<label for="threshold">Confidence threshold</label>
<input type="range" id="threshold" min="0" max="0" step="1" value="0" aria-describedby="threshold-help">
<output id="threshold-value" for="threshold"></output>
<span id="threshold-help" class="help">Arrow keys: ±0.01.</span>
</div>
<section id="summary" data-follows-threshold="the figures at threshold">
<h2>Summary</h2>
<dl class="metrics" id="live-metrics"></dl>
<h3>Whole evaluation</h3>
<dl class="metrics" id="fixed-metrics"></dl>
<details class="inputs"><summary>Inputs</summary><dl class="metrics small" id="input-summary"></dl></details>
</section>
<section id="curves" data-follows-threshold="the curves’ marker">
<h2>Curves</h2>
<p><label for="curve-label">Curves of</label> <select id="curve-label"><option value="-1">all labels (micro-average)</option>
""");
        html.Write(labelOptions);
        html.Write("""
</select></p>
<div class="charts"><figure><figcaption>Precision–recall</figcaption><div id="pr-chart" class="chart"></div></figure>
<figure><figcaption>Precision, recall and F1 by threshold</figcaption><div id="threshold-chart" class="chart"></div></figure></div>
</section>
<section id="labels" data-follows-threshold="the label table">
<h2>Labels</h2>
""");
        var atThreshold = string.Concat(LabelColumns.Select(c => ", " + HtmlText.Escape(c.Name)));
        html.Write($"<p class=\"help\">Worst first (lowest AuPRC); click a column heading to sort. Precision, recall, F1{atThreshold} and counts are at the slider’s threshold.</p>\n");
        html.Write("""
<div class="table-wrap"><table id="label-table" class="sortable"></table></div>
</section>
""");
        if (!_data.IsMultiLabel)
        {
            html.Write("""
<section id="confusion">
<h2>Confusion matrix by top label</h2>
<p class="help" id="confusion-help"></p>
<div class="table-wrap"><table id="confusion-table" class="confusion"></table></div>
<p class="legend"><span class="swatch diagonal"></span> correct (diagonal) <span class="swatch confused"></span> confused · cell: count and share of the row; click a cell for its images</p>
</section>
""");
        }
        if (_evaluation.Calibration is not null)
        {
            html.Write("""
<section id="calibration">
<h2>Calibration</h2>
<p class="help">Reliability diagram of each image’s top-1 confidence in 15 equal-width bins: a bar is the bin’s accuracy, the diagonal
a perfectly calibrated model, the vermilion mark the bin’s mean confidence (Guo et al. 2017). The evaluation’s
<code>calibration</code> in the CLI’s JSON.</p>
<dl class="metrics small" id="calibration-metrics"></dl>
<div id="reliability-chart"></div>
</section>
""");
        }
        if (_options.Slices is { } slices)
        {
            var key = slices.Count > 0 ? slices[0].Key : string.Empty;
            html.Write($"<section id=\"slices\">\n<h2>Slices by {HtmlText.Escape(key)}</h2>\n");
            html.Write("""
<p class="help">Every value of the metadata key evaluated alone (the CLI’s <code>evaluate --slice-by</code>), worst accuracy first; click a heading to sort.</p>
<div class="table-wrap"><table id="slice-table" class="sortable"></table></div>
</section>
""");
        }
        if (HasGalleries) WriteGalleriesBody(html, labelOptions, _data.IsMultiLabel);
        if (HasErrorSlices)
        {
            html.Write("""
<section id="error-slices">
<h2>Error slices</h2>
<p class="help">Groups of neighbouring items in embedding space where the model fails significantly more often than overall
(the CLI’s <code>error-slices</code>): each with its error rate and 95% interval, its lift over the overall rate, its most
frequent confusions, and the items nearest its centre (errors marked) beside their nearest training images.</p>
<p id="error-slice-summary"></p>
<div id="error-slice-list"></div>
</section>
""");
        }
        if (HasComparison)
        {
            html.Write("""
<section id="comparison">
<h2>Comparison with the baseline</h2>
<p class="help">This model against the baseline on the items both predicted (the CLI’s <code>compare</code>): each metric’s
difference with its paired bootstrap 95% interval (a difference is significant when the interval excludes 0), McNemar’s
test of the items one model gets right and the other wrong, and those items: fixed (the baseline wrong, this model right)
and broken (the other way round), each with both models’ top labels.</p>
<p id="comparison-summary"></p>
<div class="table-wrap"><table id="comparison-table"></table></div>
<h3 id="comparison-fixed-title">Fixed</h3>
<div id="comparison-fixed" class="gallery"></div>
<h3 id="comparison-broken-title">Broken</h3>
<div id="comparison-broken" class="gallery"></div>
</section>
""");
        }
    }

    private static void WriteGalleriesBody(TextWriter html, string labelOptions, bool byThreshold)
    {
        html.Write(byThreshold ? "<section id=\"galleries\" data-follows-threshold=\"the galleries\">" : "<section id=\"galleries\">");
        html.Write("""

<h2>Galleries</h2>
<div class="gallery-controls">
<label for="gallery-label">Label</label> <select id="gallery-label">
""");
        html.Write(labelOptions);
        html.Write("""
</select>
<span role="group" aria-label="Outcome" id="gallery-outcome">
<button type="button" data-outcome="tp">True positives</button><button type="button" data-outcome="fp">False positives</button><button type="button" data-outcome="fn">False negatives</button>
</span>
</div>
<p id="gallery-status" class="help" aria-live="polite" tabindex="-1"></p>
<div id="gallery" class="gallery"></div>
<div class="pager"><button type="button" id="gallery-prev">Previous</button> <span id="gallery-page"></span> <button type="button" id="gallery-next">Next</button></div>
<dialog id="item-dialog" class="item-dialog" aria-labelledby="item-dialog-title"></dialog>
</section>
""");
    }

    public void WriteData(Utf8JsonWriter json)
    {
        var thresholds = Thresholds;
        var overall = ClassificationEvaluator.Sweep(_data, thresholds);
        var perLabel = new IReadOnlyList<ThresholdCounts>[_data.LabelCount];
        var swept = new ProgressCounter(_options.Progress, "Sweeping thresholds per label", _data.LabelCount);
        Parallel.For(0, _data.LabelCount, new ParallelOptions { CancellationToken = _options.CancellationToken }, j =>
        {
            perLabel[j] = ClassificationEvaluator.Sweep(_data, thresholds, j);
            swept.Add();
        });

        json.WriteStartObject();
        json.WriteBoolean("multiLabel", _data.IsMultiLabel);
        if (_groundTruth is not null) json.WriteString("groundTruth", _groundTruth);
        // The evaluation exactly as the CLI's JSON output has it: headline figures, per-label slices, input counts.
        json.WritePropertyName("evaluation");
        _writeEvaluation(json);
        json.WriteString("macroF1Name", _evaluation.MacroF1Name);
        // The run's threshold as the CLI and macroF1Name write it (invariant, shortest: "0.5"), so the page writes it one way.
        json.WriteString("thresholdText", _evaluation.Options.Threshold.ToString(CultureInfo.InvariantCulture));
        WriteStrings(json, "labels", _data.Labels);
        json.WriteStartArray("thresholds");
        foreach (var t in thresholds) json.WriteNumberValue(t);
        json.WriteEndArray();
        json.WriteNumber("initial", IndexOf(thresholds, _evaluation.Options.Threshold));
        json.WritePropertyName("overall");
        WriteSweep(json, overall);
        json.WriteStartArray("perLabel");
        foreach (var sweep in perLabel) WriteSweep(json, sweep);
        json.WriteEndArray();
        json.WriteStartArray("labelColumns");
        foreach (var column in LabelColumns)
        {
            json.WriteStartObject();
            json.WriteString("title", column.Title);
            json.WriteStartArray("values");
            foreach (var values in column.Values)
            {
                json.WriteStartArray();
                foreach (var value in values) json.WriteNumberOrNullValue(value);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteConfusion(json);
        if (HasGalleries) WriteGalleries(json, perLabel);
        if (HasErrorSlices) WriteErrorSlices(json);
        if (HasComparison) WriteComparison(json);
        json.WriteEndObject();
    }

    /// <summary>The comparison as the CLI's <c>compare --format json</c> has it (its changes cut to the galleries' length) and the changed items' thumbnails.</summary>
    private void WriteComparison(Utf8JsonWriter json)
    {
        var comparison = _options.Comparison!;
        var shown = comparison.Items.Where(i => i.Change == DecisionChange.Fixed).Take(_options.GalleryItems)
            .Concat(comparison.Items.Where(i => i.Change == DecisionChange.Broken).Take(_options.GalleryItems)).Select(i => i.ItemId).ToArray();
        json.WriteStartObject("comparison");
        json.WritePropertyName("result");
        ComparisonJson.Write(json, comparison, _options.GalleryItems);
        WriteThumbnails(json, shown);
        json.WriteEndObject();
    }

    /// <summary>The error slices as the CLI's <c>error-slices --format json</c> has them, the search's counts, and the examples' thumbnails.</summary>
    private void WriteErrorSlices(Utf8JsonWriter json)
    {
        var embeddings = _options.Embeddings!;
        var training = _groundTruthSet is null ? null : ErrorSliceFinder.TrainingEmbeddings(embeddings, _groundTruthSet);
        var result = ErrorSliceFinder.Find(_data, _evaluation.Options.Threshold, embeddings, training: training,
            progress: _options.Progress, cancellation: _options.CancellationToken);
        var shown = result.Slices.SelectMany(s => s.Examples).SelectMany(e => e.NearestTrainingItems.Prepend(e.ItemId)).Distinct(StringComparer.Ordinal).ToArray();
        json.WriteStartObject("errorSlices");
        json.WriteNumber("items", result.Items);
        json.WriteNumber("errors", result.Errors);
        json.WriteNumber("itemsWithoutEmbedding", result.ItemsWithoutEmbedding);
        json.WriteNumber("groupsTested", result.GroupsTested);
        json.WritePropertyName("slices");
        ErrorSliceJson.Write(json, result);
        // Each once: an item can be an example of one slice and a neighbour in another.
        WriteThumbnails(json, shown);
        json.WriteEndObject();
    }

    /// <summary>The thumbnails of <paramref name="ids"/> as <c>images</c> (item id → data URI; those without one are left out) and their <c>thumbnails</c> counts.</summary>
    private void WriteThumbnails(Utf8JsonWriter json, string[] ids)
    {
        var images = new ReportImages(_imageDirectory!, _options, ids.Length);
        json.WriteStartObject("images");
        foreach (var id in ids)
        {
            if (images.DataUri(id) is { } uri) json.WriteString(id, uri);
        }
        json.WriteEndObject();
        images.WriteCounts(json, "thumbnails");
    }

    private void WriteGalleries(Utf8JsonWriter json, IReadOnlyList<ThresholdCounts>[] perLabel)
    {
        var galleries = new ClassifiedItem[_data.LabelCount][][];
        if (_data.IsMultiLabel)
        {
            // True positives at 0 and false negatives at 1 are each at most every positive pair: one call for all labels.
            var truePositives = ByLabel(ErrorAnalysis.Find(_data, PredictionOutcome.TruePositive, null, 0.0)).Lists;
            var falseNegatives = ByLabel(ErrorAnalysis.Find(_data, PredictionOutcome.FalseNegative, null, 1.0)).Lists;
            Parallel.For(0, _data.LabelCount, j => galleries[j] = new[] { truePositives[j], FalsePositives(j, perLabel[j]), falseNegatives[j] });
            json.WriteString("galleryDecision", ClassificationJson.ThresholdDecision);
        }
        else
        {
            // By top label, as the CLI's errors and Get-MisclassifiedImage without a threshold: the lists do not follow the slider.
            var byTopLabel = GalleryOutcomes.Select(outcome => ByLabel(ErrorAnalysis.Find(_data, outcome))).ToArray();
            for (int j = 0; j < _data.LabelCount; j++) galleries[j] = byTopLabel.Select(o => o.Lists[j]).ToArray();
            json.WriteString("galleryDecision", ClassificationJson.TopLabelDecision);
            json.WriteStartArray("galleryTotals");
            for (int j = 0; j < _data.LabelCount; j++)
            {
                json.WriteStartObject();
                for (int k = 0; k < GalleryNames.Length; k++) json.WriteNumber(GalleryNames[k], byTopLabel[k].Totals[j]);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        // Single-label: the images of each confusion cell, which a click on the cell shows.
        var cells = _evaluation.ConfusionMatrix is { } matrix ? ConfusionCells(matrix) : Array.Empty<List<(int Row, double Score)>>();
        var rows = galleries.SelectMany(g => g).SelectMany(g => g).Select(i => i.Row).Concat(cells.SelectMany(c => c).Select(e => e.Row)).Distinct().OrderBy(r => r).ToArray();
        var itemIndex = rows.Select((r, k) => (r, k)).ToDictionary(p => p.r, p => p.k);
        if (_evaluation.ConfusionMatrix is not null)
        {
            json.WriteStartArray("confusionItems");
            foreach (var cell in cells)
            {
                json.WriteStartArray();
                foreach (var (row, score) in cell)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(itemIndex[row]);
                    json.WriteNumberValue(Math.Round(score, ShownScoreDecimals));
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        json.WriteNumber("galleryItems", _options.GalleryItems);
        json.WriteStartArray("galleries");
        foreach (var label in galleries)
        {
            json.WriteStartObject();
            for (int k = 0; k < GalleryNames.Length; k++)
            {
                json.WriteStartArray(GalleryNames[k]);
                foreach (var item in label[k])
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(itemIndex[item.Row]);
                    json.WriteNumberValue(Math.Round(item.Score, ShownScoreDecimals));
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteItems(json, rows);
    }

    /// <summary>The galleries' outcomes in the order of <see cref="GalleryNames"/>, their keys in the data.</summary>
    private static readonly PredictionOutcome[] GalleryOutcomes = { PredictionOutcome.TruePositive, PredictionOutcome.FalsePositive, PredictionOutcome.FalseNegative };
    private static readonly string[] GalleryNames = { "tp", "fp", "fn" };

    /// <summary>The first <see cref="ReportOptions.GalleryItems"/> items of each label's list, in the list's order, and each list's full length.</summary>
    private (ClassifiedItem[][] Lists, int[] Totals) ByLabel(IReadOnlyList<ClassifiedItem> found)
    {
        var index = _data.Labels.Select((l, j) => (l, j)).ToDictionary(p => p.l, p => p.j, StringComparer.Ordinal);
        var lists = Enumerable.Range(0, _data.LabelCount).Select(_ => new List<ClassifiedItem>()).ToArray();
        var totals = new int[_data.LabelCount];
        foreach (var item in found)
        {
            var j = index[item.Label];
            totals[j]++;
            if (lists[j].Count < _options.GalleryItems) lists[j].Add(item);
        }
        return (lists.Select(l => l.ToArray()).ToArray(), totals);
    }

    /// <summary>
    /// The first <see cref="ReportOptions.GalleryItems"/> false positives of one label at the lowest grid threshold. False
    /// positives only shrink as the threshold rises, so the list at the highest grid threshold that still has that many
    /// starts the same way and holds every higher threshold's list as a prefix; asking for it saves listing every negative.
    /// </summary>
    private ClassifiedItem[] FalsePositives(int label, IReadOnlyList<ThresholdCounts> sweep)
    {
        var enough = sweep.Reverse().Where(c => c.FalsePositives >= _options.GalleryItems).Select(c => (double?)c.Threshold).FirstOrDefault();
        return ErrorAnalysis.Find(_data, PredictionOutcome.FalsePositive, label, enough ?? 0.0).Take(_options.GalleryItems).ToArray();
    }

    /// <summary>Rates and counts at each grid threshold, as parallel arrays.</summary>
    private static void WriteSweep(Utf8JsonWriter json, IReadOnlyList<ThresholdCounts> sweep)
    {
        json.WriteStartObject();
        WriteColumn(json, "precision", sweep, c => c.Precision);
        WriteColumn(json, "recall", sweep, c => c.Recall);
        WriteColumn(json, "f1", sweep, c => c.F1);
        WriteColumn(json, "tp", sweep, c => c.TruePositives);
        WriteColumn(json, "fp", sweep, c => c.FalsePositives);
        WriteColumn(json, "fn", sweep, c => c.FalseNegatives);
        json.WriteEndObject();
    }

    private static void WriteColumn(Utf8JsonWriter json, string name, IReadOnlyList<ThresholdCounts> sweep, Func<ThresholdCounts, double> value)
    {
        json.WriteStartArray(name);
        foreach (var counts in sweep) json.WriteNumberValue(value(counts));
        json.WriteEndArray();
    }

    /// <summary>
    /// The evaluation's top-label matrix as a <see cref="ConfusionBlock"/> of the shown labels (by index).
    /// </summary>
    private void WriteConfusion(Utf8JsonWriter json)
    {
        if (_evaluation.ConfusionMatrix is not { } matrix)
        {
            json.WriteNull("confusion");
            return;
        }
        var shown = ShownLabels(matrix);
        json.WriteStartObject("confusion");
        json.WriteString("decision", ClassificationJson.TopLabelDecision);
        json.WriteStartArray("shown");
        foreach (var j in shown) json.WriteNumberValue(j);
        json.WriteEndArray();
        ConfusionBlock.Write(json, matrix, shown);
        json.WriteEndObject();
    }

    /// <summary>The matrix's rows and columns: every label up to <see cref="MaxMatrixLabels"/>, otherwise the most confused ones.</summary>
    private IReadOnlyList<int> ShownLabels(ConfusionMatrix matrix) =>
        _data.LabelCount > MaxMatrixLabels ? matrix.MostConfusedLabels(MaxMatrixLabels) : Enumerable.Range(0, _data.LabelCount).ToArray();

    /// <summary>
    /// The items behind each cell of the shown matrix (row-major, "other labels" last in a row when present): the first
    /// <see cref="ReportOptions.GalleryItems"/> by descending score of the top label, with that score.
    /// </summary>
    private List<(int Row, double Score)>[] ConfusionCells(ConfusionMatrix matrix)
    {
        var shown = ShownLabels(matrix);
        int columns = shown.Count + (shown.Count < _data.LabelCount ? 1 : 0);
        var position = Enumerable.Repeat(-1, _data.LabelCount).ToArray();
        for (int k = 0; k < shown.Count; k++) position[shown[k]] = k;
        var cells = Enumerable.Range(0, shown.Count * columns).Select(_ => new List<(int Row, double Score)>()).ToArray();
        for (int i = 0; i < _data.ItemCount; i++)
        {
            var trueLabel = _data.TruthOf(i).IndexOf(true);
            if (trueLabel < 0 || position[trueLabel] < 0) continue;
            var top = _data.TopLabelOf(i);
            var column = position[top] >= 0 ? position[top] : shown.Count;
            cells[(position[trueLabel] * columns) + column].Add((i, _data.Score(i, top)));
        }
        return cells.Select(c => c.OrderByDescending(e => e.Score).Take(_options.GalleryItems).ToList()).ToArray();
    }

    private void WriteItems(Utf8JsonWriter json, int[] rows)
    {
        var similar = FindSimilar(rows);
        // A thumbnail per gallery item and per similar training item, each listed once.
        int referenceCount = similar?.Values.SelectMany(n => n).Select(n => n.ItemId).Distinct(StringComparer.Ordinal).Count() ?? 0;
        var images = new ReportImages(_imageDirectory!, _options, rows.Length + referenceCount);
        var references = new List<SimilarImage>();
        var referenceIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        json.WriteStartArray("items");
        foreach (var row in rows)
        {
            json.WriteStartObject();
            json.WriteString("id", _data.ItemIds[row]);
            json.WriteStartArray("truth");
            var truth = _data.TruthOf(row);
            for (int j = 0; j < truth.Length; j++)
            {
                if (truth[j]) json.WriteNumberValue(j);
            }
            json.WriteEndArray();
            json.WriteStartArray("top");
            var scores = _data.ScoresOf(row).ToArray();
            foreach (var j in Enumerable.Range(0, scores.Length).OrderByDescending(j => scores[j]).ThenBy(j => j).Take(TopScoresPerItem))
            {
                json.WriteStartArray();
                json.WriteNumberValue(j);
                json.WriteNumberValue(Math.Round(scores[j], ShownScoreDecimals));
                json.WriteEndArray();
            }
            json.WriteEndArray();
            if (images.DataUri(_data.ItemIds[row]) is { } uri) json.WriteString("image", uri);
            if (similar is not null && similar.TryGetValue(_data.ItemIds[row], out var neighbors))
            {
                // [reference index, distance] pairs, nearest first; the references are listed once below.
                json.WriteStartArray("similar");
                foreach (var neighbor in neighbors)
                {
                    if (!referenceIndex.TryGetValue(neighbor.ItemId, out var index))
                    {
                        index = references.Count;
                        referenceIndex.Add(neighbor.ItemId, index);
                        references.Add(neighbor);
                    }
                    json.WriteStartArray();
                    json.WriteNumberValue(index);
                    json.WriteNumberValue(Math.Round(neighbor.Distance, ShownDistanceDecimals));
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (similar is not null)
        {
            json.WriteStartObject("similar");
            json.WriteNumber("count", _options.SimilarItems);
            json.WriteNumber("itemsWithout", rows.Length - similar.Count);
            json.WriteStartArray("references");
            foreach (var reference in references)
            {
                json.WriteStartObject();
                json.WriteString("id", reference.ItemId);
                WriteStrings(json, "labels", reference.Labels);
                if (images.DataUri(reference.ItemId) is { } uri) json.WriteString("image", uri);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        images.WriteCounts(json, "thumbnails");
    }

    /// <summary>
    /// The nearest training items of the gallery items (<see cref="SimilarImages.Find"/> with the gallery items as
    /// queries), by item id; null without embeddings. An item without a vector has no entry (the page counts them).
    /// </summary>
    private Dictionary<string, IReadOnlyList<SimilarImage>>? FindSimilar(int[] rows)
    {
        if (_options.Embeddings is not { } embeddings || _groundTruthSet is null) return null;
        var result = SimilarImages.Find(embeddings, DatasetItems.From(_groundTruthSet), new SimilarImagesOptions
        {
            QueryItems = rows.Select(r => _data.ItemIds[r]).ToArray(),
            ReferenceSplit = MlUse.Training,
            Count = _options.SimilarItems,
        }, _options.Progress, _options.CancellationToken);
        var similar = result.Queries.ToDictionary(q => q.ItemId, q => q.Neighbors, StringComparer.Ordinal);
        int without = rows.Length - similar.Count;
        if (without > 0)
        {
            var named = rows.Select(r => _data.ItemIds[r]).Where(id => !similar.ContainsKey(id)).ToArray();
            // The other embedding analyses' words (a rejected record told apart), and what only the page means by them.
            _options.Issues?.Report(new DataIssue(EmbeddingSet.ItemsWithoutEmbeddingCode, IssueSeverity.Warning, _groundTruthSet.Source, 0, string.Empty,
                $"Left out of the similar training images: {embeddings.LeftOut(named, "gallery item", null, _options.EmbeddingsOption)}; {Counted.Verb(without, "its card shows", "their cards show")} none."));
        }
        return similar;
    }

    private static int IndexOf(IReadOnlyList<double> thresholds, double threshold)
    {
        for (int k = 0; k < thresholds.Count; k++)
        {
            if (thresholds[k].Equals(threshold)) return k;
        }
        throw new InvalidOperationException("The run's threshold is missing from the grid.");
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
