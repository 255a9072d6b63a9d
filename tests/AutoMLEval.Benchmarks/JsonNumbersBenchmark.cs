using System.Diagnostics;
using System.Globalization;
using AutoMLEval.Benchmarks.Classification;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Benchmarks;

/// <summary>
/// The JSON number scan alone, on one thread: the numbers of the first lines of a Vertex classification predictions
/// file (scores printed with 17 significant digits, some with an exponent), converted again and again; the best pass
/// is printed, which a shared machine disturbs least. The scan is the largest single part of reading such a file.
/// </summary>
internal sealed class JsonNumbersBenchmark : IBenchmark
{
    public string Name => "json-numbers";

    public string Description => "JsonNumbers.Read on one thread, the scores of a Vertex classification file [lines=1000] [passes=200]";

    public void Run(IReadOnlyList<string> args)
    {
        int lines = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000;
        int passes = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var path = VertexFiles.Ensure(200_000, 100).Predictions;
        var (text, starts) = ScoresOf(path, lines);
        Console.WriteLine($"{starts.Length:N0} numbers ({text.Length / (double)starts.Length:F1} bytes each with their separators) from {lines:N0} lines of {path}");
        double checksum = 0;
        var best = double.MaxValue;
        for (int pass = 0; pass < passes; pass++)
        {
            var watch = Stopwatch.StartNew();
            double sum = 0;
            foreach (var start in starts)
            {
                JsonNumbers.Read(text.AsSpan(start), out var value);
                sum += value;
            }
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
            checksum = sum;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"best of {passes} passes: {best:F2} ms, {best * 1e6 / starts.Length:F1} ns a number (sum {checksum:R})"));
    }

    /// <summary>The bytes of the scores arrays of the first lines, and where each number starts in them.</summary>
    private static (byte[] Text, int[] Starts) ScoresOf(string path, int lines)
    {
        var text = new List<byte>();
        var starts = new List<int>();
        foreach (var line in File.ReadLines(path).Take(lines))
        {
            int at = line.IndexOf("\"confidences\": [", StringComparison.Ordinal);
            if (at < 0) continue;
            int end = line.IndexOf(']', at);
            foreach (var number in line.Substring(at + "\"confidences\": [".Length, end - at - "\"confidences\": [".Length).Split(", "))
            {
                starts.Add(text.Count);
                text.AddRange(System.Text.Encoding.ASCII.GetBytes(number + ", "));
            }
        }
        return (text.ToArray(), starts.ToArray());
    }
}
