using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>The compare and check contract: exactly the commands and fields the issue names.</summary>
public sealed class ComparisonCliTests
{
    /// <summary>The digits fixture with a second model whose every third item has its top two scores swapped.</summary>
    private static string WriteWeakerPredictions(TempFolder folder)
    {
        var lines = File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl"));
        var weaker = lines.Select((line, i) =>
        {
            if (i % 3 != 0) return line;
            var node = System.Text.Json.Nodes.JsonNode.Parse(line)!;
            var confidences = node["prediction"]!["confidences"]!.AsArray();
            var order = Enumerable.Range(0, confidences.Count).OrderByDescending(j => confidences[j]!.GetValue<double>()).ToArray();
            var first = confidences[order[0]]!.GetValue<double>();
            confidences[order[0]] = confidences[order[1]]!.GetValue<double>();
            confidences[order[1]] = first;
            return node.ToJsonString();
        });
        return folder.Write("weaker.jsonl", string.Join("\n", weaker) + "\n");
    }

    [Fact]
    public void Compare_json_has_metrics_mcnemar_items_and_per_label()
    {
        using var folder = new TempFolder();
        var weaker = WriteWeakerPredictions(folder);
        var (code, output, error) = CliRunner.RunIn(Fixture.Path("digits"), "compare", "--ground-truth", "dataset.csv", "--predictions", weaker,
            "--reference-predictions", "predictions.test.jsonl", "--bootstrap", "200", "--format", "json");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        var metrics = json.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        foreach (var name in new[] { "auPrc", "auRoc", "logLoss", "accuracy", "macroF1" }) Assert.True(metrics.ContainsKey(name), name);
        var accuracy = metrics["accuracy"];
        // The reference is the demo (accuracy 484/540).
        Assert.Equal(484.0 / 540, accuracy.GetProperty("reference").GetDouble(), 12);
        Assert.Equal(accuracy.GetProperty("candidate").GetDouble() - accuracy.GetProperty("reference").GetDouble(), accuracy.GetProperty("delta").GetDouble(), 15);
        Assert.True(accuracy.GetProperty("ciLower").GetDouble() <= accuracy.GetProperty("delta").GetDouble());
        Assert.True(accuracy.GetProperty("ciUpper").GetDouble() < 0);
        var items = json.GetProperty("items");
        var mcnemar = json.GetProperty("mcnemar");
        Assert.Equal(items.GetProperty("fixed").GetInt32(), mcnemar.GetProperty("fixed").GetInt32());
        Assert.Equal(items.GetProperty("broken").GetInt32(), mcnemar.GetProperty("broken").GetInt32());
        Assert.Equal(540, items.GetProperty("fixed").GetInt32() + items.GetProperty("broken").GetInt32() + items.GetProperty("bothCorrect").GetInt32() + items.GetProperty("bothWrong").GetInt32());
        // Accuracy changes by exactly (fixed − broken) / items.
        Assert.Equal((items.GetProperty("fixed").GetInt32() - items.GetProperty("broken").GetInt32()) / 540.0, accuracy.GetProperty("delta").GetDouble(), 12);
        Assert.True(mcnemar.GetProperty("pValue").GetDouble() < 1e-6);
        Assert.Equal(10, json.GetProperty("perLabel").GetArrayLength());
    }

