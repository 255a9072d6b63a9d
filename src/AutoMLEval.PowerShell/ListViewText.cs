using System.Management.Automation;
using System.Management.Automation.Host;
using System.Globalization;
using System.Text;

namespace AutoMLEval.PowerShell;

/// <summary>
/// Text for the module's list and table views (AutoMLEval.Format.ps1xml). A list view cuts a long value at the
/// column's width, mid-word ("talk / ing"); it keeps line breaks that the value holds, so a joined list is given its
/// breaks here. A table cuts a value at its column's end, so labels that differ only at their ends read alike; they are
/// shortened in the middle here. Public because the views' script blocks call it; no output type holds it.
/// </summary>
public static class ListViewText
{
    // What PowerShell writes at when the host has no console to measure.
    private const int FallbackConsoleWidth = 80;

    /// <summary>
    /// <see cref="BrokenBetweenNames(string?, int, Func{string, int})"/> at the width of the list view's value column
    /// in the console of <paramref name="host"/>: its buffer width, less the last column PowerShell leaves empty, the
    /// <paramref name="longestLabel"/> of the view's entry and " : ", in the console's cells (a Chinese character
    /// takes two). A view's script block runs before the text is laid out and sees only the host, so this is the width
    /// Out-Default writes at; a narrower <c>Out-String -Width</c> cuts a line as it cuts any long value.
    /// </summary>
    public static string BrokenToFitConsole(string? joinedNames, PSHost? host, string longestLabel) =>
        BrokenBetweenNames(joinedNames, ConsoleWidth(host) - 1 - longestLabel.Length - " : ".Length, CellsIn(host));

    /// <summary>
    /// Names joined by <see cref="MisclassifiedImage.LabelSeparator"/>, broken into lines of at most
    /// <paramref name="width"/> cells (<paramref name="cells"/> measures a text; one per character when not given)
    /// between two names; the text without its line breaks is the text given. A name longer than the width starts a
    /// line and is cut at the width.
    /// </summary>
    public static string BrokenBetweenNames(string? joinedNames, int width, Func<string, int>? cells = null)
    {
        cells ??= text => text.Length;
        if (string.IsNullOrEmpty(joinedNames)) return joinedNames ?? string.Empty;
        var names = joinedNames!.Split(new[] { MisclassifiedImage.LabelSeparator }, StringSplitOptions.None);
        var text = new StringBuilder();
        int lineLength = 0;
        for (int i = 0; i < names.Length; i++)
        {
            // Every name but the last carries its separator, so that a line ends on a whole "name;".
            var piece = i < names.Length - 1 ? names[i] + MisclassifiedImage.LabelSeparator : names[i];
            int pieceLength = cells(piece);
            if (lineLength > 0 && lineLength + pieceLength > width)
            {
                text.Append('\n');
                lineLength = 0;
            }
            if (pieceLength > width)
            {
                // Cut here, where the console's width is known: left whole, PowerShell cut it at its own width, which
                // Out-String -Width 80 makes one column wider than the console Out-Default leaves a last column empty in.
                lineLength = AppendCut(text, piece, width, cells);
                continue;
            }
            text.Append(piece);
            lineLength += pieceLength;
        }
        return text.ToString();
    }

    // Appends text in lines of at most width cells, whole characters each; the cells on its last line.
    private static int AppendCut(StringBuilder text, string piece, int width, Func<string, int> cells)
    {
        int lineLength = 0;
        foreach (var element in TextElements(piece))
        {
            int elementLength = cells(element);
            if (lineLength > 0 && lineLength + elementLength > width)
            {
                text.Append('\n');
                lineLength = 0;
            }
            text.Append(element);
            lineLength += elementLength;
        }
        return lineLength;
    }

    /// <summary>
    /// <paramref name="value"/>'s text as a table column of <paramref name="width"/> cells shows it: whole where it
    /// fits, else its start and its end around an ellipsis ("Norther…venile" in 14), so that names which share a
    /// beginning (a species' stages, "x" and "not x" in any script) stay apart where the table would cut both alike.
    /// Cells as the console of <paramref name="host"/> counts them (a Chinese character takes two).
    /// </summary>
    public static string ShortenedToFitConsole(object? value, int width, PSHost? host) => ShortenedToFit(value?.ToString(), width, CellsIn(host));

    /// <summary><see cref="ShortenedToFitConsole"/> with the cells measured by <paramref name="cells"/> (one a character when not given).</summary>
    public static string ShortenedToFit(string? text, int width, Func<string, int>? cells = null)
    {
        cells ??= piece => piece.Length;
        if (string.IsNullOrEmpty(text) || cells(text!) <= width) return text ?? string.Empty;
        // Whole characters from each end, the start given the odd cell.
        var elements = TextElements(text!);
        int headCells = width / 2;
        var head = new StringBuilder();
        int first = 0;
        for (int used = 0; first < elements.Count && used + cells(elements[first]) <= headCells; first++)
        {
            used += cells(elements[first]);
            head.Append(elements[first]);
        }
        return head + "…" + EndWithin(elements, first, width - 1 - headCells, cells);
    }

