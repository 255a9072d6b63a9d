using System.Globalization;
using AutoMLEval.PowerShell;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

public class ListViewTextTests
{
    [Theory]
    // The video fixture's labels: 49 characters up to "swimming;", 56 with "talking", so the break falls before it.
    [InlineData("cooking;dancing;driving;reading;running;swimming;talking", 53, "cooking;dancing;driving;reading;running;swimming;\ntalking")]
    // A name with a space stays whole ("boat;" would end the first line at 60 of 59 characters).
    [InlineData("person;bicycle;car;motorcycle;airplane;bus;train;truck;boat;traffic light", 59, "person;bicycle;car;motorcycle;airplane;bus;train;truck;\nboat;traffic light")]
    // Exactly the width fits; a name longer than the width starts a line and is cut at the width, the next name going
    // on after its end where it fits.
    [InlineData("ab;cd", 5, "ab;cd")]
    [InlineData("ab;averylongname;cd", 5, "ab;\navery\nlongn\name;\ncd")]
    [InlineData("walk;talk", 53, "walk;talk")]
    [InlineData("", 53, "")]
    public void BrokenBetweenNames_BreaksOnlyAfterASeparator_AndKeepsTheText(string joined, int width, string expected)
    {
        var broken = ListViewText.BrokenBetweenNames(joined, width);
        Assert.Equal(expected, broken);
        Assert.Equal(joined, broken.Replace("\n", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void BrokenBetweenNames_CutsALongNameAtTheWidthOfTheConsole()
    {
        // h111's 68-letter category at 80 columns, beside the detection list's longest label (GroundTruthObjects):
        // 80 - 1 - 18 - " : " leaves 58. PowerShell cut it at 58 in the console and at 59 under Out-String -Width 80.
        Assert.Equal(
            "a_very_long_category_name_for_traffic_light_pedestrian_cro\nssing_sign;dog",
            ListViewText.BrokenBetweenNames("a_very_long_category_name_for_traffic_light_pedestrian_crossing_sign;dog", 58));
        // Whole characters, in cells: no Chinese character split between two lines of 5 cells.
        Assert.Equal("鸟类\n检测;\n鸟", ListViewText.BrokenBetweenNames("鸟类检测;鸟", 5, text => new StringInfo(text).LengthInTextElements * 2 - text.Count(c => c == ';')));
    }

    [Fact]
    public void BrokenBetweenNames_MeasuresWithTheCellsGiven()
    {
        // Two cells a character, as a console shows Chinese: "ab;" takes 6 of 9, "cd" 4 more; counted by characters,
        // both fit in 5.
        Assert.Equal("ab;\ncd", ListViewText.BrokenBetweenNames("ab;cd", 9, text => 2 * text.Length));
        Assert.Equal("ab;cd", ListViewText.BrokenBetweenNames("ab;cd", 5));
    }

    [Theory]
    [InlineData("cat", 14, "cat")]
    [InlineData("exactly 14 cel", 14, "exactly 14 cel")]
    // Names alike at the start stay apart: the start gets the odd cell, the end the rest after the ellipsis.
    [InlineData("Northern red fox (Vulpes vulpes) adult", 14, "Norther… adult")]
    [InlineData("Northern red fox (Vulpes vulpes) juvenile", 14, "Norther…venile")]
    [InlineData("", 14, "")]
    [InlineData("abc", 1, "…")]
    public void ShortenedToFit_KeepsBothEndsOfAName(string text, int width, string expected) =>
        Assert.Equal(expected, ListViewText.ShortenedToFit(text, width));

    [Fact]
    public void ShortenedToFit_CountsCells_AndCutsBetweenWholeCharacters()
    {
        // Two cells a Chinese character: 3 + 3 of them and the ellipsis make 13 of 14 cells.
        int Wide(string text) => 2 * text.Length;
        Assert.Equal("日本の…真です", ListViewText.ShortenedToFit("日本の伝統的な建築物の写真です", 14, Wide));
        Assert.Equal("日本の…でない", ListViewText.ShortenedToFit("日本の伝統的な建築物の写真でない", 14, Wide));
        // A surrogate pair (two UTF-16 units, here two cells) is kept whole or left out, never split.
        Assert.Equal("a\U0001F600…e", ListViewText.ShortenedToFit("a\U0001F600b\U0001F600c\U0001F600d\U0001F600e", 6));
    }

    [Theory]
    // Find-SimilarImage's Neighbor (50 set in 6 columns, one without): an 80-column console writes 79, less 50 and 5
    // spaces, 24; 40 more at 120 and 80 more again at 200.
    [InlineData(80, 50, 6, 1, 0, 24)]
    [InlineData(120, 50, 6, 1, 0, 64)]
    [InlineData(200, 50, 6, 1, 0, 144)]
    // The gallery's TrueLabel, Predicted and ItemId (Label 10, Kind 13, Score 7: 30 in 6 columns) share 79 less 30 and
    // 5 spaces, 44 at 80 (15, 15, 14) and 84 at 120 (28 each).
    [InlineData(80, 30, 6, 3, 0, 15)]
    [InlineData(80, 30, 6, 3, 1, 15)]
    [InlineData(80, 30, 6, 3, 2, 14)]
    [InlineData(120, 30, 6, 3, 2, 28)]
    // Near duplicates' ItemA and ItemB (LabelA 6, ItemB's, LabelB 6, Distance 8, Cross 5: 25 in 6 columns) share 49 at 80:
    // the odd cell goes to the left one, as PowerShell hands the cells out one at a time from the left.
    [InlineData(80, 25, 6, 2, 0, 25)]
    [InlineData(80, 25, 6, 2, 1, 24)]
    [InlineData(121, 25, 6, 2, 0, 45)]
    [InlineData(121, 25, 6, 2, 1, 45)]
    // A console narrower than the set widths: PowerShell's narrowest column, one cell (it then drops columns from the right).
    [InlineData(40, 50, 6, 1, 0, 1)]
    public void FillColumnWidth_SharesWhatTheSetWidthsLeave_AsPowerShellDoes(int console, int setWidths, int columns, int fillColumns, int fillColumn, int expected) =>
        Assert.Equal(expected, ListViewText.FillColumnWidth(console, setWidths, columns, fillColumns, fillColumn));

    [Theory]
    [InlineData("images/test/0402.png", 24, "images/test/0402.png")]
    [InlineData("images/training/0612.png", 24, "images/training/0612.png")]
    // A Vertex AI gs:// URI (51 characters): the ellipsis and its last 23 in 24, whole in the 64 of a 120-column console.
    [InlineData("gs://a-bucket/flower-photos/2026-12-05/export/b.png", 24, "…2026-12-05/export/b.png")]
    [InlineData("gs://a-bucket/flower-photos/2026-12-05/export/b.png", 64, "gs://a-bucket/flower-photos/2026-12-05/export/b.png")]
    [InlineData("", 24, "")]
    [InlineData(null, 24, "")]
    [InlineData("abc", 1, "…")]
    public void EndKeptToFit_KeepsTheEndOfAnIdentifier(string? text, int width, string expected) =>
        Assert.Equal(expected, ListViewText.EndKeptToFit(text, width));

    [Fact]
    public void EndKeptToFit_CountsCells_AndCutsBetweenWholeCharacters()
    {
        // Two cells a Chinese character: the ellipsis and 4 characters make 9 of 10 cells (a fifth would make 11).
        int Wide(string text) => 2 * text.Length;
        Assert.Equal("…物の写真", ListViewText.EndKeptToFit("日本の伝統的な建築物の写真", 10, Wide));
        // A surrogate pair (two UTF-16 units, here two cells) is kept whole or left out, never split.
        Assert.Equal("…\U0001F600e", ListViewText.EndKeptToFit("a\U0001F600b\U0001F600c\U0001F600d\U0001F600e", 4));
        Assert.Equal("…e", ListViewText.EndKeptToFit("a\U0001F600b\U0001F600c\U0001F600d\U0001F600e", 3));
    }

    [Theory]
    // The tester's row: a false negative of dog whose true labels are cat;dog;bird (12 characters): whole in 15 (an
    // 80-column console's TrueLabel) and 28 (120); in 10, dog first and the others counted, "dog;cat +1" being 10.
    [InlineData("cat;dog;bird", "dog", 15, "cat;dog;bird")]
    [InlineData("cat;dog;bird", "dog", 28, "cat;dog;bird")]
    [InlineData("cat;dog;bird", "dog", 10, "dog;cat +1")]
    [InlineData("cat;dog;bird", "dog", 9, "dog +2")]
    // A false positive's true labels do not hold its label: the set's own order.
    [InlineData("cat;dog;bird", "horse", 10, "cat;dog +1")]
    // A label too long even alone is shortened in the middle, its count kept: 7 cells ("nor", "…", "nal") and " +2".
    [InlineData("northern-cardinal;dog;bird", "northern-cardinal", 10, "nor…nal +2")]
    [InlineData("northern-cardinal", "northern-cardinal", 10, "north…inal")]
    // Nothing predicted at or above the threshold: "-", as the CLI's table shows it.
    [InlineData("", "dog", 10, "-")]
    [InlineData(null, "dog", 10, "-")]
    public void LabelsToFit_ShowsTheRowsLabelFirst_AndCountsTheRest(string? labels, string rowLabel, int width, string expected) =>
        Assert.Equal(expected, ListViewText.LabelsToFit(labels, rowLabel, width));

    [Fact]
    public void LabelsToFit_CountsCells()
    {
        // Two cells a Chinese character: 猫;狗;鸟 is 5 characters but 8 cells, so in 7 狗 comes first and "狗;猫 +1"
        // (8 cells) does not fit: "狗 +2" (5).
        int Wide(string text) => text.Sum(c => c == ';' || c == ' ' || c == '+' || char.IsDigit(c) ? 1 : 2);
        Assert.Equal("猫;狗;鸟", ListViewText.LabelsToFit("猫;狗;鸟", "狗", 8, Wide));
        Assert.Equal("狗 +2", ListViewText.LabelsToFit("猫;狗;鸟", "狗", 7, Wide));
    }

    [Theory]
    // One-second units and short videos: up to 3 decimals in 7 cells.
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(12.5, "12.5")]
    [InlineData(999.999, "999.999")]
    // Two hours: "7199.123" is 8 cells, so two decimals.
    [InlineData(7199.123, "7199.12")]
    // Ten hours: one decimal; beyond that the whole seconds, never cut.
    [InlineData(35999.24, "35999.2")]
    [InlineData(12345678.0, "12345678")]
    public void SecondsToFit_KeepsTheDecimalsThatFit(double seconds, string expected)
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            Assert.Equal(expected, ListViewText.SecondsToFit(seconds, 7));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData("/runs/run1/predictions_00001.jsonl", null, "run1/predictions_00001.jsonl")]
    [InlineData("/runs/run1/predictions_00001.jsonl", "camera=a", "run1/predictions_00001.jsonl, camera=a")]
    [InlineData("predictions.jsonl", "", "predictions.jsonl")]
    [InlineData(null, null, "")]
    public void PredictionsOf_NamesTheFileWithItsFolder_AndTheSlice(string? path, string? slice, string expected) =>
        Assert.Equal(expected, ListViewText.PredictionsOf(path, slice));

    [Theory]
    // What a table shows of an evaluation read back with Import-Clixml, from its PredictionPath alone: the file name.
    [InlineData("/data/run1/predictions_00001.jsonl", null, "predictions_00001.jsonl")]
    [InlineData(null, null, "")]
    // A merge of shards whose path joins them shows each shard's name.
    [InlineData("/a/p1.jsonl, /b/p2.jsonl", new[] { "/a/p1.jsonl", "/b/p2.jsonl" }, "p1.jsonl, p2.jsonl")]
    public void PredictionFileName_IsTheFileOrEachShardsFile(string? predictionPath, string[]? predictionFiles, string expected) =>
        Assert.Equal(expected, EvaluationResult.FileNameOf(predictionPath, predictionFiles));
}