    [Theory]
    [InlineData("compare", "--reference-predictions")]
    [InlineData("check", "--baseline-predictions")]
    public void A_candidate_that_scores_a_label_more_is_an_input_error_naming_it_not_an_internal_failure(string verb, string baselineOption)
    {
        // A new model that adds the class "ten": evaluate takes it (LabelNotInGroundTruth), a comparison cannot.
        using var folder = new TempFolder();
        var demo = Fixture.Path("digits");
        var extra = File.ReadAllLines(Path.Combine(demo, "predictions.test.jsonl")).Select(line =>
        {
            var node = JsonNode.Parse(line)!;
            node["prediction"]!["displayNames"]!.AsArray().Add("ten");
            node["prediction"]!["confidences"]!.AsArray().Add(0.0);
            node["prediction"]!.AsObject().Remove("ids");
            return node.ToJsonString();
        });
        var candidate = folder.Write("ten.jsonl", string.Join("\n", extra) + "\n");
        var arguments = new List<string> { verb, "--ground-truth", "dataset.csv", "--predictions", candidate, baselineOption, "predictions.test.jsonl" };
        arguments.AddRange(verb == "check" ? new[] { "--max-drop", "accuracy=0.01" } : new[] { "--bootstrap", "0" });

        var (code, _, error) = CliRunner.RunIn(demo, arguments.ToArray());

        Assert.Equal(1, code);
        Assert.Contains($"error EvaluationsNotComparable: {candidate}: The two evaluations have different labels (only the candidate scores ten)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_names_the_predictions_file_that_scores_a_label_the_ground_truth_lacks()
    {
        // Both models score "ten", which no item carries: the warning was the ground truth's line, printed twice word for
        // word; each now names its predictions file.
        using var folder = new TempFolder();
        var demo = Fixture.Path("digits");
        string WithTen(string name, string source) => folder.Write(name, string.Join("\n", File.ReadAllLines(Path.Combine(demo, source)).Select(line =>
        {
            var node = JsonNode.Parse(line)!;
            node["prediction"]!["displayNames"]!.AsArray().Add("ten");
            node["prediction"]!["confidences"]!.AsArray().Add(0.0);
            node["prediction"]!.AsObject().Remove("ids");
            return node.ToJsonString();
        })) + "\n");
        var candidate = WithTen("candidate.jsonl", "predictions.test.jsonl");
        var reference = WithTen("reference.jsonl", "predictions.test.jsonl");

        var (code, _, error) = CliRunner.RunIn(demo, "compare", "--ground-truth", "dataset.csv", "--predictions", candidate, "--reference-predictions", reference, "--bootstrap", "0");

        Assert.True(code == 0, error);
        var warnings = error.Split('\n').Where(l => l.StartsWith("warning LabelNotInGroundTruth", StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { candidate, reference }.Select(file => $"warning LabelNotInGroundTruth: {file}: field 'prediction.displayNames': the model scores the label 'ten', which no 'test' ground-truth item carries").OrderBy(w => w, StringComparer.Ordinal),
            warnings.Select(w => w.TrimEnd('\r')).OrderBy(w => w, StringComparer.Ordinal));
    }

    [Fact]
    public void Compare_with_no_inputs_compares_the_demo_with_its_bundled_baseline()
    {
        // Every verb runs on the bundled demo when given no input files (README); the demo bundles the last release's
        // model, predictions.test.baseline.jsonl. README's session: 18 fixed, 27 broken, 466 both right, 29 both wrong.
        var (code, output, error) = CliRunner.Run("compare", "--bootstrap", "0", "--format", "json");
        Assert.True(code == 0, error);
        var items = JsonDocument.Parse(output).RootElement.GetProperty("items");
        Assert.Equal([18, 27, 466, 29], new[] { "fixed", "broken", "bothCorrect", "bothWrong" }.Select(n => items.GetProperty(n).GetInt32()));
        // Some of the three inputs but not all is still a usage error.
        Assert.Equal(2, CliRunner.Run("compare", "--reference-predictions", "x.jsonl").ExitCode);
    }

    [Fact]
    public void Compare_names_the_decision_rule_of_its_per_label_f1_and_it_is_evaluates_top_label_f1()
    {
        // Single-label: F1 per label by each item's top label, as McNemar's decisions (ModelComparison), so it is
        // evaluate's argmaxF1Score, not its f1Score at the threshold ('one': 50 of 55 found, 70 predicted: F1 100/125
        // = 0.8 at 0.5, but 100/133 by top label, docs/decide.md).
        var (code, output, error) = CliRunner.RunIn(Fixture.Path("digits"), "compare", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl",
            "--reference-predictions", "predictions.test.jsonl", "--bootstrap", "0", "--format", "json");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("topLabel", json.GetProperty("decision").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("threshold").ValueKind);
        var one = json.GetProperty("perLabel").EnumerateArray().Single(l => l.GetProperty("displayName").GetString() == "one");
        Assert.Equal(100.0 / 133, one.GetProperty("candidateF1Score").GetDouble(), 12);

        var (_, table, _) = CliRunner.RunIn(Fixture.Path("digits"), "compare", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl",
            "--reference-predictions", "predictions.test.jsonl", "--bootstrap", "0");
        // The title wraps at 80 columns, as the table fits them.
        Assert.Contains("Per label (F1 by top label: each item's highest-scored label, as the decisions above):", table.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);

        // Multi-label: a label is predicted when its score >= the threshold.
        var (multiCode, multi, multiError) = CliRunner.RunIn(Fixture.Path("multilabel"), "compare", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.jsonl",
            "--reference-predictions", "predictions.jsonl", "--bootstrap", "0", "--format", "json");
        Assert.True(multiCode == 0, multiError);
        var multiJson = JsonDocument.Parse(multi).RootElement;
        Assert.Equal("threshold", multiJson.GetProperty("decision").GetString());
        Assert.Equal(0.5, multiJson.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public void Check_exits_zero_when_gates_hold_and_four_when_one_fails_with_junit()
    {
        using var folder = new TempFolder();
        var weaker = WriteWeakerPredictions(folder);
        var junit = Path.Combine(folder.Root, "gates.xml");
        var (passCode, _, passError) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl",
            "--min", "auPrc=0.95", "--max", "logLoss=0.4", "--junit", junit);
        Assert.True(passCode == 0, passError);
        Assert.Equal("2", XDocument.Load(junit).Root!.Attribute("tests")!.Value);
        Assert.Equal("0", XDocument.Load(junit).Root!.Attribute("failures")!.Value);

        var (failCode, _, failError) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", weaker,
            "--baseline-predictions", "predictions.test.jsonl", "--min", "auPrc=0.5", "--max-drop", "accuracy=0.005", "--junit", junit);
        Assert.Equal(4, failCode);
        Assert.Contains("gate failed: max-drop accuracy=0.005", failError, StringComparison.Ordinal);
        Assert.DoesNotContain("auPrc=0.5:", failError, StringComparison.Ordinal);
        var cases = XDocument.Load(junit).Descendants("testcase").ToArray();
        Assert.Equal(2, cases.Length);
        Assert.Empty(cases[0].Elements("failure"));
        Assert.Single(cases[1].Elements("failure"));
    }

    [Fact]
    public void Check_takes_resampling_options_only_with_only_significant()
    {
        var (code, _, error) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl",
            "--baseline-predictions", "predictions.test.jsonl", "--max-drop", "auPrc=0.01", "--bootstrap", "200");
        Assert.Equal(2, code);
        Assert.Contains("--bootstrap and --seed go with --only-significant", error, StringComparison.Ordinal);
        (code, _, error) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl",
            "--baseline-predictions", "predictions.test.jsonl", "--max-drop", "auPrc=0", "--only-significant", "--bootstrap", "20", "--seed", "7");
        Assert.True(code == 0, error);
    }

    [Fact]
    public void Check_junit_goes_where_an_output_file_goes_a_new_folder_is_made_and_a_folder_is_named()
    {
        using var folder = new TempFolder();
        var junit = Path.Combine(folder.Root, "reports", "gates.xml");
        var (code, _, error) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl",
            "--min", "auPrc=0.5", "--junit", junit);
        // Before: exit 1, "Could not find a part of the path '…/reports/.gates.xml.<guid>.tmp'" (the temporary name).
        Assert.True(code == 0, error);
        Assert.Equal("1", XDocument.Load(junit).Root!.Attribute("tests")!.Value);

        (code, _, error) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl",
            "--min", "auPrc=0.5", "--junit", folder.Root);
        // Before: "The file '…' already exists."
        Assert.Equal(1, code);
        Assert.Contains($"'{folder.Root}' is a folder; name the file to write", error, StringComparison.Ordinal);
        Assert.Equal(new[] { Path.Combine(folder.Root, "reports") }, Directory.GetFileSystemEntries(folder.Root));
    }

    [Fact]
    public void Check_refuses_a_junit_path_it_cannot_write_before_evaluating()
    {
        using var folder = new TempFolder();
        var aFile = folder.Write("notes.txt", "a file, not a folder");
        // A prediction line that is not JSON: evaluating reports it as a rejected record.
        var lines = File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl"));
        var predictions = folder.Write("predictions.jsonl", string.Join("\n", lines.Prepend("{not json")) + "\n");
        var junit = Path.Combine(aFile, "gates.xml");

        var (code, output, error) = CliRunner.RunIn(folder.Root, "check", "--ground-truth", Fixture.Path("digits", "dataset.csv"), "--predictions", predictions,
            "--min", "auPrc=0.5", "--junit", junit);

        // Before: the evaluation ran (its 'error InvalidJson: …predictions.jsonl:1' line), then "The file '…/notes.txt' already exists."
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"automl-eval check: '{junit}' cannot be written: '{aFile}' is a file, not a folder.\n", error.ReplaceLineEndings("\n"));
        Assert.Equal(new[] { aFile, predictions }, Directory.GetFileSystemEntries(folder.Root).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Check_gates_a_detector_on_its_coco_statistics_and_paired_drops()
    {
        // tiny_bbox: AP 0.41089, AP50 0.75248, APs 0.7 (expected.json); the baseline keeps the even-numbered detections only.
        var folder = AutoMLEval.Tests.Detection.CocoParityTests.CaseDirectory("tiny_bbox");
        using var temp = new TempFolder();
        var detections = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "dt.json")))!.AsArray();
        var weaker = temp.Write("weaker.json", new JsonArray(detections.Where((_, i) => i % 2 == 0).Select(d => d!.DeepClone()).ToArray()).ToJsonString());
        var (code, output, error) = CliRunner.RunIn(folder, "check", "--ground-truth", "gt.json", "--predictions", "dt.json", "--baseline-predictions", weaker,
            "--min", "AP50=0.75", "--min", "apSmall=0.71", "--max-drop", "ap=0", "--junit", Path.Combine(temp.Root, "gates.xml"), "--format", "json");

        Assert.Equal(4, code);
        var gates = JsonDocument.Parse(output).RootElement.GetProperty("gates").EnumerateArray().ToArray();
        Assert.Equal(new[] { "min ap50=0.75", "min apSmall=0.71", "max-drop ap=0" }, gates.Select(g => g.GetProperty("gate").GetString()));
        Assert.Equal(new[] { true, false, true }, gates.Select(g => g.GetProperty("passed").GetBoolean()));
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expected.json"))).RootElement.GetProperty("stats");
        Assert.Equal(expected[1].GetDouble(), gates[0].GetProperty("value").GetDouble(), 12);
        Assert.Equal(0.7, gates[1].GetProperty("value").GetDouble(), 12);
        // The candidate has every detection the baseline has and more: its AP does not drop.
        Assert.Equal(expected[0].GetDouble(), gates[2].GetProperty("value").GetDouble(), 12);
        Assert.True(gates[2].GetProperty("drop").GetDouble() <= 0);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("automl-eval check: gate failed: min apSmall=0.71", StringComparison.Ordinal));
        Assert.Contains("failures=\"1\"", File.ReadAllText(Path.Combine(temp.Root, "gates.xml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_names_a_missing_ground_truth_before_the_gates_it_would_decide()
    {
        // Read as classification, the missing COCO file's gates were "no metric 'ap50'".
        var (code, output, error) = CliRunner.RunIn(Path.GetTempPath(), "check", "--ground-truth", "no-such-instances.json", "--predictions", "dt.json", "--min", "ap50=0.5");
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("Ground truth not found: ", error, StringComparison.Ordinal);
        Assert.Contains("no-such-instances.json", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ap50", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--min", "auPrc=0.5", "no detection metric 'auPrc'")]
    [InlineData("--max-drop", "ar100=0.01", "pairs their images for ap, ap50, ap75 only")]
    public void Check_on_detection_refuses_what_it_cannot_measure(string option, string gate, string message)
    {
        var folder = AutoMLEval.Tests.Detection.CocoParityTests.CaseDirectory("tiny_bbox");
        var (code, output, error) = CliRunner.RunIn(folder, "check", "--ground-truth", "gt.json", "--predictions", "dt.json", "--baseline-predictions", "dt.json", option, gate);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "--min", "auPrc=0.5")]
    [InlineData("compare", "--reference-predictions", "predictions.segment.jsonl")]
    public void Check_and_compare_on_video_ground_truth_is_one_usage_error(string verb, string option, string value)
    {
        var (code, output, error) = CliRunner.RunIn(Fixture.Path("video"), verb, "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl", option, value);
        Assert.Equal(2, code);
        Assert.Empty(output);
        // Before: check gave one InvalidJson or MissingField line per record of the file, then "no usable ground-truth records".
        Assert.StartsWith($"automl-eval {verb}: The ground truth is video ground truth; this verb takes classification, detection, segmentation evaluations.", error, StringComparison.Ordinal);
        Assert.Contains("--ground-truth", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--min", "auprcx=0.9")]
    [InlineData("--max-drop", "auPrc=0.01")]
    public void Check_usage_errors_exit_two(string option, string value)
    {
        var (code, _, error) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", option, value);
        Assert.Equal(2, code);
        Assert.StartsWith("automl-eval check:", error, StringComparison.Ordinal);
    }

    /// <summary>The gates of Fixtures/digits/gates.expected.json as check options.</summary>
    private static string[] AgreementGates(JsonElement expected)
    {
        var options = new List<string>();
        foreach (var (property, option) in new[] { ("minimum", "--min"), ("maximum", "--max"), ("maxDrop", "--max-drop") })
        {
            foreach (var gate in expected.GetProperty(property).EnumerateObject())
            {
                options.Add(option);
                options.Add(gate.Name + "=" + (gate.Value.ValueKind == JsonValueKind.String ? gate.Value.GetString() : gate.Value.GetRawText()));
            }
        }
        return options.ToArray();
    }

    [Fact]
    public void Check_measures_value_gates_on_the_whole_evaluation_and_drops_on_the_paired_items_as_Test_ModelEvaluation_does()
    {
        using var folder = new TempFolder();
        var weaker = WriteWeakerPredictions(folder);
        var first500 = folder.Write("first500.jsonl", string.Join("\n", File.ReadLines(Fixture.Path("digits", "predictions.test.jsonl")).Take(500)) + "\n");
        var expected = Fixture.Json("digits", "gates.expected.json");
        var (code, output, error) = CliRunner.RunIn(Fixture.Path("digits"), new[] { "check", "--ground-truth", "dataset.csv", "--predictions", weaker,
            "--baseline-predictions", first500, "--format", "json" }.Concat(AgreementGates(expected)).ToArray());
        Assert.Equal(4, code);
        Assert.Contains("warning Unpaired: 500 items were compared; 0 only in the baseline and 40 only in the candidate", error, StringComparison.Ordinal);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(expected.GetProperty("passed").GetBoolean(), json.GetProperty("passed").GetBoolean());
        var gates = json.GetProperty("gates").EnumerateArray().ToArray();
        var expectedGates = expected.GetProperty("gates").EnumerateArray().ToArray();
        Assert.Equal(expectedGates.Length, gates.Length);
        foreach (var (gate, wanted) in gates.Zip(expectedGates))
        {
            foreach (var field in new[] { "kind", "metric", "passed", "value", "baseline", "drop" }) Assert.Equal(wanted.GetProperty(field).GetRawText(), gate.GetProperty(field).GetRawText());
        }

        // The rule: value gates give evaluate's figures of the whole candidate; drop gates compare's on the paired items.
        var (_, evaluated, _) = CliRunner.RunIn(Fixture.Path("digits"), "evaluate", "--ground-truth", "dataset.csv", "--predictions", weaker, "--format", "json");
        var whole = JsonDocument.Parse(evaluated).RootElement;
        Assert.Equal(whole.GetProperty("auPrc").GetDouble(), gates[0].GetProperty("value").GetDouble());
        Assert.Equal(whole.GetProperty("logLoss").GetDouble(), gates[1].GetProperty("value").GetDouble());
        var (_, compared, _) = CliRunner.RunIn(Fixture.Path("digits"), "compare", "--ground-truth", "dataset.csv", "--predictions", weaker,
            "--reference-predictions", first500, "--bootstrap", "0", "--format", "json");
        var paired = JsonDocument.Parse(compared).RootElement.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        foreach (var gate in gates.Skip(2))
        {
            var row = paired[gate.GetProperty("metric").GetString()!];
            Assert.Equal(row.GetProperty("candidate").GetDouble(), gate.GetProperty("value").GetDouble());
            Assert.Equal(row.GetProperty("reference").GetDouble(), gate.GetProperty("baseline").GetDouble());
        }
        Assert.Equal(139.0 / 500, gates[2].GetProperty("drop").GetDouble(), 15);
    }

    [Fact]
    public void Check_gates_drops_against_a_saved_evaluation_at_their_boundary()
    {
        using var folder = new TempFolder();
        var weaker = WriteWeakerPredictions(folder);
        var (evaluateCode, saved, _) = CliRunner.RunIn(Fixture.Path("digits"), "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--format", "json");
        Assert.Equal(0, evaluateCode);
        var lastRelease = folder.Write("last-release.json", saved);
        // The weaker copy breaks 160 items and fixes 14: the accuracy drops from 484/540 to 338/540.
        var drop = (484.0 / 540) - (338.0 / 540);
        string Check(double limit) => "accuracy=" + limit.ToString("R", CultureInfo.InvariantCulture);
        var (atLimit, output, error) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", weaker,
            "--baseline-evaluation", lastRelease, "--max-drop", Check(drop), "--format", "json");
        Assert.True(atLimit == 0, error);
        var gate = JsonDocument.Parse(output).RootElement.GetProperty("gates")[0];
        Assert.Equal(484.0 / 540, gate.GetProperty("baseline").GetDouble(), 15);
        Assert.Equal(338.0 / 540, gate.GetProperty("value").GetDouble(), 15);
        var (beyond, _, beyondError) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", weaker,
            "--baseline-evaluation", lastRelease, "--max-drop", Check(drop - 1e-12), "--max-drop", "auPrc=0.005");
        Assert.Equal(4, beyond);
        Assert.Contains("gate failed: max-drop auPrc=0.005: auPrc went from 0.958022 to 0.555446", beyondError, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", beyondError, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_names_the_saved_file_and_field_it_cannot_use()
    {
        using var folder = new TempFolder();
        var (_, saved, _) = CliRunner.RunIn(Fixture.Path("digits"), "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--threshold", "0.3", "--format", "json");
        var atOtherThreshold = folder.Write("at-0.3.json", saved);
        var (code, _, error) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl",
            "--baseline-evaluation", atOtherThreshold, "--max-drop", "auPrc=0.01");
        Assert.Equal(1, code);
        Assert.Contains($"error NotComparable: {atOtherThreshold}: field 'threshold': the saved evaluation is at threshold 0.3 and the new one at 0.5", error, StringComparison.Ordinal);
        var notJson = folder.Write("table.txt", "Task  classification\n");
        (code, _, error) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl",
            "--baseline-evaluation", notJson, "--max-drop", "auPrc=0.01");
        Assert.Equal(1, code);
        Assert.Contains($"error InvalidJson: {notJson}:1:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--only-significant", "--only-significant needs --baseline-predictions")]
    [InlineData("--baseline-predictions=predictions.test.jsonl", "Give one baseline")]
    [InlineData("--bootstrap=100", "--bootstrap and --seed go with --only-significant")]
    public void Check_against_a_saved_evaluation_refuses_what_needs_the_items(string option, string message)
    {
        using var folder = new TempFolder();
        var saved = folder.Write("last.json", "{}");
        var (code, _, error) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl",
            "--baseline-evaluation", saved, "--max-drop", "auPrc=0.01", option);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Recall=0.8", "microRecall", 0.8648148148148148)]
    [InlineData("precision=0.8", "microPrecision", 0.9284294234592445)]
    [InlineData("F1SCORE=0.8", "microF1", 0.8954937679769895)]
    [InlineData("AUPRC=0.8", "auPrc", 0.9580221538568727)]
    public void Check_takes_the_metric_names_Test_ModelEvaluation_takes(string gate, string metric, double value)
    {
        // Values: the demo's figures, as tests/pester/Test-ModelEvaluation.Tests.ps1 has them.
        var (code, output, error) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--min", gate, "--format", "json");
        Assert.True(code == 0, error);
        var result = JsonDocument.Parse(output).RootElement.GetProperty("gates")[0];
        Assert.Equal(metric, result.GetProperty("metric").GetString());
        Assert.Equal(value, result.GetProperty("value").GetDouble(), 12);
    }

    /// <summary>Every other detection of the COCO case's dt.json (a weaker detector of the same images).</summary>
    private static string WriteEveryOtherDetection(TempFolder folder, string caseFolder)
    {
        var detections = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(caseFolder, "dt.json")))!.AsArray();
        return folder.Write("dt-half.json", new System.Text.Json.Nodes.JsonArray(detections.Where((_, i) => i % 2 == 0).Select(d => d!.DeepClone()).ToArray()).ToJsonString());
    }

    [Fact]
    public void Compare_of_two_detectors_gives_AP_AP50_AP75_with_image_bootstrap_intervals_and_per_label_AP()
    {
        // random_bbox's detections against every other one of them: the figures of evaluating each file (pycocotools parity, CocoParityTests).
        using var folder = new TempFolder();
        var caseFolder = Detection.CocoParityTests.CaseDirectory("random_bbox");
        var halved = WriteEveryOtherDetection(folder, caseFolder);
        var (code, output, error) = CliRunner.RunIn(caseFolder, "compare", "--ground-truth", "gt.json", "--predictions", halved, "--reference-predictions", "dt.json", "--bootstrap", "100", "--format", "json");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("detection", json.GetProperty("task").GetString());
        Assert.Equal(200, json.GetProperty("matching").GetProperty("images").GetInt32());
        var metrics = json.GetProperty("metrics").EnumerateArray().ToArray();
        Assert.Equal(new[] { "ap", "ap50", "ap75" }, metrics.Select(m => m.GetProperty("name").GetString()));
        var reference = Detection.CocoParityTests.Evaluate("random_bbox", out _).Stats;
        Assert.Equal(reference.Ap, metrics[0].GetProperty("reference").GetDouble());
        Assert.Equal(reference.Ap50, metrics[1].GetProperty("reference").GetDouble());
        Assert.Equal(reference.Ap75, metrics[2].GetProperty("reference").GetDouble());
        foreach (var metric in metrics)
        {
            var delta = metric.GetProperty("delta").GetDouble();
            Assert.Equal(metric.GetProperty("candidate").GetDouble() - metric.GetProperty("reference").GetDouble(), delta, 15);
            Assert.True(metric.GetProperty("ciLower").GetDouble() <= delta && delta <= metric.GetProperty("ciUpper").GetDouble());
            Assert.True(metric.GetProperty("ciUpper").GetDouble() < 0, "half the detections is a significant drop");
        }
        var perLabel = json.GetProperty("perLabel").EnumerateArray().ToArray();
        Assert.Equal(reference.Ap, perLabel.Select(l => l.GetProperty("referenceAp").GetDouble()).Average(), 12);
        Assert.All(perLabel, l => Assert.Equal(l.GetProperty("candidateAp").GetDouble() - l.GetProperty("referenceAp").GetDouble(), l.GetProperty("apDelta").GetDouble(), 15));
    }

    [Fact]
    public void Compare_tables_sign_every_delta_as_the_powershell_views_do()
    {
        // random_bbox's detections against every other one of them as the reference: the full set gains on the half,
        // so every delta, and the interval around it, is positive and written with its plus sign.
        using var folder = new TempFolder();
        var caseFolder = Detection.CocoParityTests.CaseDirectory("random_bbox");
        var halved = WriteEveryOtherDetection(folder, caseFolder);
        string[] arguments = ["compare", "--ground-truth", "gt.json", "--predictions", "dt.json", "--reference-predictions", halved, "--bootstrap", "20"];
        var (jsonCode, output, jsonError) = CliRunner.RunIn(caseFolder, [.. arguments, "--format", "json"]);
        Assert.True(jsonCode == 0, jsonError);
        var (code, table, error) = CliRunner.RunIn(caseFolder, arguments);
        Assert.True(code == 0, error);
        var lines = table.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        static string Signed(JsonElement value) => "+" + value.GetDouble().ToString("0.0000", CultureInfo.InvariantCulture);
        var json = JsonDocument.Parse(output).RootElement;
        foreach (var metric in json.GetProperty("metrics").EnumerateArray())
        {
            Assert.True(metric.GetProperty("ciLower").GetDouble() > 0, "the whole set against its half is a significant gain");
            var row = lines.Single(l => l.StartsWith(metric.GetProperty("name").GetString() + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(new[] { Signed(metric.GetProperty("delta")), Signed(metric.GetProperty("ciLower")), Signed(metric.GetProperty("ciUpper")), "yes" }, row[3..]);
        }
        var gained = json.GetProperty("perLabel").EnumerateArray().First(l => l.GetProperty("apDelta").GetDouble() > 0);
        var labelRow = lines.Single(l => l.StartsWith(gained.GetProperty("displayName").GetString() + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Signed(gained.GetProperty("apDelta")), labelRow[3]);

        // The bundled demo: accuracy's interval -0.0426 to +0.0056 (README.md), a loss and a gain told apart by their signs.
        var (demoCode, demo, demoError) = CliRunner.Run("compare");
        Assert.True(demoCode == 0, demoError);
        Assert.Contains("accuracy                     0.9130     0.8963  -0.0167  -0.0426  +0.0056  no", demo, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_json_carries_calibration()
    {
        var (code, output, error) = CliRunner.Run("evaluate", "--format", "json");
        Assert.True(code == 0, error);
        var calibration = JsonDocument.Parse(output).RootElement.GetProperty("calibration");
        // numpy on the demo: see CalibrationTests.
        Assert.Equal(0.05003706707998558, calibration.GetProperty("expectedCalibrationError").GetDouble(), 12);
        Assert.Equal(0.2000393271446228, calibration.GetProperty("maximumCalibrationError").GetDouble(), 12);
        Assert.Equal(0.1662449667253293, calibration.GetProperty("brierScore").GetDouble(), 12);
        var bins = calibration.GetProperty("bins").EnumerateArray().ToArray();
        Assert.Equal(15, bins.Length);
        Assert.Equal(540, bins.Sum(b => b.GetProperty("items").GetInt32()));
        Assert.Equal((14.0 / 15).ToString(CultureInfo.InvariantCulture), bins[14].GetProperty("lower").GetDouble().ToString(CultureInfo.InvariantCulture));
    }
}
