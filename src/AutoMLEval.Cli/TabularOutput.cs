using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Cli;

/// <summary>The three output forms every verb offers.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Csv,
}

/// <summary>
/// Writes results as JSON (one object or array, full round-trip precision, NaN as null), CSV (RFC 4180,
/// invariant culture) or an aligned text table. Verbs build rows and hand them here; no verb formats numbers itself.
/// </summary>
internal static class TabularOutput
{
    /// <summary>Reads <c>--format table|json|csv</c> (default table), or the verb's own <paramref name="option"/> of fewer forms.</summary>
    public static OutputFormat ReadFormat(ParseResult parse, Option<string>? option = null) =>
        parse.GetValue(option ?? Vocabulary.Format) switch
        {
            "json" => OutputFormat.Json,
            "csv" => OutputFormat.Csv,
            _ => OutputFormat.Table,
        };

    /// <summary>Writes one JSON document built by <paramref name="write"/>, indented, with a trailing newline.</summary>
    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonWriting.DocumentOptions))
        {
            write(writer);
        }
        var text = Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        // In blocks: a cancelled run stops between them (the writer checks), not after megabytes to a slow pipe.
        for (int start = 0; start < text.Length; start += JsonBlockChars) output.Write(text.AsSpan(start, Math.Min(JsonBlockChars, text.Length - start)));
        output.WriteLine();
    }

    /// <summary>The characters of a JSON document written at once.</summary>
    private const int JsonBlockChars = 1 << 16;

    /// <summary>Writes rows as CSV with a header line.</summary>
    public static void WriteCsv(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        output.WriteLine(string.Join(",", headers.Select(Quote)));
        foreach (var row in rows)
        {
            output.WriteLine(string.Join(",", row.Select(v => Quote(Format(v, roundTrip: true)))));
        }
    }

    /// <summary>
    /// A table is read at 80 to 120 columns: these fields show a short heading there (CSV and JSON keep the field names,
    /// which are Vertex AI's and the same for every task).
    /// </summary>
    private static readonly Dictionary<string, string> TableHeadings = new(StringComparer.Ordinal)
    {
        ["displayName"] = "label",
        ["confidenceThreshold"] = "threshold",
        ["f1Score"] = "f1",
        ["truePositiveCount"] = "tp",
        ["falsePositiveCount"] = "fp",
        ["falseNegativeCount"] = "fn",
        ["trueNegativeCount"] = "tn",
        ["falsePositiveRate"] = "fpr",
        ["categoryId"] = "id",
        ["groundTruthObjects"] = "objects",
        ["bestIou"] = "iou",
        ["trueLabels"] = "true",
        ["predictedLabel"] = "predicted",
        ["predictedScore"] = "predScore",
        ["suggestedLabel"] = "suggested",
        ["neighborAgreement"] = "neighbors",
        ["prototypeAgreement"] = "prototype",
        ["modelConfidence"] = "model",
        ["significant"] = "sig",
    };

    /// <summary>
    /// Writes rows as a table with aligned columns (short headings for the long field names); numbers right-aligned with
    /// 4 decimals. A table wider than <paramref name="width"/> (the terminal's, or 80 when redirected:
    /// <see cref="CliContext.OutputWidth"/>) leaves out the groups of <paramref name="leaveOut"/>, in order, until it fits (a box's four
    /// numbers go together), and says below it which fields it left out (when it has rows): CSV and JSON keep every field. The fields that
    /// tell the rows apart are never in <paramref name="leaveOut"/>, and no value is cut: a table still too wide (a long
    /// label or path) narrows its widest text columns, and a longer value goes on, whole, in its column on the lines
    /// below. The note names the verb's <paramref name="fullForms"/> (error-slices has no CSV).
    /// </summary>
    public static void WriteTable(TextWriter output, IReadOnlyList<string> fields, IEnumerable<IReadOnlyList<object?>> rows, IReadOnlyList<string[]>? leaveOut, int width, string fullForms = "csv or json")
    {
        // A heading can be a label (the confusion matrix's columns), escaped as the cells are.
        var headers = fields.Select(f => TerminalText.Escape(TableHeadings.TryGetValue(f, out var heading) ? heading : f)).ToArray();
        var cells = rows.Select(r => r.Select(v => Format(v, roundTrip: false)).ToArray()).ToList();
        var numeric = headers.Select((_, c) => cells.Count > 0 && cells.All(r => c < r.Length && IsNumeric(r[c]))).ToArray();
        var widths = headers.Select((h, c) => Math.Max(TerminalText.Width(h), cells.Count == 0 ? 0 : cells.Max(r => c < r.Length ? TerminalText.Width(r[c]) : 0))).ToArray();
        var shown = Enumerable.Range(0, fields.Count).ToList();
        int Wide() => shown.Sum(c => widths[c]) + (2 * (shown.Count - 1));
        var left = new List<string>();
        foreach (var group in leaveOut ?? [])
        {
            if (Wide() <= width) break;
            var columns = group.Select(f => fields.ToList().IndexOf(f)).Where(c => c >= 0 && shown.Contains(c)).ToArray();
            if (columns.Length == 0) continue;
            shown.RemoveAll(columns.Contains);
            left.AddRange(columns.Select(c => fields[c]));
        }
        // Narrowed, when that makes it fit (a matrix whose headings are long labels does not): the widest text column
        // first, to what the others leave, down to its heading or MinimumTextColumn.
        bool narrowed = false;
        int narrowest = shown.Sum(c => numeric[c] ? widths[c] : Math.Min(widths[c], Narrowest(c))) + (2 * (shown.Count - 1));
        while (Wide() > width && narrowest <= width)
        {
            var narrowable = shown.Where(c => !numeric[c] && widths[c] > Narrowest(c)).ToList();
            if (narrowable.Count == 0) break;
            var text = narrowable.MaxBy(c => widths[c]);
            widths[text] = Math.Max(Narrowest(text), widths[text] - (Wide() - width));
            narrowed = true;
        }
        int Narrowest(int c) => Math.Max(TerminalText.Width(headers[c]), MinimumTextColumn);
        string Line(IReadOnlyList<string> values) =>
            string.Join("  ", shown.Select(c => TerminalText.Pad(c < values.Count ? values[c] : string.Empty, widths[c], alignRight: numeric[c]))).TrimEnd();
        output.WriteLine(Line(headers));
        output.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray()));
        foreach (var row in cells)
        {
            if (!narrowed || shown.All(c => c >= row.Length || TerminalText.Width(row[c]) <= widths[c])) output.WriteLine(Line(row));
            else WriteWrappedRow(output, row, shown, widths, Line);
        }
        // A table without rows hides no value: the headings alone were fitted, and a note would send the reader to look for data.
        if (left.Count > 0 && cells.Count > 0) WriteWrapped(output, $"(To fit {width} columns, left out: {string.Join(", ", left)}; --format {fullForms} has every field.)", width);
    }

    /// <summary>The columns a narrowed text column keeps at the least (its heading's, when wider).</summary>
    private const int MinimumTextColumn = 12;

    /// <summary>A row with a value wider than its column: as many lines as its longest value takes, each value whole over them.</summary>
    private static void WriteWrappedRow(TextWriter output, string[] row, List<int> shown, int[] widths, Func<IReadOnlyList<string>, string> line)
    {
        var parts = new List<string>[row.Length];
        foreach (var c in shown.Where(c => c < row.Length)) parts[c] = TerminalText.Wrap(row[c], widths[c]);
        int height = parts.Max(p => p?.Count ?? 0);
        for (int i = 0; i < height; i++)
        {
            output.WriteLine(line(parts.Select(p => p is not null && i < p.Count ? p[i] : string.Empty).ToArray()));
        }
    }

    /// <summary>A line of prose about a table (its title, a note), wrapped at <paramref name="width"/> as the table fits it.</summary>
    public static void WriteWrapped(TextWriter output, string text, int width)
    {
        foreach (var line in TerminalText.Wrap(text, width, keepWordsWhole: true)) output.WriteLine(line);
    }

    /// <summary>The columns a summary's value keeps beside the names at the least, however narrow the terminal.</summary>
    private const int MinimumValueWidth = 30;

    /// <summary>
    /// Writes "name : value" lines, names aligned. A value wider than what <paramref name="width"/> leaves beside the
    /// names goes on under itself, indented to the value column, rather than running past the terminal's edge: its
    /// explanation in parentheses ("540 of 540 ground-truth items (0 without prediction, …)") starts the next line.
    /// </summary>
    public static void WriteProperties(TextWriter output, IEnumerable<(string Name, object? Value)> properties, int width)
    {
        var list = properties.ToList();
        var nameWidth = list.Count == 0 ? 0 : list.Max(p => p.Name.Length);
        var indent = new string(' ', nameWidth + 3);
        var valueWidth = Math.Max(width - indent.Length, MinimumValueWidth);
        foreach (var (name, value) in list)
        {
            var lines = ValueLines(Format(value, roundTrip: false), valueWidth).ToList();
            output.WriteLine($"{name.PadRight(nameWidth)} : {lines[0]}");
            foreach (var line in lines.Skip(1)) output.WriteLine(indent + line);
        }
    }

    private static IEnumerable<string> ValueLines(string value, int width)
    {
        if (TerminalText.Width(value) <= width) return [value];
        int explanation = ClosingExplanation(value);
        return explanation <= 0
            ? TerminalText.Wrap(value, width, keepWordsWhole: true)
            : TerminalText.Wrap(value[..explanation], width, keepWordsWhole: true).Concat(TerminalText.Wrap(value[(explanation + 1)..], width, keepWordsWhole: true));
    }

    /// <summary>
    /// Where the value's explanation starts (the space before it), or -1: its first parenthesis, when that one closes at
    /// the value's end ("450 of 540 items (50 copies; 140 without prediction)"), not one inside it ("1 only in a (dgo), 1 …").
    /// </summary>
    private static int ClosingExplanation(string value)
    {
        int open = value.IndexOf(" (", StringComparison.Ordinal);
        if (open <= 0) return -1;
        int depth = 0;
        for (int i = open + 1; i < value.Length; i++)
        {
            if (value[i] == '(') depth++;
            else if (value[i] == ')' && --depth == 0) return i == value.Length - 1 ? open : -1;
        }
        return -1;
    }

    private static bool IsNumeric(string cell) =>
        cell.Length == 0 || cell == "-" || double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>A number as a table shows it (4 decimals, "-" when undefined), for a cell that holds more than one.</summary>
    internal static string TableNumber(double value) => Format(value, roundTrip: false);

    private static string Format(object? value, bool roundTrip) => value switch
    {
        DeltaCell d when !roundTrip && !double.IsNaN(d.Value) => DeltaText.Of(d.Value),
        DeltaCell d => Format(d.Value, roundTrip),
        null => roundTrip ? string.Empty : "-",
        double d when double.IsNaN(d) => roundTrip ? string.Empty : "-",
        double d => roundTrip ? d.ToString("R", CultureInfo.InvariantCulture) : d.ToString("0.0000", CultureInfo.InvariantCulture),
        float f => roundTrip ? f.ToString("R", CultureInfo.InvariantCulture) : f.ToString("0.0000", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        // A list of names (an item's true labels) is one cell; JSON writers give it as an array.
        IEnumerable<string> names => Format(string.Join(";", names), roundTrip),
        // CSV keeps the data exact (quoted); a table is for the eye, on a terminal.
        _ => roundTrip ? value.ToString() ?? string.Empty : TerminalText.Escape(value.ToString() ?? string.Empty),
    };

    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\n\r");

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(NeedsQuotes) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

/// <summary>
/// A cell holding a difference of two models' metrics: a table writes it signed, as every front end writes a delta
/// (<see cref="DeltaText"/>: "+0.0094"); CSV as any other number, exact, for a program to read.
/// </summary>
internal readonly record struct DeltaCell(double Value);
