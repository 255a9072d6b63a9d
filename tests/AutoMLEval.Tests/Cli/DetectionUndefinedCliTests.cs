using System.Globalization;
using System.Text.Json;
using AutoMLEval.Tests.Detection;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>
/// A category without ground truth (edge_mix's unlabelled_77: 0 objects, 9 detections) has COCO's -1 for every
/// per-label figure: undefined, so empty in CSV and '-' in the table, as PowerShell leaves it empty; the JSON keeps -1.
/// </summary>
public sealed class DetectionUndefinedCliTests
{
    private static readonly string Case = CocoParityTests.CaseDirectory("edge_mix");

    private static string Evaluate(string format)
    {
        var (code, output, error) = CliRunner.Run("evaluate", "--task", "detection", "--ground-truth", Path.Combine(Case, "gt.json"), "--predictions", Path.Combine(Case, "dt.json"), "--format", format);
        Assert.True(code == 0, error);
        return output;
    }

    [Fact]
    public void Csv_leaves_the_figures_of_a_category_without_ground_truth_empty()
    {
        var rows = Evaluate("csv").Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("displayName,categoryId,ap,ap50,ap75,ar100,precisionAtBestF1,recallAtBestF1,bestF1Threshold,groundTruthObjects,detections", rows[0]);
        Assert.Equal("unlabelled_77,77,,,,,,,,0,9", Assert.Single(rows, r => r.StartsWith("unlabelled_77,", StringComparison.Ordinal)));
        // car has ground truth (75 objects and a crowd region) and no detection: its AP is 0 (defined), its best-F1 threshold undefined.
        Assert.Equal("car,34,0,0,0,0,1,0,,75,0", Assert.Single(rows, r => r.StartsWith("car,", StringComparison.Ordinal)));
    }

    [Fact]
    public void Csv_ends_with_an_all_row_holding_cocos_headlines()
    {
        // As classification's (micro) row (docs/cli.md): COCO's AP, AP50, AP75 and AR100 over all categories
        // (pycocotools' stats 0, 1, 2 and 8 in expected.json), the best-F1 point over all detections at IoU 0.5 (the
        // JSON's bestF1) and the totals of the per-label columns (396 objects: the 404 annotations less 8 crowd regions,
        // which recall does not count; 547 detections).
        var rows = Evaluate("csv").TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var all = rows[^1].Split(',');
        var stats = CocoParityTests.Expected("edge_mix").GetProperty("stats").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var bestF1 = JsonDocument.Parse(Evaluate("json")).RootElement.GetProperty("bestF1");
        Assert.Equal(["(all)", ""], all[..2]);
        Assert.Equal(stats[0], double.Parse(all[2], CultureInfo.InvariantCulture), 10);
        Assert.Equal(stats[1], double.Parse(all[3], CultureInfo.InvariantCulture), 10);
        Assert.Equal(stats[2], double.Parse(all[4], CultureInfo.InvariantCulture), 10);
        Assert.Equal(stats[8], double.Parse(all[5], CultureInfo.InvariantCulture), 10);
        Assert.Equal(bestF1.GetProperty("precision").GetDouble(), double.Parse(all[6], CultureInfo.InvariantCulture));
        Assert.Equal(bestF1.GetProperty("recall").GetDouble(), double.Parse(all[7], CultureInfo.InvariantCulture));
        Assert.Equal(bestF1.GetProperty("confidenceThreshold").GetDouble(), double.Parse(all[8], CultureInfo.InvariantCulture));
        Assert.Equal(["396", "547"], all[9..]);
    }

    [Fact]
    public void The_table_shows_a_dash_for_each_and_the_json_keeps_cocos_minus_one()
    {
        var row = Assert.Single(Evaluate("table").Split('\n'), l => l.StartsWith("unlabelled_77 ", StringComparison.Ordinal));
        // The best-F1 point of each category gives way to 80 columns in the table (CSV and JSON have it).
        Assert.Equal(new[] { "unlabelled_77", "77", "-", "-", "-", "-", "0", "9" }, row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var label = JsonDocument.Parse(Evaluate("json")).RootElement.GetProperty("perLabel").EnumerateArray().Single(l => l.GetProperty("categoryId").GetInt64() == 77);
        Assert.Equal(-1, label.GetProperty("ap").GetDouble());
    }

    [Fact]
    public void An_undefined_coco_statistic_is_a_dash_in_the_table_and_minus_one_in_the_json()
    {
        // edge_crowd has no small object left once crowds are ignored: pycocotools' APs and ARs (stats 3 and 9) are -1.
        var crowd = CocoParityTests.CaseDirectory("edge_crowd");
        string Run(string format)
        {
            var (code, output, error) = CliRunner.Run("evaluate", "--task", "detection", "--ground-truth", Path.Combine(crowd, "gt.json"), "--predictions", Path.Combine(crowd, "dt.json"), "--format", format);
            Assert.True(code == 0, error);
            return output;
        }
        var stats = CocoParityTests.Expected("edge_crowd").GetProperty("stats").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal((-1.0, -1.0), (stats[3], stats[9]));
        var lines = Run("table").Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Matches(@"^APs +: -$", Assert.Single(lines, l => l.StartsWith("APs ", StringComparison.Ordinal)));
        Assert.Matches(@"^ARs +: -$", Assert.Single(lines, l => l.StartsWith("ARs ", StringComparison.Ordinal)));
        Assert.Matches(@"^AP +: 0\.\d{4}$", Assert.Single(lines, l => l.StartsWith("AP ", StringComparison.Ordinal)));
        var json = JsonDocument.Parse(Run("json")).RootElement.GetProperty("cocoStats");
        Assert.Equal((-1.0, -1.0), (json.GetProperty("apSmall").GetDouble(), json.GetProperty("arSmall").GetDouble()));
    }
}
