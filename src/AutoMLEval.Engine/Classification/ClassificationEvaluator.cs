namespace AutoMLEval.Engine.Classification;

/// <summary>Evaluates classification scores against the truth: the one entry point every front end calls.</summary>
public static class ClassificationEvaluator
{
    private const int RowsPerChunk = 16384;

    /// <summary>Computes every classification metric of <paramref name="data"/>.</summary>
    /// <remarks>
    /// Cost: one parallel pass over the rows, one radix sort per label (O(items) each; the sorted labels hold 4 bytes
    /// per pair while the micro merge runs when every score is a float32 value, else 8), a bucketed merge of the sorted
    /// labels for the micro averages (O(pairs)), and one sort of the items' top-1 scores.
    /// </remarks>
    /// <param name="data">The items, scores and truth.</param>
    /// <param name="options">Threshold, grid and bootstrap; null for the defaults.</param>
    /// <param name="progress">The bootstrap's resamples, as they are done.</param>
    /// <param name="cancellationToken">Stops the evaluation (<see cref="OperationCanceledException"/>), the bootstrap between two resamples.</param>
    public static ClassificationEvaluation Evaluate(ClassificationData data, ClassificationOptions? options = null, IProgress<Diagnostics.WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new ClassificationOptions();
        options.Validate();
        if (data.ItemCount == 0) throw new ArgumentException("There are no items to evaluate.", nameof(data));
        progress?.Report(new Diagnostics.WorkProgress("Computing metrics", 0, 0));
        var evaluation = EvaluateOnce(data, options, cancellationToken);
        if (options.BootstrapSamples > 0)
        {
            evaluation.Intervals = Bootstrap.Intervals(data, options, progress, cancellationToken);
        }
        return evaluation;
    }

    /// <summary>One evaluation without intervals; <paramref name="cancellationToken"/> is checked between the passes and between labels.</summary>
    internal static ClassificationEvaluation EvaluateOnce(ClassificationData data, ClassificationOptions options, CancellationToken cancellationToken = default)
    {
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        var rows = ComputeRows(data, options, parallel, out var topScore, out var topCorrect, out var brierSum);
        var grid = options.ThresholdGrid;
        // The top-1 curve and calibration need only the rows: they run beside the label columns and the micro merge,
        // which leave a core idle at times, instead of after them on one core.
        var topParts = Task.Run(() => TopOneParts(data, grid, topScore, topCorrect, brierSum), cancellationToken);
        // Each label's curve is fed on the thread that sorted its column, right after the sort.
        var labelCurves = new RankingCurve[data.LabelCount];
        var columns = SortedColumn.AllOf(data, cancellationToken: cancellationToken, sorted: (j, column) => labelCurves[j] = CurveOf(column, grid));
        long positives = rows.Support.Sum();
        var micro = new RankingCurve(positives, ((long)data.ItemCount * data.LabelCount) - positives, Array.Empty<double>());
        SortedColumn.FeedMergedTo(columns, micro, cancellationToken: cancellationToken);
        micro.Finish();
        var (top1, calibration) = topParts.GetAwaiter().GetResult();
        return Assemble(data, data.Labels, data.IsMultiLabel, options, rows, labelCurves, micro, top1, calibration);
    }

    /// <summary>The curve of the items' top-1 scores over <paramref name="grid"/>, and the calibration of a single-label evaluation.</summary>
    private static (RankingCurve Top1, Calibration? Calibration) TopOneParts(ClassificationData data, IReadOnlyList<double> grid, double[] topScore, bool[] topCorrect, double brierSum)
    {
        var top = SortedColumn.Of(topScore, topCorrect);
        var calibration = data.IsMultiLabel ? null : Calibration.Of(ScoreHistogram.Of(top), brierSum);
        return (CurveOf(top, grid), calibration);
    }

