using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>The one error both front ends write when records were rejected making the parts of a merge.</summary>
public class RecordsRejectedInPartsTests
{
    [Fact]
    public void Names_the_parts_and_counts_ground_truth_and_prediction_records_apart()
    {
        var issue = RecordsRejectedInParts.Of(new RejectedRecords(0, 2), new[] { "a.eval", "b.eval" });

        Assert.NotNull(issue);
        Assert.Equal("RecordsRejectedInParts", issue!.Code);
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Equal("a.eval, b.eval", issue.Source);
        Assert.Equal("0 ground-truth records and 2 prediction records were rejected when the parts were evaluated (each reported then); the merged evaluation holds the other records only", issue.Message);
    }

    [Fact]
    public void Is_no_issue_when_every_record_was_read()
    {
        Assert.Null(RecordsRejectedInParts.Of(new RejectedRecords(0, 0), Array.Empty<string>()));
    }
}
