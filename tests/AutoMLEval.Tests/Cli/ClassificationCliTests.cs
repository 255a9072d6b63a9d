using System.Globalization;
using System.Text.Json;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>The CLI contract that CI and blind checks call: names, shapes and values of the JSON output.</summary>
public sealed class ClassificationCliTests
{
    private static readonly JsonElement Expected = Fixture.Json("digits", "expected.test.json");

    [Fact]
    public void Evaluate_json_on_the_demo_follows_vertex_names_and_equals_the_reference()
    {
        var (code, output, _) = CliRunner.Run("evaluate", "--format", "json");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(Expected.GetProperty("microAuPrc").GetDouble(), json.GetProperty("auPrc").GetDouble(), 12);
        Assert.Equal(Expected.GetProperty("microAuRoc").GetDouble(), json.GetProperty("auRoc").GetDouble(), 12);
        Assert.Equal(Expected.GetProperty("logLoss").GetDouble(), json.GetProperty("logLoss").GetDouble(), 12);
        Assert.Equal(Expected.GetProperty("accuracy").GetDouble(), json.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(Expected.GetProperty("macroAuPrc").GetDouble(), json.GetProperty("macroAuPrc").GetDouble(), 12);
        Assert.Equal(Expected.GetProperty("macroF1").GetDouble(), json.GetProperty("macroF1").GetDouble(), 12);
        Assert.Equal(Expected.GetProperty("topKAccuracy").GetProperty("5").GetDouble(), json.GetProperty("topKAccuracy").GetProperty("5").GetDouble(), 12);
        Assert.Equal(540, json.GetProperty("counts").GetProperty("evaluated").GetInt32());

        // Vertex's grid 0.00, 0.05 … 0.95, 0.96 … 0.99, 1.00, each row with every Vertex field.
        var rows = json.GetProperty("confidenceMetrics").EnumerateArray().ToArray();
        var thresholds = rows.Select(r => r.GetProperty("confidenceThreshold").GetDouble()).ToArray();
        Assert.Contains(0.5, thresholds);
        Assert.Contains(0.99, thresholds);
        Assert.Equal(25, thresholds.Length);
        foreach (var field in new[] { "precision", "recall", "falsePositiveRate", "f1Score", "precisionAt1", "recallAt1", "falsePositiveRateAt1", "f1ScoreAt1", "truePositiveCount", "falsePositiveCount", "falseNegativeCount", "trueNegativeCount" })
        {
            Assert.True(rows[0].TryGetProperty(field, out _), field);
        }
        var specs = json.GetProperty("confusionMatrix").GetProperty("annotationSpecs").EnumerateArray().Select(s => s.GetProperty("displayName").GetString()).ToArray();
        Assert.Equal("zero", specs[0]);
        Assert.Equal(53, json.GetProperty("confusionMatrix").GetProperty("rows")[0][0].GetInt32());
        var eight = json.GetProperty("perLabel").EnumerateArray().Single(l => l.GetProperty("displayName").GetString() == "eight");
        var expectedEight = Expected.GetProperty("perLabel").EnumerateArray().Single(l => l.GetProperty("label").GetString() == "eight");
        Assert.Equal(expectedEight.GetProperty("averagePrecision").GetDouble(), eight.GetProperty("auPrc").GetDouble(), 12);
        Assert.Equal(expectedEight.GetProperty("recallAt0.5").GetDouble(), eight.GetProperty("recall").GetDouble(), 12);
        Assert.Equal(52, eight.GetProperty("support").GetInt32());
    }

    [Fact]
    public void Relative_input_paths_resolve_against_the_working_directory()
    {
        var (code, output, error) = CliRunner.RunIn(Fixture.Path("digits"), "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--format", "json");
        Assert.True(code == 0, error);
        Assert.Equal(Expected.GetProperty("microAuPrc").GetDouble(), JsonDocument.Parse(output).RootElement.GetProperty("auPrc").GetDouble(), 12);
    }

    [Fact]
    public void Multi_label_json_carries_the_multi_label_extras()
    {
        var (code, output, error) = CliRunner.Run("evaluate", "--ground-truth", Fixture.Path("multilabel", "ground_truth.jsonl"), "--predictions", Fixture.Path("multilabel", "predictions.jsonl"), "--format", "json");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0.19541666666666666, json.GetProperty("hammingLoss").GetDouble(), 12);
        Assert.False(json.TryGetProperty("confusionMatrix", out _));
    }

