using System.Management.Automation;

namespace AutoMLEval;

/// <summary>
/// A group of items in embedding space where the model fails far more often than overall (<c>Find-ErrorSlice</c>):
/// its size, error rate with a 95% Wilson interval, lift over the overall rate, the labels it mixes up, the metadata
/// values over-represented in it and its typical items. Method: docs/error-slices.md.
/// </summary>
public sealed class ErrorSlice
{
    internal ErrorSlice(
        int size, int errors, double errorRate, double errorRateLower, double errorRateUpper, double overallErrorRate, double lift, double liftLowerBound, double pValue,
        ErrorSliceConfusion[] topConfusions, ErrorSliceMetadataValue[] overRepresented, ErrorSliceItem[] examples, ErrorSliceItem[] items, string description, string groundTruthPath, string predictionPath, string slice)
    {
        Size = size;
        Errors = errors;
        ErrorRate = errorRate;
        ErrorRateLower = errorRateLower;
        ErrorRateUpper = errorRateUpper;
        OverallErrorRate = overallErrorRate;
        Lift = lift;
        LiftLowerBound = liftLowerBound;
        PValue = pValue;
        TopConfusions = new ResultList<ErrorSliceConfusion>(topConfusions);
        OverRepresentedValues = new ResultList<ErrorSliceMetadataValue>(overRepresented);
        Examples = new ResultList<ErrorSliceItem>(examples);
        Items = new ResultList<ErrorSliceItem>(items);
        Description = description;
        GroundTruthPath = groundTruthPath;
        PredictionPath = predictionPath;
        Slice = slice;
    }

    /// <summary>Number of items in the slice.</summary>
    public int Size { get; }

    /// <summary>How many of them the model gets wrong.</summary>
    public int Errors { get; }

    /// <summary>Errors / Size.</summary>
    public double ErrorRate { get; }

    /// <summary>Lower end of the 95% Wilson interval of the rate.</summary>
    public double ErrorRateLower { get; }

    /// <summary>Upper end of that interval.</summary>
    public double ErrorRateUpper { get; }

    /// <summary>The error rate of every item searched.</summary>
    public double OverallErrorRate { get; }

    /// <summary>ErrorRate / OverallErrorRate.</summary>
    public double Lift { get; }

    /// <summary>ErrorRateLower / OverallErrorRate: what the slices are ranked by.</summary>
    public double LiftLowerBound { get; }

    /// <summary>One-sided binomial p-value of this many errors at the overall rate, Bonferroni-adjusted for every group tested.</summary>
    public double PValue { get; }

    /// <summary>The most frequent true → predicted pair, "eight→one (23)"; empty without errors.</summary>
    public string TopConfusion => TopConfusions.Count == 0 ? string.Empty : TopConfusions[0].ToString();

    /// <summary>The three most frequent true → predicted pairs among the slice's errors.</summary>
    public ResultList<ErrorSliceConfusion> TopConfusions { get; }

    /// <summary>The most over-represented metadata value, "camera=b (3.1×)"; empty without metadata (-MetadataPath).</summary>
    public string OverRepresented => OverRepresentedValues.Count == 0 ? string.Empty : OverRepresentedValues[0].ToString();

    /// <summary>Metadata values at least 1.5 times as common in the slice as overall and held by at least 3 of its items (the three strongest).</summary>
    public ResultList<ErrorSliceMetadataValue> OverRepresentedValues { get; }

    /// <summary>The item nearest the slice's centre, as written in the ground truth.</summary>
    public string Example => Examples.Count == 0 ? string.Empty : Examples[0].ItemId;

    /// <summary>The five items nearest the centre, with their nearest training items when training embeddings were given.</summary>
    public ResultList<ErrorSliceItem> Examples { get; }

    /// <summary>Every item of the slice, nearest the centre first (Select-Object -ExpandProperty Items | Find-SimilarImage …).</summary>
    public ResultList<ErrorSliceItem> Items { get; }

    /// <summary>One line for people: size, rates, main confusion and metadata value.</summary>
    public string Description { get; }

    /// <summary>The evaluation's ground-truth file.</summary>
    public string GroundTruthPath { get; }

    /// <summary>The evaluation's predictions file: what tells apart the slices of several evaluations piped in (Group-Object PredictionPath).</summary>
    public string PredictionPath { get; }

