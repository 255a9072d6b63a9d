using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// The warnings on the items of one side of a join only: MissingPrediction for each ground-truth item no prediction
/// names, UnknownItem for each prediction of no ground-truth item. A path written otherwise on the other side (letter
/// case, surrounding spaces, Unicode normalisation: a macOS file name in NFD against NFC) prints alike, so both warnings
/// then say what it looks like there (<see cref="LookAlikeNames"/>). In the engine so that the CLI and the cmdlets say it one way.
/// </summary>
internal static class UnmatchedItems
{
    /// <summary>
    /// Reports <paramref name="withoutPrediction"/> (split order) and the predictions of <paramref name="unknownRows"/>
    /// (row order); either may be null for none.
    /// </summary>
    public static void Report(GroundTruthSet groundTruth, PredictionSet predictions, IReadOnlyList<GroundTruthItem>? withoutPrediction, IReadOnlyList<int>? unknownRows, IIssueSink sink)
    {
        // Paired only when both sides have items left: a join that matched everything, or one side, does no work here.
        Dictionary<string, string>? predictedLookAlike = null, groundTruthLookAlike = null;
        if (withoutPrediction is not null && unknownRows is not null)
        {
            var missingIds = withoutPrediction.Select(item => item.ItemId).ToArray();
            var unknownIds = unknownRows.Select(row => predictions.ItemIds[row]).ToArray();
            predictedLookAlike = LookAlikeNames.Pairs(missingIds, unknownIds);
            groundTruthLookAlike = LookAlikeNames.Pairs(unknownIds, missingIds);
        }
        foreach (var item in withoutPrediction ?? Array.Empty<GroundTruthItem>())
        {
            // An item whose prediction record was rejected: the warning points at that error rather than at a file that lacks it.
            var why = predictions.Rejections?.Of(item.ItemId) is { } rejection
                ? $": its prediction record was rejected ({rejection.LocationAndCode()})"
                : string.Empty;
            var lookAlike = LookAlikeClause(predictedLookAlike, item.ItemId, "the predictions");
            sink.Report(new DataIssue("MissingPrediction", IssueSeverity.Warning, groundTruth.Source, item.Line, "PATH", $"'{item.ItemId}' has no prediction{why}; it is left out{lookAlike}"));
        }
        foreach (var row in unknownRows ?? Array.Empty<int>())
        {
            var itemId = predictions.ItemIds[row];
            var shard = predictions.ShardOf(row);
            var lookAlike = LookAlikeClause(groundTruthLookAlike, itemId, "the ground truth");
            sink.Report(new DataIssue("UnknownItem", IssueSeverity.Warning, shard.Source, predictions.Lines[row], shard.PathField, $"'{itemId}' is not in the ground truth; it is left out{lookAlike}"));
        }
    }

    private static string LookAlikeClause(Dictionary<string, string>? pairs, string itemId, string otherSide) =>
        pairs is not null && pairs.TryGetValue(itemId, out var other) ? LookAlikeNames.Clause(itemId, other, otherSide) : string.Empty;
}