    [Fact]
    public void Sweep_prints_one_row_per_threshold()
    {
        var (code, output, _) = CliRunner.Run("sweep", "--thresholds", "0:1:0.25", "--format", "csv");
        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("displayName,confidenceThreshold,precision,recall,f1Score,falsePositiveRate,truePositiveCount", lines[0], StringComparison.Ordinal);
        // At threshold 0 every pair is predicted: 540 TP, 4860 FP (reference row 0).
        Assert.Contains(",540,4860,0,0", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_csv_ends_with_a_micro_row_holding_the_headlines_of_the_json()
    {
        var (_, csv, _) = CliRunner.Run("evaluate", "--format", "csv");
        var (_, json, _) = CliRunner.Run("evaluate", "--format", "json");
        var lines = csv.Trim().Split('\n');
        var micro = lines[^1].TrimEnd('\r').Split(',');
        using var document = JsonDocument.Parse(json);

        // Ten label rows and the micro row; the demo's 540 test images each have one true label.
        Assert.Equal(12, lines.Length);
        Assert.Equal(["(micro)", "540"], micro[..2]);
        Assert.Equal(document.RootElement.GetProperty("auPrc").GetDouble(), double.Parse(micro[2], CultureInfo.InvariantCulture));
        Assert.Equal(document.RootElement.GetProperty("auRoc").GetDouble(), double.Parse(micro[3], CultureInfo.InvariantCulture));
        // At 0.5: 467 true and 36 false positives, 73 false negatives (the sweep's 0.5 row in docs/classification.md).
        Assert.Equal(467.0 / 503, double.Parse(micro[4], CultureInfo.InvariantCulture), 12);
        Assert.Equal(467.0 / 540, double.Parse(micro[5], CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public void A_label_sweep_gives_the_top_one_figures_as_vertex_ai_does_per_label()
    {
        // 'one' at 0.3: 51 true and 43 false positives among the items scoring it that high; it is the top label of 78 of
        // them (50 true) of the 55 items it is true of (worked from the demo's files in Python).
        var (code, output, _) = CliRunner.Run("sweep", "--label", "one", "--thresholds", "0.3", "--format", "json");
        Assert.Equal(0, code);
        var row = JsonDocument.Parse(output).RootElement.EnumerateArray().Single();
        Assert.Equal(51, row.GetProperty("truePositiveCount").GetInt64());
        Assert.Equal(43, row.GetProperty("falsePositiveCount").GetInt64());
        Assert.Equal(50.0 / 78, row.GetProperty("precisionAt1").GetDouble(), 12);
        Assert.Equal(50.0 / 55, row.GetProperty("recallAt1").GetDouble(), 12);
    }

    [Fact]
    public void Errors_list_the_most_confidently_wrong_first()
    {
        var (code, output, _) = CliRunner.Run("errors", "--label", "one", "--kind", "false-positive", "--format", "json");
        Assert.Equal(0, code);
        var items = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
        // The confusion matrix's "one" column holds 1+1+1+7+14+4 = 28 items of other labels predicted as one.
        Assert.Equal(28, items.Length);
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToArray();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(items, i => Assert.DoesNotContain("one", i.GetProperty("trueLabels").EnumerateArray().Select(t => t.GetString())));
    }

    [Theory]
    [InlineData("evaluate --bogus 1", "Unknown option")]
    [InlineData("evaluate --threshold 1.5", "between 0 and 1")]
    [InlineData("evaluate --ground-truth only.csv", "Give both")]
    [InlineData("frobnicate", "unknown verb")]
    [InlineData("evaluate --bootstrap 5 --format csv", "the CSV's per-label rows cannot show")]
    public void A_wrong_command_line_exits_2_with_a_message(string args, string message)
    {
        var (code, _, error) = CliRunner.Run(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bootstrap_intervals_are_named_as_the_headline_fields_they_belong_to()
    {
        var (code, output, error) = CliRunner.Run("evaluate", "--bootstrap", "20", "--format", "json");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        var intervals = json.GetProperty("confidenceIntervals").EnumerateObject().ToArray();
        // Every headline metric of a single-label evaluation, in the JSON's order, each around its own field's value.
        Assert.Equal(
            new[] { "auPrc", "auRoc", "logLoss", "macroAuPrc", "macroAuRoc", "accuracy", "macroF1", "microPrecision", "microRecall", "microF1", "expectedCalibrationError", "brierScore" },
            intervals.Select(i => i.Name));
        foreach (var interval in intervals)
        {
            var value = (json.TryGetProperty(interval.Name, out var field) ? field : json.GetProperty("calibration").GetProperty(interval.Name)).GetDouble();
            Assert.InRange(value, interval.Value.GetProperty("lower").GetDouble(), interval.Value.GetProperty("upper").GetDouble());
            Assert.Equal(20, interval.Value.GetProperty("samples").GetInt32());
        }

        // The table puts each interval under its metric's own line, by that line's label.
        var table = CliRunner.Run("evaluate", "--bootstrap", "20").Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var auPrc = table.FindIndex(l => l.StartsWith("AuPRC (micro) ", StringComparison.Ordinal));
        Assert.StartsWith("AuPRC (micro) 95% CI", table[auPrc + 1], StringComparison.Ordinal);
        Assert.StartsWith("Precision @ 0.5 95% CI", table[table.FindIndex(l => l.StartsWith("Precision @ 0.5 ", StringComparison.Ordinal)) + 1], StringComparison.Ordinal);
        Assert.Contains(table, l => l.StartsWith("Brier score 95% CI", StringComparison.Ordinal));
    }

    [Fact]
    public void Unusable_input_exits_1_naming_the_file()
    {
        var (code, _, error) = CliRunner.Run("evaluate", "--ground-truth", "no-such-file.csv", "--predictions", "nor-this.jsonl");
        Assert.Equal(1, code);
        Assert.Contains("no-such-file.csv", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_in_one_file_only_is_counted_in_the_table_and_the_json()
    {
        // One record names "dgo" (misspelt but a valid record): it becomes a column no ground-truth item carries; "bird"
        // is a ground-truth label the model never scores.
        using var folder = new TempFolder();
        folder.Write("gt.csv", "a.png,cat\nb.png,dog\nc.png,bird\n");
        folder.Write("p.jsonl",
            Line("a.png", ("cat", 0.9), ("dog", 0.1)) + Line("b.png", ("cat", 0.3), ("dgo", 0.7)) + Line("c.png", ("cat", 0.5), ("dog", 0.5)));

        var (code, output, error) = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", "gt.csv", "--predictions", "p.jsonl");
        Assert.True(code == 0, error);
        Assert.Contains("Labels in one file only : 1 only in the predictions (dgo), 1 only in the ground truth (bird)", CliRunner.Unwrapped(output), StringComparison.Ordinal);
        Assert.Contains("the model scores the label 'dgo'", error, StringComparison.Ordinal);

        (code, output, error) = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", "gt.csv", "--predictions", "p.jsonl", "--format", "json");
        Assert.True(code == 0, error);
        var counts = JsonDocument.Parse(output).RootElement.GetProperty("counts");
        Assert.Equal((1, 1), (counts.GetProperty("labelsOnlyInPredictions").GetInt32(), counts.GetProperty("labelsOnlyInGroundTruth").GetInt32()));
    }

    [Fact]
    public void A_label_with_one_example_is_warned_about_in_the_singular()
    {
        using var folder = new TempFolder();
        folder.Write("dataset.csv", "test,a.png,cat\ntest,b.png,cat\ntest,c.png,dog\n");
        folder.Write("predictions.jsonl",
            Line("a.png", ("cat", 0.75), ("dog", 0.25)) + Line("b.png", ("cat", 0.5), ("dog", 0.5)) + Line("c.png", ("cat", 0.25), ("dog", 0.75)));
        var (code, _, error) = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.jsonl", "--format", "json");
        Assert.Equal(0, code);
        // Before: "has only 1 evaluated examples".
        Assert.Contains("the label 'dog' has only 1 evaluated example (fewer than 10)", error, StringComparison.Ordinal);
        Assert.Contains("the label 'cat' has only 2 evaluated examples (fewer than 10)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Predictions_of_another_split_say_ml_use_not_paths()
    {
        using var folder = new TempFolder();
        folder.Write("dataset.csv", "validation,a.png,cat\nvalidation,b.png,dog\ntest,c.png,cat\n");
        folder.Write("predictions.jsonl",
            Line("a.png", ("cat", 0.75), ("dog", 0.25)) + Line("b.png", ("cat", 0.25), ("dog", 0.75)));
        var (code, _, error) = CliRunner.RunIn(folder.Root, "errors", "--ground-truth", "dataset.csv", "--predictions", "predictions.jsonl");
        Assert.Equal(1, code);
        // Before: "...; paths must be written the same way in both files", though every path matched a validation item.
        Assert.Contains("error NoMatchedItems:", error, StringComparison.Ordinal);
        Assert.Contains("is a 'test' item of", error, StringComparison.Ordinal);
        Assert.Contains("they are items of another split (--ml-use names the split evaluated)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("paths must be written", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_box_import_csv_read_as_classification_ends_in_an_error_that_tells_rejected_items_from_unknown_ones_and_names_the_task()
    {
        // h111's case: a Vertex AI box import in CSV and box predictions, read without --task. img1 (cat, dog and
        // coordinates, merged from two rows) is left out of the single-label run (NotSingleLabel); the rows of img2, img3
        // and img4 repeat a coordinate (DuplicateLabel); img5 is in no row.
        using var folder = new TempFolder();
        folder.Write("gt.csv",
            "test,gs://b/img1.png,cat,0.1,0.5,,,0.3,0.9,,\ntest,gs://b/img1.png,dog,0.6,0.0,,,0.9,0.2,,\n"
            + "test,gs://b/img2.png,cat,0.5,0.5,,,0.4,0.9,,\ntraining,gs://b/img3.png,cat,0.0,0.0,,,0.5,0.5,,\n"
            + "gs://b/img4.png,cat,0.0,0.0,0.5,0.0,0.5,0.5,0.0,0.5\n");
        folder.Write("pr.jsonl", string.Concat(new[] { 1, 2, 3, 4, 5 }.Select(i =>
            $"{{\"instance\":{{\"content\":\"gs://b/img{i}.png\"}},\"prediction\":{{\"displayNames\":[\"cat\"],\"confidences\":[0.5],\"bboxes\":[[0.0,0.5,0.0,0.5]]}}}}\n")));

        var (code, _, error) = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", "gt.csv", "--predictions", "pr.jsonl");

        Assert.Equal(1, code);
        var last = error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')[^1];
        // Before: "…; paths must name the same files in both files: …", though img1 is in both files.
        Assert.Equal(
            $"automl-eval evaluate: error NoMatchedItems: {Path.Combine(folder.Root, "pr.jsonl")}: field 'instance.content': none of the 5 predicted items is a 'test' item of {Path.Combine(folder.Root, "gt.csv")}; "
            + "4 are items whose ground-truth records were rejected (each reported as an error); "
            + "for the other 1, paths must name the same files in both files: the predictions name 'gs://b/img5.png', a URI; the ground truth names 'gs://b/img1.png', a URI; "
            + "the rows have the form of a Vertex AI bounding-box import ([ML_USE,]PATH,LABEL and eight coordinates): to evaluate it as one, name the task (--task detection, -Task Detection)",
            last);
    }

    [Fact]
    public void Multi_label_errors_give_as_predicted_what_the_threshold_predicted()
    {
        // a: cat missed, dog and bird predicted instead (top 0.7); b: cat missed, nothing reaches 0.5. Before, both showed
        // their top label as predicted: a bird 0.7 and b bird 0.3, though at 0.5 nothing was predicted for b.
        using var folder = new TempFolder();
        folder.Write("gt.csv", "a.png,cat\nb.png,cat\nc.png,cat,dog\n");
        folder.Write("p.jsonl",
            Line("a.png", ("cat", 0.2), ("dog", 0.6), ("bird", 0.7)) + Line("b.png", ("cat", 0.1), ("dog", 0.1), ("bird", 0.3))
            + Line("c.png", ("cat", 0.9), ("dog", 0.4), ("bird", 0.1)));
        string[] Run(string format)
        {
            var (code, output, error) = CliRunner.RunIn(folder.Root, "errors", "--ground-truth", "gt.csv", "--predictions", "p.jsonl", "--multi-label", "--label", "cat", "--kind", "false-negative", "--format", format);
            Assert.True(code == 0, error);
            return output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        }

        var items = JsonDocument.Parse(string.Join("\n", Run("json"))).RootElement.EnumerateArray().ToArray();
        Assert.Equal(["b.png", "a.png"], items.Select(i => i.GetProperty("content").GetString()));
        Assert.Equal("", items[0].GetProperty("predictedLabel").GetString());
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("predictedScore").ValueKind);
        Assert.Equal("dog;bird", items[1].GetProperty("predictedLabel").GetString());
        Assert.Equal(0.7, items[1].GetProperty("predictedScore").GetDouble());
        Assert.All(items, i => Assert.Equal("threshold", i.GetProperty("decision").GetString()));

        Assert.Equal(
            ["content,label,kind,score,trueLabels,predictedLabel,predictedScore,decision,threshold",
             "b.png,cat,false-negative,0.1,cat,,,threshold,0.5",
             "a.png,cat,false-negative,0.2,cat,dog;bird,0.7,threshold,0.5"],
            Run("csv"));

        var table = Run("table");
        Assert.Contains("predicted lists the image's labels that reach it, predScore the highest of their scores", CliRunner.Unwrapped(string.Join(" ", table)), StringComparison.Ordinal);
        Assert.Equal(["b.png", "cat", "0.1000", "cat", "-", "-"], table.Single(l => l.StartsWith("b.png", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["a.png", "cat", "0.2000", "cat", "dog;bird", "0.7000"], table.Single(l => l.StartsWith("a.png", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Sweep_csv_has_every_field_of_the_json_rows()
    {
        // 'one' at 0.3, as above: the …At1 columns come last, after the columns the CSV always had.
        var (code, csv, _) = CliRunner.Run("sweep", "--label", "one", "--thresholds", "0.3", "--format", "csv");
        Assert.Equal(0, code);
        var lines = csv.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var headers = lines[0].Split(',');
        Assert.Equal("displayName,confidenceThreshold,precision,recall,f1Score,falsePositiveRate,truePositiveCount,falsePositiveCount,falseNegativeCount,trueNegativeCount,precisionAt1,recallAt1,falsePositiveRateAt1,f1ScoreAt1", lines[0]);
        var row = lines[1].Split(',');
        var json = JsonDocument.Parse(CliRunner.Run("sweep", "--label", "one", "--thresholds", "0.3", "--format", "json").Output).RootElement.EnumerateArray().Single();
        Assert.Equal(headers.Order(StringComparer.Ordinal), json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(50.0 / 78, double.Parse(row[Array.IndexOf(headers, "precisionAt1")], CultureInfo.InvariantCulture), 12);
        Assert.Equal(50.0 / 55, double.Parse(row[Array.IndexOf(headers, "recallAt1")], CultureInfo.InvariantCulture), 12);
        foreach (var field in new[] { "falsePositiveRateAt1", "f1ScoreAt1" })
        {
            Assert.Equal(json.GetProperty(field).GetDouble(), double.Parse(row[Array.IndexOf(headers, field)], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void The_table_names_the_rule_of_macro_f1()
    {
        // Single-label: of the top label (sklearn's f1_score(argmax, average="macro"), 0.8960), not the mean of the per-label
        // F1 at 0.5 in the table below it. Multi-label: at the threshold.
        var (_, single, _) = CliRunner.Run("evaluate");
        Assert.Contains("Top-label macro F1  : 0.8960\n", single.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var (code, multi, error) = CliRunner.Run("evaluate", "--ground-truth", Fixture.Path("multilabel", "ground_truth.jsonl"), "--predictions", Fixture.Path("multilabel", "predictions.jsonl"), "--threshold", "0.35");
        Assert.True(code == 0, error);
        Assert.Matches(@"(?m)^Macro F1 @ 0\.35 +: \d\.\d{4}\r?$", multi);
        Assert.DoesNotContain("Top-label", multi, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_file_is_an_error_of_the_usual_form()
    {
        using var folder = new TempFolder();
        var gt = folder.Write("gt.csv", "a.png,cat\n");
        // It was "automl-eval evaluate: Input file not found: …", the one input error without a code.
        var (code, _, error) = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", gt, "--predictions", "nope.jsonl");
        Assert.Equal(1, code);
        Assert.Contains("automl-eval evaluate: error PathNotFound: ", error, StringComparison.Ordinal);
        Assert.Contains("nope.jsonl", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tilde_after_an_equals_sign_is_a_missing_path_with_a_hint()
    {
        using var folder = new TempFolder();
        // bash leaves "--ground-truth=~/gt.csv" as it is: the path is a folder '~' in the working directory.
        var (code, _, error) = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth=~/gt.csv", "--predictions", "p.jsonl");
        Assert.Equal(1, code);
        Assert.Contains("error PathNotFound: ", error, StringComparison.Ordinal);
        Assert.Contains("('~' is not expanded after '=': give the path after a space, --ground-truth ~/x.csv, or with $HOME.)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_without_items_names_the_clis_option()
    {
        // The demo has no unassigned items. Before: "pick one with -MlUse / --ml-use", a PowerShell name in a CLI message.
        var (code, _, error) = CliRunner.Run("evaluate", "--ml-use", "unassigned");
        Assert.Equal(1, code);
        Assert.Contains("error EmptySplit: ", error, StringComparison.Ordinal);
        Assert.Contains("no ground-truth item is in the 'unassigned' split (found: ", error, StringComparison.Ordinal);
        Assert.Contains("); pick one with --ml-use", error, StringComparison.Ordinal);
        Assert.DoesNotContain("-MlUse", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_names_a_path_written_in_another_Unicode_form_on_the_other_side()
    {
        // Both warnings say what the path looks like on the other side (UnmatchedItems, the cmdlets' rule too). In process,
        // with the test host's ICU: the shipped automl-eval runs in invariant globalization mode, where .NET's Normalize
        // changes nothing, so there an NFC/NFD pair is not seen as look-alikes (a letter-case pair is).
        using var folder = new TempFolder();
        const string nfc = "caf\u00e9.jpg", nfd = "cafe\u0301.jpg";
        var gt = folder.Write("gt.csv", $"test,{nfc},cat\ntest,b.png,dog\n");
        var predictions = folder.Write("p.jsonl", Line(nfd, ("cat", 0.9), ("dog", 0.1)) + Line("b.png", ("cat", 0.2), ("dog", 0.8)));

        var (code, _, error) = CliRunner.Run("evaluate", "--ground-truth", gt, "--predictions", predictions, "--format", "json");

        Assert.True(code == 0, error);
        var text = CliRunner.Unwrapped(error);
        Assert.Contains($"warning MissingPrediction: {gt}:1: field 'PATH': '{nfc}' has no prediction; it is left out; it looks like '{nfd}' of the predictions: they differ only in Unicode normalisation (NFC here, NFD there)", text, StringComparison.Ordinal);
        Assert.Contains($"warning UnknownItem: {predictions}:1: field 'instance.content': '{nfd}' is not in the ground truth; it is left out; it looks like '{nfc}' of the ground truth: they differ only in Unicode normalisation (NFD here, NFC there)", text, StringComparison.Ordinal);
    }

    /// <summary>One Vertex AI batch-prediction line (newline included) for <paramref name="content"/>.</summary>
    private static string Line(string content, params (string Label, double Score)[] scores) =>
        "{\"instance\":{\"content\":\"" + content + "\"},\"prediction\":{\"displayNames\":["
        + string.Join(",", scores.Select(s => "\"" + s.Label + "\""))
        + "],\"confidences\":[" + string.Join(",", scores.Select(s => s.Score.ToString("R", CultureInfo.InvariantCulture))) + "]}}\n";
}