    /// <summary>The metadata slice of the evaluation searched ("camera=a", as its <see cref="ModelEvaluation.Slice"/>; empty when it is not one): what tells apart the error slices of the evaluations of one predictions file that Get-ModelEvaluation -SliceBy writes.</summary>
    public string Slice { get; }

    /// <summary>The description: "74 items, 81% wrong (overall 10%, 7.8× the rate); mostly eight → one (23)".</summary>
    public override string ToString() => Description;
}

/// <summary>A true → predicted label pair of an <see cref="ErrorSlice"/> and how many of its errors it accounts for.</summary>
public sealed class ErrorSliceConfusion
{
    internal ErrorSliceConfusion(string trueLabel, string predictedLabel, int errors)
    {
        TrueLabel = trueLabel;
        PredictedLabel = predictedLabel;
        Errors = errors;
    }

    /// <summary>The true label(s), joined by "+" for multi-label items.</summary>
    public string TrueLabel { get; }

    /// <summary>The predicted label(s).</summary>
    public string PredictedLabel { get; }

    /// <summary>Errors of the slice with this pair.</summary>
    public int Errors { get; }

    /// <summary>"eight→one (23)".</summary>
    public override string ToString() => OutputValues.Text("{0}→{1} ({2})", TrueLabel, PredictedLabel, Errors);
}

/// <summary>A metadata value over-represented in an <see cref="ErrorSlice"/>.</summary>
public sealed class ErrorSliceMetadataValue
{
    internal ErrorSliceMetadataValue(string key, string value, int itemsInSlice, double shareInSlice, double shareOverall)
    {
        Key = key;
        Value = value;
        ItemsInSlice = itemsInSlice;
        ShareInSlice = shareInSlice;
        ShareOverall = shareOverall;
    }

    /// <summary>The metadata key (a column of -MetadataPath).</summary>
    public string Key { get; }

    /// <summary>Its value.</summary>
    public string Value { get; }

    /// <summary>Slice items with that value.</summary>
    public int ItemsInSlice { get; }

    /// <summary>Their share of the slice.</summary>
    public double ShareInSlice { get; }

    /// <summary>The value's share of every item searched.</summary>
    public double ShareOverall { get; }

    /// <summary>ShareInSlice / ShareOverall.</summary>
    public double Ratio => ShareInSlice / ShareOverall;

    /// <summary>"camera=b (3.1×)".</summary>
    public override string ToString() => OutputValues.Text("{0}={1} ({2:0.0}×)", Key, Value, Ratio);
}

/// <summary>An item of an <see cref="ErrorSlice"/>. <see cref="ItemId"/> and <see cref="GroundTruthPath"/> bind to Find-SimilarImage.</summary>
public sealed class ErrorSliceItem
{
    internal ErrorSliceItem(string path, string itemId, bool isError, string[] nearestTrainingItemIds, string groundTruthPath, string predictionPath, string slice)
    {
        Path = path;
        ItemId = itemId;
        IsError = isError;
        NearestTrainingItemIds = nearestTrainingItemIds;
        NearestTrainingItems = string.Join(MisclassifiedImage.LabelSeparator, nearestTrainingItemIds);
        GroundTruthPath = groundTruthPath;
        PredictionPath = predictionPath;
        Slice = slice;
    }

    /// <summary>The image's full path (relative item paths resolved against the ground truth's folder).</summary>
    public string Path { get; }

    /// <summary>The item's path as written in the ground truth.</summary>
    public string ItemId { get; }

    /// <summary>Whether the model gets the item wrong.</summary>
    public bool IsError { get; }

    /// <summary>Examples only: the nearest training items joined by ";" (when training embeddings were among -EmbeddingPath).</summary>
    public string NearestTrainingItems { get; }

    /// <summary>The nearest training items as an array (hidden; see <see cref="NearestTrainingItems"/>).</summary>
    [Hidden]
    public string[] NearestTrainingItemIds { get; }

    /// <summary>The evaluation's ground-truth file.</summary>
    public string GroundTruthPath { get; }

    /// <summary>The evaluation's predictions file, as its <see cref="ErrorSlice.PredictionPath"/>: the items of several evaluations' slices expanded together stay apart.</summary>
    public string PredictionPath { get; }

    /// <summary>The metadata slice of the evaluation, as its <see cref="ErrorSlice.Slice"/>.</summary>
    public string Slice { get; }

    /// <summary>The image's path.</summary>
    public override string ToString() => Path;
}
