using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>Picking the task from the ground truth when the user does not name it.</summary>
public sealed class GroundTruthKindTests
{
    [Theory]
    [InlineData("digits/dataset.csv", GroundTruthKind.Classification)]
    [InlineData("multilabel/ground_truth.jsonl", GroundTruthKind.Classification)]
    [InlineData("coco/tiny_bbox/gt.json", GroundTruthKind.Detection)]
    [InlineData("coco/segm_polygons/gt.json", GroundTruthKind.Detection)]
    [InlineData("video/ground_truth.jsonl", GroundTruthKind.Video)]
    public void The_kind_follows_the_files_field_names(string fixture, GroundTruthKind expected)
    {
        Assert.Equal(expected, GroundTruthKinds.Detect(Fixture.Path(fixture.Split('/'))));
    }

    [Theory]
    [InlineData("coco/tiny_bbox/gt.json", "utf-16", GroundTruthKind.Detection)]
    [InlineData("coco/tiny_bbox/gt.json", "utf-16BE", GroundTruthKind.Detection)]
    [InlineData("coco/tiny_bbox/gt.json", "utf-32", GroundTruthKind.Detection)]
    [InlineData("video/ground_truth.jsonl", "utf-16", GroundTruthKind.Video)]
    [InlineData("multilabel/ground_truth.jsonl", "utf-16", GroundTruthKind.Classification)]
    public void A_wide_file_with_its_byte_order_mark_is_told_as_its_utf8_twin(string fixture, string encoding, GroundTruthKind expected)
    {
        // Windows PowerShell 5.1's > and Out-File write UTF-16 with a byte order mark; the readers read it, so must Detect.
        var path = Path.Combine(Path.GetTempPath(), "automl-eval-kind-" + Guid.NewGuid().ToString("N") + Path.GetExtension(fixture));
        File.WriteAllText(path, File.ReadAllText(Fixture.Path(fixture.Split('/'))), System.Text.Encoding.GetEncoding(encoding));
        try
        {
            Assert.Equal(expected, GroundTruthKinds.Detect(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("digits/dataset.csv", GroundTruthKind.Classification, true)]
    [InlineData("digits/dataset.csv", GroundTruthKind.Video, false)]
    [InlineData("digits/dataset.csv", GroundTruthKind.Detection, false)]
    [InlineData("coco/tiny_bbox/gt.json", GroundTruthKind.Detection, true)]
    [InlineData("coco/tiny_bbox/gt.json", GroundTruthKind.Classification, false)]
    [InlineData("video/ground_truth.jsonl", GroundTruthKind.Video, true)]
    [InlineData("video/ground_truth.jsonl", GroundTruthKind.Classification, false)]
    public void A_named_task_fits_the_files_kind(string fixture, GroundTruthKind kind, bool fits)
    {
        Assert.Equal(fits, GroundTruthKinds.Fits(Fixture.Path(fixture.Split('/')), kind));
    }

    [Theory]
    [InlineData("test,gs://b/v.mp4,walk,0,4.5s\n", GroundTruthKind.Video, true)]
    [InlineData("gs://b/v.mp4,walk,,inf\n", GroundTruthKind.Video, true)]
    [InlineData("test,a.png,cat\n", GroundTruthKind.Video, false)]
    [InlineData("test,a.png,cat,dog\n", GroundTruthKind.Video, false)]
    // Vertex AI detection import: [ML_USE,]PATH,LABEL and eight coordinates (two vertices and empty fields, or four).
    [InlineData("TEST,gs://b/a.png,cat,0.1,0.1,,,0.5,0.5,,\n", GroundTruthKind.Detection, true)]
    [InlineData("gs://b/b.jpg,dog,0.5,0,1,0,1,0.5,0.5,0.5\n", GroundTruthKind.Detection, true)]
    [InlineData("test,a.png,cat\n", GroundTruthKind.Detection, false)]
    [InlineData("test,a.png,cat,dog,a,b,c,d,e,f,g\n", GroundTruthKind.Detection, false)]
    [InlineData("TEST,gs://b/a.png,cat,0.1,0.1,,,0.5,0.5,,\n", GroundTruthKind.Video, false)]
    // An image without objects ([ML_USE,]PATH, no label) is a row of either task's: the detection reader reads it, and
    // the next row tells; a file of none but those is a detection import the reader reads (images without objects).
    [InlineData("TEST,gs://b/a.png\nTEST,gs://b/b.png,cat,0.1,0.1,,,0.5,0.5,,\n", GroundTruthKind.Detection, true)]
    [InlineData("gs://b/a.png\ngs://b/c.png,,,,,,,,,\ngs://b/b.jpg,dog,0.5,0,1,0,1,0.5,0.5,0.5\n", GroundTruthKind.Detection, true)]
    [InlineData("TEST,gs://b/a.png\n", GroundTruthKind.Detection, true)]
    [InlineData("TEST,gs://b/a.png\ntest,a.png,cat\n", GroundTruthKind.Detection, false)]
    [InlineData("TEST,gs://b/a.png\n", GroundTruthKind.Video, false)]
    public void A_csv_is_a_video_or_detection_import_when_its_first_record_with_a_label_has_that_form(string firstLine, GroundTruthKind kind, bool fits)
    {
        var path = Path.Combine(Path.GetTempPath(), "automl-eval-kind-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, firstLine);
        try
        {
            // Detect cannot tell (numeric multi-label names would look like times or coordinates), so only a named task asks.
            Assert.Equal(GroundTruthKind.Classification, GroundTruthKinds.Detect(path));
            Assert.Equal(fits, GroundTruthKinds.Fits(path, kind));
        }
        finally
        {
            File.Delete(path);
        }
    }
    [Theory]
    // Every row's coordinates repeat (xMin = yMin): every row is a DuplicateLabel, and the read ends in NoItems.
    [InlineData("TEST,gs://b/a.png,cat,0.1,0.1,,,0.5,0.5,,\nTEST,gs://b/b.png,dog,0.2,0.2,,,0.6,0.6,,\n", 0)]
    // No coordinate repeats: read as multi-label classification, its coordinates taken as labels.
    [InlineData("gs://b/a.png,cat,0.1,0.2,,,0.5,0.6,,\ngs://b/b.png,dog,0.2,0.3,,,0.6,0.7,,\n", 2)]
    public void A_csv_of_the_box_import_form_read_as_classification_says_to_name_the_task(string rows, int items)
    {
        var path = Path.Combine(Path.GetTempPath(), "automl-eval-boxes-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, rows);
        try
        {
            var log = new IssueLog();
            if (items == 0)
            {
                var e = Assert.Throws<InputFormatException>(() => GroundTruthReader.Read(path, log));
                Assert.Equal("NoItems", e.Issue.Code);
                Assert.EndsWith("name the task (--task detection, -Task Detection)", e.Issue.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(items, GroundTruthReader.Read(path, log).Items.Count);
            }
            var warning = Assert.Single(log.Issues, i => i.Code == "BoxImportReadAsClassification");
            Assert.Equal((IssueSeverity.Warning, 1L), (warning.Severity, warning.Line));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    // With a split and times in seconds; without a split and with whole-video (empty) times; with Duration strings.
    [InlineData("test,gs://b/v.mp4,walk,0,4\ntest,gs://b/v.mp4,talk,4,8\n")]
    [InlineData("gs://b/v.MOV,walk,,\n")]
    [InlineData("training,gs://b/v.avi,walk,1.5s,inf\n")]
    public void A_csv_of_the_video_import_form_read_as_classification_says_to_name_the_task(string rows)
    {
        var issues = IssuesOfReading(rows);
        var warning = Assert.Single(issues, i => i.Code == "VideoImportReadAsClassification");
        Assert.Equal((IssueSeverity.Warning, 1L), (warning.Severity, warning.Line));
        Assert.EndsWith("a classification read takes its times as labels; to evaluate it as video, name the task (--task video, -Task Video)", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(issues, i => i.Code == "BoxImportReadAsClassification");
    }

    [Theory]
    [InlineData("test,a.png,cat\n")]
    // Eight numeric labels without empty ones but one field short of the form; and digits as labels with a split.
    [InlineData("a.png,1,2,3,4,5,6,7,8\n")]
    [InlineData("test,a.png,3,7\n")]
    // Numeric labels with the video form's field count: an image, two labels after a split, one time missing, a segment that ends before it starts.
    [InlineData("a.png,cat,0,4\n")]
    [InlineData("test,gs://b/a.jpg,cat,1,2\n")]
    [InlineData("test,clip.mp4,cat,3,\n")]
    [InlineData("test,clip.mp4,cat,7,3\n")]
    public void A_classification_csv_gets_no_such_warning(string rows)
    {
        var issues = IssuesOfReading(rows);
        Assert.DoesNotContain(issues, i => i.Code == "BoxImportReadAsClassification");
        Assert.DoesNotContain(issues, i => i.Code == "VideoImportReadAsClassification");
    }

    // What reading these rows as a classification ground truth reports.
    private static DataIssue[] IssuesOfReading(string rows)
    {
        var path = Path.Combine(Path.GetTempPath(), "automl-eval-rows-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, rows);
        try
        {
            var log = new IssueLog();
            GroundTruthReader.Read(path, log);
            return log.Issues.ToArray();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
