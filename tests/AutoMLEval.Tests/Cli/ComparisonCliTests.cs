using System.Globalization;
using System.Text.Json;
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

    [Theory]
    [InlineData("--min", "auprcx=0.9")]
    [InlineData("--max-drop", "auPrc=0.01")]
    public void Check_usage_errors_exit_two(string option, string value)
    {
        var (code, _, error) = CliRunner.RunIn(Fixture.Path("digits"), "check", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", option, value);
        Assert.Equal(2, code);
        Assert.StartsWith("automl-eval check:", error, StringComparison.Ordinal);
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