    /// <summary>
    /// The evaluation from its finished parts: the per-label curves (over <see cref="ClassificationOptions.ThresholdGrid"/>),
    /// the micro-averaged curve, the top-1 curve and the row statistics. One evaluation and a merge of partial ones both end here.
    /// </summary>
    internal static ClassificationEvaluation Assemble(
        ClassificationData? data,
        IReadOnlyList<string> labels,
        bool isMultiLabel,
        ClassificationOptions options,
        RowStatistics rows,
        IReadOnlyList<RankingCurve> labelCurves,
        RankingCurve micro,
        RankingCurve top1,
        Calibration? calibration)
    {
        var grid = options.ThresholdGrid;
        long positives = rows.Support.Sum();
        long negativesAll = (rows.Items * labels.Count) - positives;
        var perLabel = new LabelMetrics[labels.Count];
        for (int j = 0; j < labels.Count; j++)
        {
            var curve = labelCurves[j];
            var negatives = rows.Items - rows.Support[j];
            var atThreshold = new ThresholdCounts(options.Threshold, rows.ThresholdTp[j], rows.ThresholdFp[j], rows.Support[j] - rows.ThresholdTp[j], negatives - rows.ThresholdFp[j]);
            ThresholdCounts? argMax = isMultiLabel
                ? null
                : new ThresholdCounts(double.NaN, rows.ArgMaxTp[j], rows.ArgMaxFp[j], rows.Support[j] - rows.ArgMaxTp[j], negatives - rows.ArgMaxFp[j]);
            perLabel[j] = new LabelMetrics(labels[j], j, rows.Support[j], curve.AveragePrecision, curve.RocAuc, atThreshold, argMax, curve.BestF1);
        }
        var confidenceMetrics = new ConfidenceMetricsRow[grid.Count];
        for (int t = 0; t < grid.Count; t++)
        {
            long tp = 0, fp = 0;
            foreach (var curve in labelCurves)
            {
                tp += curve.Counts[t].TruePositives;
                fp += curve.Counts[t].FalsePositives;
            }
            var all = new ThresholdCounts(grid[t], tp, fp, positives - tp, negativesAll - fp);
            var top = top1.Counts[t];
            var atTop1 = new ThresholdCounts(grid[t], top.TruePositives, top.FalsePositives, positives - top.TruePositives, negativesAll - top.FalsePositives);
            confidenceMetrics[t] = new ConfidenceMetricsRow(grid[t], all, atTop1);
        }
        return new ClassificationEvaluation(data, labels, isMultiLabel, options, rows, perLabel, micro, confidenceMetrics)
        {
            Calibration = calibration,
        };
    }

    /// <summary>Counts at each threshold for one label (or, with <paramref name="label"/> null, micro-averaged over all labels).</summary>
    public static IReadOnlyList<ThresholdCounts> Sweep(ClassificationData data, IReadOnlyList<double> thresholds, int? label = null)
    {
        var columns = label is int only ? new[] { SortedColumn.Of(data, only) } : SortedColumn.AllOf(data);
        var perLabel = new IReadOnlyList<ThresholdCounts>[columns.Length];
        Parallel.For(0, columns.Length, k => perLabel[k] = CurveOf(columns[k], thresholds).Counts);
        return Enumerable.Range(0, thresholds.Count).Select(t => new ThresholdCounts(
            thresholds[t],
            perLabel.Sum(c => c[t].TruePositives),
            perLabel.Sum(c => c[t].FalsePositives),
            perLabel.Sum(c => c[t].FalseNegatives),
            perLabel.Sum(c => c[t].TrueNegatives))).ToArray();
    }

    /// <summary>
    /// One label's confidence rows at each threshold, as Vertex AI's per-label <c>confidenceMetrics</c>: the label's counts
    /// (<see cref="Sweep"/>) and its top-1 counts (<see cref="SweepAtTop1"/>), the form of the micro-averaged rows.
    /// </summary>
    public static IReadOnlyList<ConfidenceMetricsRow> LabelConfidenceMetrics(ClassificationData data, IReadOnlyList<int> topLabels, IReadOnlyList<double> thresholds, int label) =>
        Sweep(data, thresholds, label).Zip(SweepAtTop1(data, topLabels, thresholds, label), (all, top1) => new ConfidenceMetricsRow(all.Threshold, all, top1)).ToArray();

