using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Engine.Comparison;

/// <summary>
/// Two classifiers evaluated on the same items: every headline metric of both, the delta (candidate − reference)
/// with its paired bootstrap interval, McNemar's exact test of the decisions, per-label deltas and each item's
/// change. Immutable.
/// </summary>
public sealed class ModelComparison
{
    internal ModelComparison(
        ClassificationEvaluation reference,
        ClassificationEvaluation candidate,
        IReadOnlyList<MetricDelta> metrics,
        IReadOnlyList<LabelDelta> perLabel,
        IReadOnlyList<ItemChange> items,
        ComparisonMatching matching,
        int bootstrapSamples)
    {
        Reference = reference;
        Candidate = candidate;
        Metrics = metrics;
        PerLabel = perLabel;
        Items = items;
        Matching = matching;
        BootstrapSamples = bootstrapSamples;
        foreach (var item in items)
        {
            switch (item.Change)
            {
                case DecisionChange.Fixed: Fixed++; break;
                case DecisionChange.Broken: Broken++; break;
                case DecisionChange.BothCorrect: BothCorrect++; break;
                default: BothWrong++; break;
            }
        }
        McNemarPValue = McNemarTest.PValue(Fixed, Broken);
    }

    /// <summary>The reference model's evaluation on the paired items.</summary>
    public ClassificationEvaluation Reference { get; }

    /// <summary>The candidate model's evaluation on the paired items.</summary>
    public ClassificationEvaluation Candidate { get; }

    /// <summary>One row per headline metric, in <see cref="HeadlineMetrics.All"/> order.</summary>
    public IReadOnlyList<MetricDelta> Metrics { get; }

    /// <summary>One row per label, in label order.</summary>
    public IReadOnlyList<LabelDelta> PerLabel { get; }

    /// <summary>Every paired item with what happened to its decision.</summary>
    public IReadOnlyList<ItemChange> Items { get; }

    /// <summary>How the two prediction sets were paired.</summary>
    public ComparisonMatching Matching { get; }

    /// <summary>Paired bootstrap resamples behind the intervals; 0 when none were drawn.</summary>
    public int BootstrapSamples { get; }

    /// <summary>Items the reference got wrong and the candidate right.</summary>
    public int Fixed { get; }

    /// <summary>Items the reference got right and the candidate wrong.</summary>
    public int Broken { get; }

    /// <summary>Items both got right.</summary>
    public int BothCorrect { get; }

    /// <summary>Items both got wrong.</summary>
    public int BothWrong { get; }

    /// <summary>McNemar's exact two-sided p-value over <see cref="Fixed"/> and <see cref="Broken"/>.</summary>
    public double McNemarPValue { get; }

    /// <summary>The row of one metric by its evaluate-JSON name.</summary>
    public MetricDelta Metric(string name) => Metrics.First(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One headline metric of both models.</summary>
/// <param name="Name">The evaluate JSON field name.</param>
/// <param name="HigherIsBetter">Whether a rise is an improvement.</param>
/// <param name="Reference">The reference model's value (NaN when undefined).</param>
/// <param name="Candidate">The candidate model's value.</param>
/// <param name="CiLower">2.5th percentile of the paired bootstrap deltas; NaN without bootstrap.</param>
/// <param name="CiUpper">97.5th percentile of the paired bootstrap deltas; NaN without bootstrap.</param>
public sealed record MetricDelta(string Name, bool HigherIsBetter, double Reference, double Candidate, double CiLower, double CiUpper)
{
    /// <summary>Candidate − reference.</summary>
    public double Delta => Candidate - Reference;

    /// <summary>Whether the 95% interval of the delta excludes 0 (false without bootstrap).</summary>
    public bool IsSignificant => CiLower > 0 || CiUpper < 0;
}

/// <summary>One label's metrics for both models.</summary>
/// <param name="Label">The label.</param>
/// <param name="Support">Its positives among the paired items.</param>
/// <param name="ReferenceAuPrc">Reference average precision.</param>
/// <param name="CandidateAuPrc">Candidate average precision.</param>
/// <param name="ReferenceAuRoc">Reference ROC AUC.</param>
/// <param name="CandidateAuRoc">Candidate ROC AUC.</param>
/// <param name="ReferenceF1">Reference F1 of the evaluation's decision rule (argmax single-label, threshold multi-label).</param>
/// <param name="CandidateF1">Candidate F1 of that rule.</param>
public sealed record LabelDelta(
    string Label,
    long Support,
    double ReferenceAuPrc,
    double CandidateAuPrc,
    double ReferenceAuRoc,
    double CandidateAuRoc,
    double ReferenceF1,
    double CandidateF1)
{
    /// <summary>Candidate − reference AuPRC.</summary>
    public double AuPrcDelta => CandidateAuPrc - ReferenceAuPrc;

    /// <summary>Candidate − reference ROC AUC.</summary>
    public double AuRocDelta => CandidateAuRoc - ReferenceAuRoc;

    /// <summary>Candidate − reference F1.</summary>
    public double F1Delta => CandidateF1 - ReferenceF1;
}

/// <summary>What happened to one item's decision between the reference and the candidate.</summary>
public enum DecisionChange
{
    /// <summary>Both right.</summary>
    BothCorrect,

    /// <summary>Reference wrong, candidate right.</summary>
    Fixed,

    /// <summary>Reference right, candidate wrong.</summary>
    Broken,

    /// <summary>Both wrong.</summary>
    BothWrong,
}

/// <summary>One paired item.</summary>
/// <param name="ItemId">The item (image path).</param>
/// <param name="Change">What happened to its decision.</param>
/// <param name="TrueLabels">Its true labels.</param>
/// <param name="ReferenceLabel">The reference model's top label.</param>
/// <param name="ReferenceScore">Its score.</param>
/// <param name="CandidateLabel">The candidate model's top label.</param>
/// <param name="CandidateScore">Its score.</param>
public sealed record ItemChange(
    string ItemId,
    DecisionChange Change,
    IReadOnlyList<string> TrueLabels,
    string ReferenceLabel,
    double ReferenceScore,
    string CandidateLabel,
    double CandidateScore);

/// <summary>How the two prediction sets were paired by item.</summary>
/// <param name="ReferenceItems">Items the reference side evaluated.</param>
/// <param name="CandidateItems">Items the candidate side evaluated.</param>
/// <param name="PairedItems">Items on both sides: the ones compared.</param>
/// <param name="OnlyInReference">Items only the reference side has (left out).</param>
/// <param name="OnlyInCandidate">Items only the candidate side has (left out).</param>
public sealed record ComparisonMatching(int ReferenceItems, int CandidateItems, int PairedItems, int OnlyInReference, int OnlyInCandidate);
