using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>The ground-truth and prediction formats, good and bad: every problem names its file, line and field.</summary>
public sealed class ClassificationFormatTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Prediction(string path, params (string Label, double Score)[] scores) =>
        "{\"instance\":{\"content\":\"" + path + "\"},\"prediction\":{\"displayNames\":[" + string.Join(",", scores.Select(s => "\"" + s.Label + "\""))
        + "],\"confidences\":[" + string.Join(",", scores.Select(s => s.Score.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]}}";

    [Theory]
    // Every item in the split (the reader's own index serves it), a repeated item merged; then a split of some items.
    [InlineData("a.png,cat\nb.png,dog\na.png,cat\nc.png,dog\n", "a.png b.png c.png")]
    [InlineData("test,a.png,cat\ntraining,b.png,dog\ntest,c.png,dog\n", "a.png c.png")]
    public void A_split_finds_each_item_at_its_place_and_the_set_knows_every_item(string text, string inTest)
    {
        var set = GroundTruthReader.Read(_folder.Write("gt.csv", text), new IssueLog());
        var split = set.Split("test");

        Assert.Equal(inTest.Split(' '), split.Items.Select(i => i.ItemId));
        for (int at = 0; at < split.Items.Count; at++) Assert.Equal((int?)at, split.IndexOf(split.Items[at].ItemId));
        Assert.Equal(split.Items.Count == 2 ? null : (int?)1, split.IndexOf("b.png"));
        Assert.Null(split.IndexOf("z.png"));
        Assert.True(set.Contains("b.png"));
        Assert.False(set.Contains("z.png"));
    }

    [Fact]
    public void Vertex_csv_with_ml_use_and_legacy_split_names()
    {
        var gt = _folder.Write("gt.csv", "TEST,a.png,cat\ntraining,b.png,dog\nVALIDATION,c.png,cat\nUNASSIGNED,d.png,dog\ntest,e.png,dog\n");
        var log = new IssueLog();
        var set = GroundTruthReader.Read(gt, log);
        Assert.Empty(log.Issues);
        Assert.Equal(new[] { "a.png", "e.png" }, set.InSplit(MlUse.Test).Select(i => i.ItemId));
        Assert.Equal("training", set.Items[1].MlUse);
        Assert.Equal("unassigned", set.Items[3].MlUse);
        Assert.False(set.IsMultiLabel);
    }

    [Theory]
    // A header this reader does not know (no path column), before rows with and without a split.
    [InlineData("image_path,class\nimages/a.png,cat\nimages/b.png,dog\n")]
    [InlineData("image_path,class\ntest,images/a.png,cat\ntest,images/b.png,dog\n")]
    public void An_unknown_header_is_a_skipped_record_not_an_item_with_a_label_of_its_own(string text)
    {
        // Read as data, "image_path,class" was an item labelled "class": 11 labels for 10 in the digits demo, every
        // macro figure lower, with warnings only.
        var log = new IssueLog();
        var set = GroundTruthReader.Read(_folder.Write("gt.csv", text), log);
        Assert.Equal(new[] { "images/a.png", "images/b.png" }, set.InSplit(MlUse.Test).Select(i => i.ItemId));
        Assert.Equal(1, set.SkippedRecords);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("UnknownHeader", 1L, IssueSeverity.Error), (issue.Code, issue.Line, issue.Severity));
        Assert.Contains("looks like a header (image_path, class)", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Plain ids throughout, and a one-row file: the first row is data.
    [InlineData("a,cat\nb,dog\n", new[] { "a", "b" })]
    [InlineData("a,cat\n", new[] { "a" })]
    public void A_first_row_of_plain_ids_is_still_an_item(string text, string[] items)
    {
        var log = new IssueLog();
        var set = GroundTruthReader.Read(_folder.Write("gt.csv", text), log);
        Assert.Equal(items, set.InSplit(MlUse.Test).Select(i => i.ItemId));
        Assert.Empty(log.Issues);
    }

    [Fact]
    public void Header_csv_without_split_is_evaluated_whole()
    {
        var gt = _folder.Write("gt.csv", "path,label\n\"x, y.png\",cat\nz.png,dog\n");
        var set = GroundTruthReader.Read(gt, new IssueLog());
        Assert.Equal(new[] { "x, y.png", "z.png" }, set.InSplit(MlUse.Test).Select(i => i.ItemId));
    }

    [Theory]
    // A header names one label column: a row's second label ("y", "zz") was dropped unread; a short row lacks a value.
    [InlineData("path,label\ni0.png,x\ni1.png,x,y,zz\ni2.png,y\n", "the row has 4 fields; the header has 2")]
    [InlineData("path,label,ml_use\ni0.png,x,test\ni1.png,x,y,test\ni2.png,y,test\n", "the row has 4 fields; the header has 3")]
    [InlineData("path,label,ml_use\ni0.png,x,test\ni1.png\ni2.png,y,test\n", "the row has 1 field; the header has 3")]
    public void A_header_csv_row_whose_field_count_differs_from_the_headers_is_rejected(string text, string message)
    {
        var gt = _folder.Write("gt.csv", text);
        var log = new IssueLog();

        var set = GroundTruthReader.Read(gt, log);

        Assert.Equal(new[] { "i0.png", "i2.png" }, set.Items.Select(i => i.ItemId));
        Assert.Equal(1, set.SkippedRecords);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("InvalidRecord", IssueSeverity.Error, gt, 3L, string.Empty), (issue.Code, issue.Severity, issue.Source, issue.Line, issue.Field));
        Assert.Equal(message, issue.Message);
    }

    [Fact]
    public void Folder_per_label()
    {
        _folder.Write("data/cat/1.png", "x");
        _folder.Write("data/dog/2.jpg", "x");
        _folder.Write("data/dog/notes.txt", "not an image");
        var log = new IssueLog();
        var set = GroundTruthReader.Read(Path.Combine(_folder.Root, "data"), log);
        Assert.Equal(new[] { "cat/1.png", "dog/2.jpg" }, set.Items.Select(i => i.ItemId));
        Assert.Equal(new[] { "cat", "dog" }, set.Labels);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("FilesLeftOut", IssueSeverity.Warning), (issue.Code, issue.Severity));
        Assert.Equal("1 file is left out: 1 not an image (.jpg, .jpeg, .png, .webp, .bmp, .gif, .tif, .tiff, .heic, .heif, .avif): dog/notes.txt", issue.Message);
    }

    [Fact]
    public void Folder_per_label_follows_a_label_folder_link_but_not_a_link_inside_a_label_folder()
    {
        if (OperatingSystem.IsWindows()) return;
        _folder.Write("elsewhere/dog/2.jpg", "x");
        _folder.Write("data/cat/1.png", "x");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Root, "data", "dog"), Path.Combine(_folder.Root, "elsewhere", "dog"));
        // A link back up: followed, the walk went round data/cat/up/cat/up/… counting its files.
        Directory.CreateSymbolicLink(Path.Combine(_folder.Root, "data", "cat", "up"), Path.Combine(_folder.Root, "data"));
        var log = new IssueLog();
        var set = GroundTruthReader.Read(Path.Combine(_folder.Root, "data"), log);

        Assert.Equal(new[] { "cat/1.png", "dog/2.jpg" }, set.Items.Select(i => i.ItemId));
        Assert.Equal("1 link to a folder is left out: 1 link to a folder (not followed): cat/up", Assert.Single(log.Issues).Message);
    }

    [Fact]
    public void Folder_per_label_skips_hidden_folders_and_files_and_counts_every_file_left_out()
    {
        _folder.Write("data/cat/1.png", "x");
        _folder.Write("data/cat/.DS_Store", "x");
        _folder.Write("data/cat/.ipynb_checkpoints/1-checkpoint.png", "x");
        _folder.Write("data/cat/older/3.png", "x");
        _folder.Write("data/.hidden/x.png", "x");
        _folder.Write("data/@eaDir/1.png/SYNOFILE_THUMB_M.jpg", "x");
        _folder.Write("data/README.md", "x");
        foreach (var name in new[] { "a.txt", "b.txt", "c.txt", "d.txt" }) _folder.Write("data/dog/" + name, "x");
        _folder.Write("data/dog/2.jpg", "x");
        var log = new IssueLog();
        var set = GroundTruthReader.Read(Path.Combine(_folder.Root, "data"), log);

        Assert.Equal(new[] { "cat/1.png", "dog/2.jpg" }, set.Items.Select(i => i.ItemId));
        Assert.Equal(new[] { "cat", "dog" }, set.Labels);
        // One warning for the folder: 3 hidden folders, not looked into (two at the top, a checkpoint folder in a label's),
        // a dot-file in a label folder, 4 text files, and 2 files outside a label folder (one beside them, one a level too deep).
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("FilesLeftOut", 0L), (issue.Code, issue.Line));
        Assert.Equal(
            "3 hidden folders and 7 files are left out: 3 hidden folders (a name starting with '.', @eaDir, __MACOSX; not looked into): .hidden, @eaDir, cat/.ipynb_checkpoints; "
            + "1 hidden file (a name starting with '.', @eaDir, __MACOSX): cat/.DS_Store; "
            + "4 not images (.jpg, .jpeg, .png, .webp, .bmp, .gif, .tif, .tiff, .heic, .heif, .avif): dog/a.txt, dog/b.txt, dog/c.txt and 1 more; "
            + "2 not in a label folder (beside the label folders, or deeper inside one): README.md, cat/older/3.png",
            issue.Message);
    }

    [Fact]
    public void Folder_per_label_counts_a_hidden_folder_as_one_without_walking_it()
    {
        _folder.Write("data/cat/1.png", "x");
        // A repository's history beside the labels and a hidden folder a level too deep: 60 files the reader need not list.
        for (int i = 0; i < 50; i++) _folder.Write($"data/.git/objects/{i:D2}/blob", "x");
        for (int i = 0; i < 10; i++) _folder.Write($"data/cat/older/.cache/{i}.png", "x");
        var log = new IssueLog();
        var set = GroundTruthReader.Read(Path.Combine(_folder.Root, "data"), log);

        Assert.Equal(new[] { "cat/1.png" }, set.Items.Select(i => i.ItemId));
        // Walked, the old count was "60 files": 50 hidden below .git and 10 below cat/older/.cache.
        Assert.Equal(
            "2 hidden folders are left out: 2 hidden folders (a name starting with '.', @eaDir, __MACOSX; not looked into): .git, cat/older/.cache",
            Assert.Single(log.Issues).Message);
    }

    [Fact]
    public void Jsonl_single_and_multi_label()
    {
        var single = _folder.Write("single.jsonl",
            "{\"imageGcsUri\":\"a.png\",\"classificationAnnotation\":{\"displayName\":\"cat\"},\"dataItemResourceLabels\":{\"aiplatform.googleapis.com/ml_use\":\"test\"}}\n");
        Assert.False(GroundTruthReader.Read(single, new IssueLog()).IsMultiLabel);
        var multi = _folder.Write("multi.jsonl",
            "{\"imageGcsUri\":\"a.png\",\"classificationAnnotations\":[{\"displayName\":\"cat\"},{\"displayName\":\"dog\"}]}\n"
            + "{\"imageGcsUri\":\"b.png\",\"classificationAnnotations\":[]}\n");
        var set = GroundTruthReader.Read(multi, new IssueLog());
        Assert.True(set.IsMultiLabel);
        Assert.Equal(new[] { "cat", "dog" }, set.Items[0].Labels);
        Assert.Empty(set.Items[1].Labels);
    }

    [Fact]
    public void Bad_ground_truth_lines_are_reported_with_line_and_field_and_skipped()
    {
        var gt = _folder.Write("gt.jsonl",
            "{\"imageGcsUri\":\"a.png\",\"classificationAnnotation\":{\"displayName\":\"cat\"}}\n"
            + "{not json\n"
            + "{\"classificationAnnotation\":{\"displayName\":\"cat\"}}\n"
            + "{\"imageGcsUri\":\"c.png\",\"classificationAnnotation\":{\"displayName\":\"cat\"},\"dataItemResourceLabels\":{\"aiplatform.googleapis.com/ml_use\":\"testing\"}}\n");
        var log = new IssueLog();
        var set = GroundTruthReader.Read(gt, log);
        Assert.Single(set.Items);
        Assert.Equal(3, set.SkippedRecords);
        Assert.Collection(log.Issues,
            i => Assert.Equal(("InvalidJson", 2L), (i.Code, i.Line)),
            i => Assert.Equal(("MissingField", 3L, "imageGcsUri"), (i.Code, i.Line, i.Field)),
            i => Assert.Equal(("InvalidMlUse", 4L), (i.Code, i.Line)));
        Assert.All(log.Issues, i => Assert.Equal(gt, i.Source));
    }

    [Fact]
    public void A_ground_truth_key_near_a_fields_name_is_a_warning_naming_the_field()
    {
        // Line 1 misspells dataItemResourceLabels: a.png, written as training, has no split and so is in the test split
        // too. Line 2 misspells the split key inside it (ml_use ends the real key as a path segment): the same for b.png.
        // Line 3 has the split key and a misspelt copy beside it: its split (training) is read, and the copy ignored.
        // Line 4 misspells an annotation's displayName: an error follows its warning. Vertex AI's
        // annotationResourceLabels and a slice's own labels (camera, and aiplatform.googleapis.com/source, a few edits
        // from the split key as a whole but not in its last segment) are near no field.
        var gt = _folder.Write("gt.jsonl",
            "{\"imageGcsUri\":\"a.png\",\"classificationAnnotation\":{\"displayName\":\"cat\",\"annotationResourceLabels\":{}},\"dataItemResourceLabel\":{\"aiplatform.googleapis.com/ml_use\":\"training\"}}\n"
            + "{\"imageGcsUri\":\"b.png\",\"classificationAnnotation\":{\"displayName\":\"cat\"},\"dataItemResourceLabels\":{\"ml_use\":\"training\",\"camera\":\"a\",\"aiplatform.googleapis.com/source\":\"b\"}}\n"
            + "{\"imageGcsUri\":\"c.png\",\"classificationAnnotation\":{\"displayName\":\"cat\"},\"dataItemResourceLabels\":{\"aiplatform.googleapis.com/ml_use\":\"training\",\"aiplatform.googleapis.com/ml-use\":\"test\"}}\n"
            + "{\"imageGcsUri\":\"d.png\",\"classificationAnnotations\":[{\"displayName\":\"cat\"},{\"displayNme\":\"dog\"}]}\n");
        var log = new IssueLog();

        var set = GroundTruthReader.Read(gt, log);

        Assert.Equal(new[] { "a.png", "b.png" }, set.InSplit(MlUse.Test).Select(i => i.ItemId));
        Assert.Equal("training", set.Items[2].MlUse);
        Assert.Equal(
            new[]
            {
                (MisspeltFields.Code, 1L, "dataItemResourceLabel", "'dataItemResourceLabel' is not a field of the record, so it is read without 'dataItemResourceLabels': the image has no split, so it is in every split. Near name: dataItemResourceLabels."),
                (MisspeltFields.Code, 2L, "dataItemResourceLabels.ml_use", "'ml_use' is not a field of the record, so it is read without 'aiplatform.googleapis.com/ml_use': the image has no split, so it is in every split. Near name: aiplatform.googleapis.com/ml_use."),
                (MisspeltFields.Code, 3L, "dataItemResourceLabels.aiplatform.googleapis.com/ml-use", "'aiplatform.googleapis.com/ml-use' is not a field of the record and is ignored; 'aiplatform.googleapis.com/ml_use', which it is near, is there as well and is read."),
                (MisspeltFields.Code, 4L, "classificationAnnotations[1].displayNme", "'displayNme' is not a field of the record, so it is read without 'displayName': the annotation has no label. Near name: displayName."),
                ("MissingField", 4L, "classificationAnnotations[1].displayName", "an annotation has no displayName"),
            },
            log.Issues.Select(i => (i.Code, i.Line, i.Field, i.Message)));
    }

    [Fact]
    public void A_ground_truth_key_near_a_field_is_a_warning_on_every_line_among_custom_keys_each_judged_once()
    {
        // Custom keys are judged once a read (files repeat them line after line); a near key is reported on every line
        // that holds it, and each level has its own fields: "ml_use" at the top is near no record field (no warning),
        // while inside dataItemResourceLabels it is near the split key on every line.
        var lines = Enumerable.Range(0, 3).Select(i =>
            $"{{\"imageGcsUri\":\"{i}.png\",\"ml_use\":\"x\",\"classificationAnnotation\":{{\"displayName\":\"cat\"}},\"dataItemResourceLabels\":{{\"camera\":\"a\",\"ml_use\":\"training\",\"site\":\"b\"}}}}\n");
        var log = new IssueLog();

        GroundTruthReader.Read(_folder.Write("gt.jsonl", string.Concat(lines)), log);

        Assert.Equal(
            new[] { (1L, "dataItemResourceLabels.ml_use"), (2L, "dataItemResourceLabels.ml_use"), (3L, "dataItemResourceLabels.ml_use") },
            log.Issues.Where(i => i.Code == MisspeltFields.Code).Select(i => (i.Line, i.Field)));
    }

    [Theory]
    [InlineData("{\"displayName\":5}", "the annotation's displayName is 5, not a string (write it in quotes)")]
    [InlineData("{\"displayName\":\"  \"}", "the annotation's displayName is blank")]
    [InlineData("{\"name\":\"cat\"}", "the annotation has no displayName")]
    [InlineData("\"cat\"", "the annotation is not an object")]
    public void A_ground_truth_annotation_without_a_usable_label_says_what_it_holds(string annotation, string message)
    {
        // "displayName": 5 was reported as no displayName at all.
        var gt = _folder.Write("labels.jsonl",
            "{\"imageGcsUri\":\"a.png\",\"classificationAnnotation\":{\"displayName\":\"cat\"}}\n"
            + "{\"imageGcsUri\":\"b.png\",\"classificationAnnotation\":" + annotation + "}\n");
        var log = new IssueLog();
        GroundTruthReader.Read(gt, log);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("MissingField", 2L, "classificationAnnotation.displayName", message), (issue.Code, issue.Line, issue.Field, issue.Message));
    }

    [Fact]
    public void Duplicate_ground_truth_rows_are_merged_and_reported()
    {
        var gt = _folder.Write("gt.csv", "test,a.png,cat\ntest,a.png,dog\n");
        var log = new IssueLog();
        var set = GroundTruthReader.Read(gt, log);
        Assert.Equal(new[] { "cat", "dog" }, set.Items.Single().Labels);
        Assert.Equal(1, set.DuplicateRecords);
        Assert.Equal(("DuplicateItem", 2L), (log.Issues.Single().Code, log.Issues.Single().Line));
    }

    [Theory]
    [InlineData("{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[1.5]}}", "InvalidScore", "prediction.confidences[0]")]
    [InlineData("{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[\"NaN\"]}}", "InvalidScore", "prediction.confidences[0]")]
    [InlineData("{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.5]}}", "MissingField", "prediction.confidences")]
    [InlineData("{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"confidences\":[0.5]}}", "MissingField", "prediction.displayNames")]
    [InlineData("{\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.5]}}", "MissingField", "instance.content")]
    [InlineData("{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.5]}", "InvalidJson", "")]
    public void Bad_prediction_records_are_reported_with_line_and_field(string badLine, string code, string field)
    {
        var path = _folder.Write("p.jsonl", Prediction("b.png", ("cat", 0.2), ("dog", 0.8)) + "\n" + badLine + "\n");
        var log = new IssueLog();
        var set = PredictionReader.Read(path, log);
        Assert.Equal(new[] { "b.png" }, set.ItemIds);
        Assert.Equal(1, set.SkippedRecords);
        var issue = log.Issues.Single(i => i.Severity == IssueSeverity.Error);
        Assert.Equal((code, 2L, field), (issue.Code, issue.Line, issue.Field));
        Assert.Contains("p.jsonl:2:", issue.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"instance\":{\"imageGcsUri\":\"x.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.5]}}", null)]
    [InlineData("{\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.5]}}", "the record has no instance.content")]
    [InlineData("{\"instance\":{\"content\":2},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.5]}}", "instance.content is a number, not the item's path")]
    [InlineData("{\"instance\":{\"content\":[\"a.png\"]},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.5]}}", "instance.content is a list, not the item's path")]
    [InlineData("{\"instance\":{\"content\":\"\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.5]}}", "instance.content is an empty string, not the item's path")]
    [InlineData("{\"instance\":{\"content\":null},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.5]}}", "instance.content is null, not the item's path")]
    public void A_record_without_a_usable_path_says_what_stands_in_its_place(string line, string? message)
    {
        var path = _folder.Write("p.jsonl", line + "\n");
        var log = new IssueLog();

        var read = Record.Exception(() => PredictionReader.Read(path, log));

        // The imageGcsUri form is the path too: read, no issue.
        if (message is null)
        {
            Assert.Null(read);
            Assert.Empty(log.Issues);
            return;
        }
        var issue = log.Issues.Single(i => i.Severity == IssueSeverity.Error);
        Assert.Equal(("MissingField", 1L, "instance.content", message), (issue.Code, issue.Line, issue.Field, issue.Message));
    }

    [Fact]
    public void A_prediction_with_empty_lists_is_reported_as_scoring_no_label()
    {
        // It was reported as "needs as many confidences as displayNames (got 0 confidences and 0 displayNames)": equal counts.
        var path = _folder.Write("p.jsonl", Prediction("b.png", ("cat", 0.2), ("dog", 0.8)) + "\n"
            + "{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"ids\":[],\"displayNames\":[],\"confidences\":[]}}\n");
        var log = new IssueLog();
        var set = PredictionReader.Read(path, log);
        Assert.Equal(new[] { "b.png" }, set.ItemIds);
        Assert.Equal(1, set.SkippedRecords);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("MissingField", 2L, "prediction.displayNames"), (issue.Code, issue.Line, issue.Field));
        Assert.StartsWith("the prediction scores no label", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_repeated_in_a_record_counts_its_last_value_as_every_other_field_does()
    {
        // A repeated ids list used to be appended to the first, and the record's ids outran its labels: the whole read
        // failed with an index out of range. Each list read now replaces the one before it.
        var path = _folder.Write("p.jsonl", string.Join("\n",
            "{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"ids\":[\"1\",\"2\"],\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.25,0.75],\"ids\":[\"1\",\"2\"]}}",
            "{\"instance\":{\"content\":\"b.png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.5,0.5],\"displayNames\":[\"dog\",\"cat\"],\"confidences\":[0.125,0.875]}}") + "\n");
        var log = new IssueLog();

        var set = PredictionReader.Read(path, log);

        Assert.Empty(log.Issues);
        Assert.Equal(new[] { "cat", "dog" }, set.Labels);
        Assert.Equal(new[] { 0.25, 0.75, 0.875, 0.125 }, new[] { set.Score(0, 0), set.Score(0, 1), set.Score(1, 0), set.Score(1, 1) });
    }

    [Fact]
    public void A_known_label_is_taken_by_its_bytes_only_where_the_line_holds_that_whole_string()
    {
        // Labels met before are matched by their bytes between quotes, by the id the record gives them and by the
        // previous record's order. A label holding a quote (escaped in line 1) must not match the unescaped bytes of
        // line 2, which is not JSON; ids above the small-id table (70000) and below it (7) map as well.
        var path = _folder.Write("p.jsonl", string.Join("\n",
            "{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"ids\":[7,70000],\"displayNames\":[\"a\\\"b\",\"cat\"],\"confidences\":[0.25,0.75]}}",
            "{\"instance\":{\"content\":\"b.png\"},\"prediction\":{\"ids\":[7,70000],\"displayNames\":[\"a\"b\",\"cat\"],\"confidences\":[0.5,0.5]}}",
            "{\"instance\":{\"content\":\"c.png\"},\"prediction\":{\"ids\":[70000,7],\"displayNames\":[\"cat\",\"a\\\"b\"],\"confidences\":[0.125,0.875]}}",
            "{\"instance\":{\"content\":\"d.png\"},\"prediction\":{\"ids\":[70000,7],\"displayNames\":[\"catx\",\"ca\"],\"confidences\":[0.5,0.5]}}") + "\n");
        var log = new IssueLog();

        var set = PredictionReader.Read(path, log);

        Assert.Equal(new[] { "a.png", "c.png", "d.png" }, set.ItemIds);
        Assert.Equal(("InvalidJson", 2L), (log.Issues.Single(i => i.Severity == IssueSeverity.Error).Code, log.Issues.Single(i => i.Severity == IssueSeverity.Error).Line));
        Assert.Equal(new[] { "a\"b", "cat", "catx", "ca" }, set.Labels);
        Assert.Equal(new[] { 0.25, 0.75, 0.875, 0.125, 0.0, 0.0 }, new[] { set.Score(0, 0), set.Score(0, 1), set.Score(1, 0), set.Score(1, 1), set.Score(2, 0), set.Score(2, 1) });
        Assert.Equal(new[] { 0.5, 0.5 }, new[] { set.Score(2, 2), set.Score(2, 3) });
    }

    [Fact]
    public void A_label_named_twice_is_reported_at_its_first_repeat_and_a_list_read_again_starts_afresh()
    {
        // Names are marked as seen while they are read. Line 2 (plain scanner) repeats cat at position 2. Line 3 repeats
        // displayNames, which the reader takes: its first list repeats dog, but only the last list counts. Line 4 repeats
        // a new label at 1 and a known one at 3: a known label's repeat is reported first, as before the marks. Line 5,
        // after the rejected lines, names cat and dog once each.
        var path = _folder.Write("p.jsonl", string.Join("\n",
            "{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"ids\":[1,2],\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.25,0.75]}}",
            "{\"instance\":{\"content\":\"b.png\"},\"prediction\":{\"ids\":[1,2,1],\"displayNames\":[\"cat\",\"dog\",\"cat\"],\"confidences\":[0.25,0.5,0.25]}}",
            "{\"instance\":{\"content\":\"c.png\"},\"prediction\":{\"displayNames\":[\"dog\",\"dog\"],\"displayNames\":[\"dog\",\"cat\"],\"confidences\":[0.125,0.875]}}",
            Prediction("d.png", ("new", 0.25), ("new", 0.25), ("dog", 0.25), ("dog", 0.25)),
            "{\"instance\":{\"content\":\"e.png\"},\"prediction\":{\"ids\":[2,1],\"displayNames\":[\"dog\",\"cat\"],\"confidences\":[0.5,0.5]}}") + "\n");
        var log = new IssueLog();

        var set = PredictionReader.Read(path, log);

        Assert.Equal(new[] { "a.png", "c.png", "e.png" }, set.ItemIds);
        Assert.Equal(new[] { "cat", "dog" }, set.Labels);
        Assert.Equal(new[] { 0.875, 0.125 }, new[] { set.Score(1, 0), set.Score(1, 1) });
        Assert.Equal(
            new[] { ("DuplicateLabel", 2L, "prediction.displayNames[2]", "the label 'cat' is scored twice in one record"), ("DuplicateLabel", 4L, "prediction.displayNames[3]", "the label 'dog' is scored twice in one record") },
            log.Issues.Select(i => (i.Code, i.Line, i.Field, i.Message)));
    }

    [Fact]
    public void Csv_predictions_with_one_column_per_label()
    {
        var path = _folder.Write("p.csv", "path,cat,dog\na.png,0.25,0.75\nb.png,1,0\nc.png,x,0\n");
        var log = new IssueLog();
        var set = PredictionReader.Read(path, log);
        Assert.Equal(new[] { "cat", "dog" }, set.Labels);
        Assert.Equal(0.75, set.Score(0, 1));
        Assert.Equal(1.0, set.Score(1, 0));
        Assert.Equal(("InvalidScore", 4L, "cat"), (log.Issues.Single().Code, log.Issues.Single().Line, log.Issues.Single().Field));
    }

    [Fact]
    public void Join_counts_and_reports_every_unmatched_item_and_label()
    {
        var gt = _folder.Write("gt.csv", "test,a.png,cat\ntest,b.png,dog\ntest,c.png,bird\ntraining,t.png,cat\n");
        var predictions = _folder.Write("p.jsonl", string.Join("\n",
            Prediction("a.png", ("cat", 0.9), ("dog", 0.1), ("fish", 0.0)),
            Prediction("b.png", ("cat", 0.3), ("dog", 0.7), ("fish", 0.0)),
            Prediction("t.png", ("cat", 0.6), ("dog", 0.4), ("fish", 0.0)),
            Prediction("zzz.png", ("cat", 0.6), ("dog", 0.4), ("fish", 0.0))));
        var log = new IssueLog();
        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);
        var s = loaded.Summary;
        Assert.Equal((3, 4, 2, 1, 1, 1), (s.GroundTruthItems, s.PredictionItems, s.Evaluated, s.MissingPredictions, s.OtherSplitPredictions, s.UnknownPredictions));
        Assert.Equal(new[] { "bird" }, s.LabelsOnlyInGroundTruth);
        Assert.Equal(new[] { "fish" }, s.LabelsOnlyInPredictions);
        Assert.Equal(new[] { "cat", "dog", "fish", "bird" }, loaded.Data.Labels);
        var codes = log.Issues.Select(i => i.Code).ToArray();
        Assert.Contains("MissingPrediction", codes);
        Assert.Contains("UnknownItem", codes);
        Assert.Contains("LabelNotPredicted", codes);
        Assert.Contains("LabelNotInGroundTruth", codes);
        Assert.Equal(3L, log.Issues.Single(i => i.Code == "MissingPrediction").Line);

        var strict = Assert.Throws<InputFormatException>(() => ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions { Strict = true }, new IssueLog()));
        Assert.Equal("UnmatchedItems", strict.Issue.Code);
    }

    [Theory]
    [InlineData("shards")]
    [InlineData("shards/*.jsonl")]
    public void A_shards_unknown_item_is_reported_at_its_line_of_its_own_shard(string predictionPath)
    {
        // The warning named the folder or pattern with a line of one shard ("shards:2"), which no file holds.
        var gt = _folder.Write("gt.csv", "test,a.png,cat\ntest,b.png,dog\n");
        var first = _folder.Write("shards/p1.jsonl", Prediction("a.png", ("cat", 0.9), ("dog", 0.1)) + "\n" + Prediction("zzz.png", ("cat", 0.5), ("dog", 0.5)) + "\n");
        var second = _folder.Write("shards/p2.jsonl", Prediction("b.png", ("cat", 0.2), ("dog", 0.8)) + "\n" + Prediction("yyy.png", ("cat", 0.5), ("dog", 0.5)) + "\n");
        var log = new IssueLog();

        var loaded = ClassificationInputs.Load(gt, Path.Combine(_folder.Root, predictionPath), new ClassificationInputOptions(), log);

        Assert.Equal(2, loaded.Summary.UnknownPredictions);
        Assert.Equal(new[] { (first, 2L), (second, 2L) }, log.Issues.Where(i => i.Code == "UnknownItem").Select(i => (i.Source, i.Line)));
    }

    [Fact]
    public void Csv_predictions_name_their_path_column_as_the_header_spells_it_for_repeated_and_unknown_items()
    {
        // Both warnings named instance.content, a JSON Lines field; a JSON Lines shard beside the CSV one still does.
        var gt = _folder.Write("gt.csv", "test,a.png,cat\ntest,b.png,dog\n");
        var csv = _folder.Write("shards/p1.csv", "Image,cat,dog\na.png,0.9,0.1\na.png,0.8,0.2\nzzz.png,0.5,0.5\n");
        var jsonl = _folder.Write("shards/p2.jsonl", Prediction("b.png", ("cat", 0.2), ("dog", 0.8)) + "\n" + Prediction("yyy.png", ("cat", 0.5), ("dog", 0.5)) + "\n");
        var log = new IssueLog();

        ClassificationInputs.Load(gt, Path.Combine(_folder.Root, "shards"), new ClassificationInputOptions(), log);

        Assert.Equal(
            new[] { ("DuplicatePrediction", csv, 3L, "Image"), ("UnknownItem", csv, 4L, "Image"), ("UnknownItem", jsonl, 2L, "instance.content") },
            log.Issues.Where(i => i.Code is "DuplicatePrediction" or "UnknownItem").Select(i => (i.Code, i.Source, i.Line, i.Field)));
    }

    [Fact]
    public void Csv_predictions_that_match_no_item_or_not_all_name_their_path_column()
    {
        var gt = _folder.Write("gt.csv", "test,a.png,cat\ntest,b.png,dog\n");
        var none = _folder.Write("none.csv", "Image,cat,dog\nx.png,0.9,0.1\n");
        var some = _folder.Write("some.csv", "Image,cat,dog\na.png,0.9,0.1\nx.png,0.9,0.1\n");

        var noMatch = Assert.Throws<InputFormatException>(() => ClassificationInputs.Load(gt, none, new ClassificationInputOptions(), new IssueLog())).Issue;
        var strict = Assert.Throws<InputFormatException>(() => ClassificationInputs.Load(gt, some, new ClassificationInputOptions { Strict = true }, new IssueLog())).Issue;

        Assert.Equal(("NoMatchedItems", "Image"), (noMatch.Code, noMatch.Field));
        Assert.Equal(("UnmatchedItems", "Image"), (strict.Code, strict.Field));
    }

    [Theory]
    // A row rejected for a repeated label, in a file read whole and in one a shard streams keeping its own items.
    [InlineData("test,i0.png,x\ntest,i1.png,x,x,y\ntest,i2.png,y\ntest,i3.png\n", false)]
    [InlineData("test,i0.png,x\ntest,i1.png,x,x,y\ntest,i2.png,y\ntest,i3.png\n", true)]
    // A header row with a field past the header's, and a JSON Lines record whose annotation has no label.
    [InlineData("path,label\ni0.png,x\ni1.png,x,y\ni2.png,y\ni3.png,y\n", false)]
    [InlineData("{\"imageGcsUri\":\"i0.png\",\"classificationAnnotations\":[{\"displayName\":\"x\"}]}\n{\"imageGcsUri\":\"i1.png\",\"classificationAnnotations\":[{\"name\":\"x\"}]}\n"
        + "{\"imageGcsUri\":\"i2.png\",\"classificationAnnotations\":[{\"displayName\":\"y\"}]}\n{\"imageGcsUri\":\"i3.png\",\"classificationAnnotations\":[]}\n", true)]
    public void The_prediction_of_an_item_whose_ground_truth_row_was_rejected_counts_as_a_rejected_items(string groundTruth, bool shard)
    {
        // It was "not in the ground truth" (UnknownItem), though the file names it on the row it rejected.
        var gt = _folder.Write(groundTruth.StartsWith('{') ? "gt.jsonl" : "gt.csv", groundTruth);
        var predictions = _folder.Write("p.csv", "path,x,y\ni0.png,0.9,0.2\ni1.png,0.6,0.6\ni2.png,0.3,0.8\ni3.png,0.1,0.1\nnew.png,0.1,0.1\n");
        var log = new IssueLog();
        var options = new ClassificationInputOptions { MultiLabel = true, IsShard = shard, ShardStreamsGroundTruthAbove = 0 };

        var s = ClassificationInputs.Load(gt, predictions, options, log).Summary;

        Assert.Equal((3, 5, 3, 0, 1, 1, 1), (s.GroundTruthItems, s.PredictionItems, s.Evaluated, s.RejectedGroundTruthItems, s.SkippedGroundTruthRecords, s.UnknownPredictions, s.RejectedItemPredictions));
        var unknown = Assert.Single(log.Issues, i => i.Code == "UnknownItem");
        Assert.Equal((predictions, 6L), (unknown.Source, unknown.Line));
    }

    [Fact]
    public void Predictions_sharing_no_label_with_the_ground_truth_stop_the_join()
    {
        // Classes named by index (a model predicted without its labels file) against named ground truth.
        var gt = _folder.Write("gt.csv", "test,a.png,cat\ntest,b.png,dog\n");
        var predictions = _folder.Write("p.jsonl", Prediction("a.png", ("0", 0.9), ("1", 0.1)) + "\n" + Prediction("b.png", ("0", 0.2), ("1", 0.8)) + "\n");
        var error = Assert.Throws<InputFormatException>(() => ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), new IssueLog()));
        Assert.Equal("NoCommonLabels", error.Issue.Code);
        Assert.Contains("(0, 1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("(cat, dog)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_split_is_an_error_that_lists_the_splits_found()
    {
        var gt = _folder.Write("gt.csv", "training,a.png,cat\nvalidation,b.png,dog\n");
        var predictions = _folder.Write("p.jsonl", Prediction("a.png", ("cat", 0.9), ("dog", 0.1)));
        var error = Assert.Throws<InputFormatException>(() => ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), new IssueLog()));
        Assert.Equal("EmptySplit", error.Issue.Code);
        Assert.Contains("training 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("validation 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absent_scores_count_as_zero_and_are_reported()
    {
        var gt = _folder.Write("gt.csv", "test,a.png,cat\ntest,b.png,dog\n");
        var predictions = _folder.Write("p.jsonl", Prediction("a.png", ("cat", 0.9)) + "\n" + Prediction("b.png", ("dog", 0.8)));
        var log = new IssueLog();
        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);
        Assert.Equal(2, loaded.Summary.MissingScores);
        Assert.Equal(0.0, loaded.Data.Score(0, 1));
        Assert.Contains(log.Issues, i => i.Code == "MissingScore");
    }

    [Fact]
    public void Absent_scores_of_items_left_out_are_not_counted()
    {
        // c.png is not in the ground truth and scores one of two labels: left out, so nothing of it is taken as 0.
        var gt = _folder.Write("gt.csv", "test,a.png,cat\ntest,b.png,dog\n");
        var predictions = _folder.Write("p.jsonl", string.Join("\n",
            Prediction("a.png", ("cat", 0.9), ("dog", 0.1)), Prediction("b.png", ("dog", 0.8), ("cat", 0.2)), Prediction("c.png", ("dog", 0.8))));
        var log = new IssueLog();

        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);

        Assert.Equal((0L, 1), (loaded.Summary.MissingScores, loaded.Summary.UnknownPredictions));
        Assert.DoesNotContain(log.Issues, i => i.Code == "MissingScore");
    }

    [Fact]
    public void Forcing_single_label_rejects_items_with_several_labels()
    {
        var gt = _folder.Write("gt.csv", "test,a.png,cat,dog\ntest,b.png,dog\n");
        var predictions = _folder.Write("p.jsonl", Prediction("a.png", ("cat", 0.9), ("dog", 0.1)) + "\n" + Prediction("b.png", ("cat", 0.2), ("dog", 0.8)));
        var log = new IssueLog();
        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions { MultiLabel = false }, log);
        Assert.Equal(1, loaded.Summary.RejectedGroundTruthItems);
        Assert.Equal(("NotSingleLabel", 1L), (log.Issues[0].Code, log.Issues[0].Line));
        Assert.False(loaded.Data.IsMultiLabel);
    }

    [Theory]
    [InlineData("gt.jsonl")]
    [InlineData("p.jsonl")]
    public void A_line_that_is_not_json_is_reported_at_its_file_line_and_byte_without_the_parsers_own_line(string badFile)
    {
        // The parser counts the lines of the text it is given: "LineNumber: 0" on every line of a JSON Lines file, beside
        // the file's line 2. '{' is byte 1 of "{bad", 'b' byte 2.
        var gt = _folder.Write("gt.jsonl", "{\"imageGcsUri\":\"a.png\",\"classificationAnnotation\":{\"displayName\":\"cat\"}}\n"
            + (badFile == "gt.jsonl" ? "{bad\n" : "{\"imageGcsUri\":\"b.png\",\"classificationAnnotation\":{\"displayName\":\"dog\"}}\n"));
        var predictions = _folder.Write("p.jsonl", Prediction("a.png", ("cat", 0.9), ("dog", 0.1)) + "\n" + (badFile == "p.jsonl" ? "{bad" : Prediction("b.png", ("cat", 0.2), ("dog", 0.8))) + "\n");
        var log = new IssueLog();
        ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);
        var issue = Assert.Single(log.Issues, i => i.Code == "InvalidJson");
        Assert.Equal((badFile, 2L), (Path.GetFileName(issue.Source), issue.Line));
        Assert.StartsWith("the line is not valid JSON (byte 2: 'b' is an invalid start of a property name.", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_ground_truth_errors_are_reported_in_line_order_before_the_predictions(bool shardStreamingTheGroundTruth)
    {
        // Lines 2 and 5 are left out by the single-label join (after the read), lines 3 and 6 skipped by the reader as it
        // reads; the predictions' bad score (their line 2) comes after the ground truth's, in either read.
        var gt = _folder.Write("gt.csv", "test,a.png,cat\ntest,b.png,cat,dog\nbogus,c.png,cat\ntest,d.png,dog\ntest,e.png,cat,dog\ntest,,cat\n");
        var predictions = _folder.Write("p.jsonl", string.Join("\n",
            Prediction("a.png", ("cat", 0.9), ("dog", 0.1)),
            "{\"instance\":{\"content\":\"b.png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.9,\"x\"]}}",
            Prediction("d.png", ("cat", 0.2), ("dog", 0.8))));
        var options = new ClassificationInputOptions { MultiLabel = false, IsShard = shardStreamingTheGroundTruth, ShardStreamsGroundTruthAbove = 0 };
        var log = new IssueLog();
        ClassificationInputs.Load(gt, predictions, options, log);
        var errors = log.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => (i.Code, Path.GetFileName(i.Source), i.Line));
        Assert.Equal(new[] { ("NotSingleLabel", "gt.csv", 2L), ("InvalidMlUse", "gt.csv", 3L), ("NotSingleLabel", "gt.csv", 5L), ("MissingField", "gt.csv", 6L), ("InvalidScore", "p.jsonl", 2L) }, errors);
    }

    [Fact]
    public void Gzip_predictions_are_read_directly()
    {
        var plain = Prediction("a.png", ("cat", 0.9), ("dog", 0.1));
        var path = Path.Combine(_folder.Root, "p.jsonl.gz");
        using (var file = File.Create(path))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(plain);
            gzip.Write(bytes, 0, bytes.Length);
        }
        Assert.Equal(new[] { "a.png" }, PredictionReader.Read(path, new IssueLog()).ItemIds);
    }
}