    /// <summary>Each item's top label (<see cref="ClassificationData.TopLabelOf"/>), as <see cref="RowStatistics"/> takes it too.</summary>
    public static int[] TopLabels(ClassificationData data)
    {
        var top = new int[data.ItemCount];
        for (int i = 0; i < top.Length; i++) top[i] = data.TopLabelOf(i);
        return top;
    }

    /// <summary>
    /// Counts at each threshold for one label counting only each item's top label (<paramref name="topLabels"/>, from
    /// <see cref="TopLabels"/>), as Vertex AI's per-label <c>precisionAt1</c> and <c>recallAt1</c> do: the label is
    /// predicted for an item when it is the item's top label scored at least the threshold. False negatives and true
    /// negatives count every item, as the micro-averaged top-1 rows do.
    /// </summary>
    public static IReadOnlyList<ThresholdCounts> SweepAtTop1(ClassificationData data, IReadOnlyList<int> topLabels, IReadOnlyList<double> thresholds, int label)
    {
        var scores = new List<double>();
        var truth = new List<bool>();
        long positives = 0;
        for (int i = 0; i < data.ItemCount; i++)
        {
            bool isTrue = data.IsTrue(i, label);
            if (isTrue) positives++;
            if (topLabels[i] != label) continue;
            scores.Add(data.Score(i, label));
            truth.Add(isTrue);
        }
        long negatives = data.ItemCount - positives;
        return CurveOf(SortedColumn.Of(scores.ToArray(), truth.ToArray()), thresholds).Counts
            .Select(c => new ThresholdCounts(c.Threshold, c.TruePositives, c.FalsePositives, positives - c.TruePositives, negatives - c.FalsePositives))
            .ToArray();
    }

    /// <summary>
    /// The row statistics of every item, computed in parallel chunks; each item's top-1 score and correctness; and, for
    /// single-label data, the sum of the items' Brier terms (0 for multi-label data).
    /// </summary>
    internal static RowStatistics ComputeRows(ClassificationData data, ClassificationOptions options, ParallelOptions parallel, out double[] topScore, out bool[] topCorrect, out double brierSum)
    {
        var scores = new double[data.ItemCount];
        var correct = new bool[data.ItemCount];
        var brierTerms = data.IsMultiLabel ? null : new double[data.ItemCount];
        var chunkCount = (data.ItemCount + RowsPerChunk - 1) / RowsPerChunk;
        var partials = new RowStatistics[chunkCount];
        var total = new RowStatistics(data.LabelCount, options.MaxTopK);
        // Chunks count into the total's confusion matrix; their sums are integers or fixed-point (log loss among them),
        // so that the result depends neither on which thread ran which chunk nor on the items' order.
        Parallel.For(0, chunkCount, parallel, c =>
        {
            var part = new RowStatistics(data.LabelCount, options.MaxTopK, total.Confusion);
            part.AddRows(data, options.Threshold, c * RowsPerChunk, Math.Min(data.ItemCount, (c + 1) * RowsPerChunk), scores, correct, brierTerms);
            partials[c] = part;
        });
        foreach (var part in partials) total.Merge(part);
        topScore = scores;
        topCorrect = correct;
        // Fixed-point, as the log loss: the items' order leaves the sum's last bits alone.
        var brier = default(FixedPointSum);
        foreach (var term in brierTerms ?? Array.Empty<double>()) brier.Add(term);
        brierSum = brier.Value;
        return total;
    }

    private static RankingCurve CurveOf(SortedColumn column, IReadOnlyList<double> grid)
    {
        var curve = new RankingCurve(column.Positives, column.Negatives, grid);
        column.FeedTo(curve);
        curve.Finish();
        return curve;
    }
}