    /// <summary><see cref="LabelsToFit"/> for a column of a set <paramref name="width"/>, in the cells of <paramref name="host"/>'s console.</summary>
    public static string LabelsToFitConsole(object? joinedLabels, string? rowLabel, int width, PSHost? host) =>
        LabelsToFit(joinedLabels?.ToString(), rowLabel, width, CellsIn(host));

    /// <summary>
    /// A label set (names joined by <see cref="MisclassifiedImage.LabelSeparator"/>) as a column of <paramref name="width"/>
    /// cells shows it: whole where it fits; else <paramref name="rowLabel"/> first when the set holds it (the label the
    /// row is about), then as many of the others as fit and how many more there are ("dog;cat +1"), so that no name is
    /// cut where a whole one fits; a first name too long even alone is shortened in the middle. An empty set is "-", as
    /// the CLI's tables show it. Cells measured by <paramref name="cells"/> (one a character when not given).
    /// </summary>
    public static string LabelsToFit(string? joinedLabels, string? rowLabel, int width, Func<string, int>? cells = null)
    {
        cells ??= piece => piece.Length;
        if (string.IsNullOrEmpty(joinedLabels)) return NoLabels;
        if (cells(joinedLabels!) <= width) return joinedLabels!;
        var names = joinedLabels!.Split(new[] { MisclassifiedImage.LabelSeparator }, StringSplitOptions.None).ToList();
        int own = rowLabel is null ? -1 : names.IndexOf(rowLabel);
        if (own > 0)
        {
            names.RemoveAt(own);
            names.Insert(0, rowLabel!);
        }
        string? shown = null;
        // The whole set does not fit, so at least one name is left out and counted.
        for (int kept = 1; kept < names.Count; kept++)
        {
            var text = string.Join(MisclassifiedImage.LabelSeparator, names.Take(kept)) + More(names.Count - kept);
            if (cells(text) > width) break;
            shown = text;
        }
        if (shown is not null) return shown;
        var more = names.Count > 1 ? More(names.Count - 1) : string.Empty;
        return ShortenedToFit(names[0], Math.Max(1, width - cells(more)), cells) + more;
    }

    private const string NoLabels = "-";

    private static string More(int left) => " +" + left.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="seconds"/> as a column of <paramref name="width"/> cells shows a time in a video: with up to three
    /// decimals (a frame's precision), fewer where the column has no room for them (7199.125 as "7199.13" in 7), so
    /// that a narrow column fits the short times of most videos and never wraps a long one. In the current culture,
    /// as the views' FormatString columns are.
    /// </summary>
    public static string SecondsToFit(double seconds, int width)
    {
        for (int decimals = SecondsFormats.Length - 1; decimals > 0; decimals--)
        {
            var text = seconds.ToString(SecondsFormats[decimals], CultureInfo.CurrentCulture);
            if (text.Length <= width) return text;
        }
        return seconds.ToString(SecondsFormats[0], CultureInfo.CurrentCulture);
    }

    // Seconds with 0 to 3 decimals, by index.
    private static readonly string[] SecondsFormats = { "0", "0.#", "0.##", "0.###" };

    /// <summary>
    /// <paramref name="value"/>'s text in a table column without a set width, in the console of <paramref name="host"/>:
    /// <see cref="EndKeptToFit"/> at the width <see cref="FillColumnWidth"/> works out for that console. The view gives
    /// what it knows of itself: the sum of its columns' set widths and how many columns it has; this column is the one
    /// without a set width (every view that keeps an identifier's end has one). A script block runs before the text is
    /// laid out and sees only the host, so this is the width Out-Default writes at; a narrower <c>Out-String -Width</c>
    /// gives the column less, and PowerShell cuts the value's end.
    /// </summary>
    public static string EndKeptToFitConsole(object? value, PSHost? host, int setWidths, int columns) =>
        EndKeptToFit(value?.ToString(), FillColumnWidth(ConsoleWidth(host), setWidths, columns, fillColumns: 1, fillColumn: 0), CellsIn(host));

    /// <summary><see cref="EndKeptToFit"/> for a column of a set <paramref name="width"/>, in the cells of <paramref name="host"/>'s console.</summary>
    public static string EndKeptToFitConsole(object? value, int width, PSHost? host) => EndKeptToFit(value?.ToString(), width, CellsIn(host));

