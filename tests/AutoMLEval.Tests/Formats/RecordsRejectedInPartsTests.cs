using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>The one error both front ends write when records were rejected making the parts of a merge.</summary>
public class RecordsRejectedInPartsTests
{
    [Fact]
    public void Names_the_parts_and_counts_ground_truth_and_prediction_records_apart()
    {
        var summary = new InputSummary { SkippedGroundTruthRecords = 0, SkippedPredictionRecords = 2 };

        var issue = RecordsRejectedInParts.Of(summary, "a.eval, b.eval");

        Assert.NotNull(issue);
        Assert.Equal("RecordsRejectedInParts", issue!.Code);
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Equal("a.eval, b.eval", issue.Source);
        Assert.Equal("0 ground-truth records and 2 prediction records were rejected when the parts were evaluated (each reported then); the merged evaluation holds the other records only", issue.Message);
    }

    [Fact]
    public void Is_no_issue_when_every_record_was_read()
    {
        Assert.Null(RecordsRejectedInParts.Of(new InputSummary(), "a.eval"));
    }
}
