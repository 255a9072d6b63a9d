using System.CommandLine;
using System.Globalization;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Cli;

/// <summary>
/// <c>--thresholds LIST|START:STOP:STEP</c>, the confidence grid of <c>sweep</c> for every task (<c>--step S</c>,
/// video's earlier spelling, is <c>--thresholds 0:1:S</c>). Without either: Vertex AI's grid.
/// </summary>
internal static class ThresholdGrid
{
    // A sweep row per threshold: 100,001 rows (a step of 1e-5) is already more than anyone reads.
    private const int MaxThresholds = 100_001;

    /// <summary>The options that set the grid.</summary>
    public static readonly Option[] Options = { Vocabulary.Thresholds, Vocabulary.Step };

    /// <summary>
    /// A task's input options for <paramref name="verb"/>: a sweep decides at every threshold of its grid, so the one
    /// decision threshold has nothing to set there and sweep does not take it (given, it is a usage error, not dropped).
    /// </summary>
    public static IEnumerable<Option> InputOptions(IEnumerable<Option> inputs, string verb) =>
        inputs.Where(o => verb != "sweep" || o != Vocabulary.Threshold);

    /// <summary>Reads <c>--thresholds</c> (or <c>--step</c>).</summary>
    public static IReadOnlyList<double> Read(ParseResult parse)
    {
        var text = parse.GetValue(Vocabulary.Thresholds);
        var step = parse.GetValue(Vocabulary.Step);
        if (step is null) return Parse(text);
        if (text is not null) throw new CliUsageException("--step S is short for --thresholds 0:1:S; give one of them.");
        return Parse("0:1:" + step);
    }

    /// <summary>Reads "0.1,0.5,0.9" or "START:STOP:STEP" (inclusive, values rounded to 10 decimals so 0.3 is 0.3).</summary>
    internal static IReadOnlyList<double> Parse(string? text)
    {
        if (text is null) return ClassificationOptions.VertexThresholds;
        static double Parse(string s) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= 1
                ? v
                : throw new CliUsageException($"--thresholds: '{s}' is not a number in [0, 1].");
        var parts = text.Split(':');
        if (parts.Length == 3)
        {
            double start = Parse(parts[0]), stop = Parse(parts[1]);
            if (!double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var step) || !(step > 0)) throw new CliUsageException("--thresholds: the step must be a positive number.");
            if (stop < start) throw new CliUsageException($"--thresholds: '{text}' stops below its start; give START:STOP:STEP with START <= STOP.");
            var steps = Math.Floor(((stop - start) / step) + 1e-9) + 1;
            if (steps > MaxThresholds) throw new CliUsageException($"--thresholds: '{text}' makes {steps.ToString("0", CultureInfo.InvariantCulture)} thresholds; at most {MaxThresholds.ToString(CultureInfo.InvariantCulture)} are allowed (use a larger step).");
            var count = (int)steps;
            return Enumerable.Range(0, count).Select(k => Math.Round(start + (k * step), 10)).ToArray();
        }
        var list = text.Split(',');
        if (list.Length > MaxThresholds) throw new CliUsageException($"--thresholds: {list.Length.ToString(CultureInfo.InvariantCulture)} thresholds; at most {MaxThresholds.ToString(CultureInfo.InvariantCulture)} are allowed.");
        return list.Select(s => Parse(s.Trim())).ToArray();
    }
}