    /// <summary>
    /// The width PowerShell's table writer (its ColumnWidthManager) gives a column without a set width when every column
    /// fits: the table is <paramref name="consoleWidth"/> less the console's last column, which PowerShell leaves
    /// empty; the columns are one space apart; what the set widths leave is shared by the
    /// <paramref name="fillColumns"/> columns without one, a cell at a time from the left, so column
    /// <paramref name="fillColumn"/> (0, the leftmost) gets the share and, of what is left over, one cell more when it is
    /// among the first. At least one cell, PowerShell's narrowest column (in a console too narrow for the set widths it
    /// drops columns from the right).
    /// </summary>
    public static int FillColumnWidth(int consoleWidth, int setWidths, int columns, int fillColumns, int fillColumn)
    {
        int rest = consoleWidth - 1 - setWidths - (columns - 1);
        int width = rest / fillColumns + (fillColumn < rest % fillColumns ? 1 : 0);
        return Math.Max(1, width);
    }

    /// <summary>
    /// <paramref name="text"/> as a column of <paramref name="width"/> cells shows an identifier: whole where it fits,
    /// else an ellipsis and as much of its end as fits ("…export/b.png"), whose end tells paths and URIs apart where
    /// the table, cutting their ends, would show the same bucket and folder on every row. Whole characters (a surrogate
    /// pair, a letter with its accents) measured by <paramref name="cells"/> (one a character when not given).
    /// </summary>
    public static string EndKeptToFit(string? text, int width, Func<string, int>? cells = null)
    {
        cells ??= piece => piece.Length;
        if (string.IsNullOrEmpty(text) || cells(text!) <= width) return text ?? string.Empty;
        return "…" + EndWithin(TextElements(text!), 0, width - 1, cells);
    }

    // Whole characters: a surrogate pair, a letter with its accents.
    private static List<string> TextElements(string text)
    {
        var elements = new List<string>();
        var walk = StringInfo.GetTextElementEnumerator(text);
        while (walk.MoveNext()) elements.Add(walk.GetTextElement());
        return elements;
    }

    // The last of elements[first..] that fit in tailCells.
    private static string EndWithin(List<string> elements, int first, int tailCells, Func<string, int> cells)
    {
        int start = elements.Count;
        for (int used = 0; start > first && used + cells(elements[start - 1]) <= tailCells; start--) used += cells(elements[start - 1]);
        return string.Concat(elements.Skip(start));
    }

    /// <summary>
    /// The group header of rows from an evaluation (sweep rows, gallery items): its predictions file as its folder and
    /// name (Vertex AI names every run's output file alike, predictions_00001.jsonl), and the slice when there is one,
    /// so that the rows of several evaluations piped on are told apart as Get-ChildItem tells folders apart.
    /// </summary>
    public static string PredictionsOf(string? predictionPath, string? slice = null)
    {
        var path = predictionPath ?? string.Empty;
        var folder = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(path) ?? string.Empty);
        var file = string.IsNullOrEmpty(folder) ? System.IO.Path.GetFileName(path) : folder + "/" + System.IO.Path.GetFileName(path);
        return string.IsNullOrEmpty(slice) ? file : file + ", " + slice;
    }

    /// <summary>
    /// The predictions' file name of an evaluation (or of what carries its PredictionPath, as its calibration) as its
    /// table view shows it: each shard's of a merge whose path joins them. An evaluation read back (Import-Clixml, a
    /// job's or a remote session's output) is a bag of its properties, not the type: its PredictionPath gives the name.
    /// </summary>
    public static string PredictionFileNameOf(object? evaluation)
    {
        if (evaluation is null) return string.Empty;
        var wrapped = PSObject.AsPSObject(evaluation);
        if (wrapped.BaseObject is EvaluationResult live) return live.PredictionFileName;
        return EvaluationResult.FileNameOf(wrapped.Properties["PredictionPath"]?.Value?.ToString(), null);
    }

    // The cells a text takes in the host's console, as PowerShell's list view measures them.
    private static Func<string, int> CellsIn(PSHost? host) => text =>
    {
        try
        {
            return host?.UI?.RawUI?.LengthInBufferCells(text) ?? text.Length;
        }
        // A host without a console (a remote or custom host) may throw anything from its raw UI; PowerShell then
        // counts characters.
        catch (Exception)
        {
            return text.Length;
        }
    };

    private static int ConsoleWidth(PSHost? host)
    {
        try
        {
            int width = host?.UI?.RawUI?.BufferSize.Width ?? 0;
            return width > 0 ? width : FallbackConsoleWidth;
        }
        // A host without a console (a remote or custom host) may throw anything from its raw UI, as PowerShell's own
        // ConsoleLineOutput allows for.
        catch (Exception)
        {
            return FallbackConsoleWidth;
        }
    }
}
