using System.Management.Automation.Host;
using System.Text;

namespace AutoMLEval.PowerShell;

/// <summary>
/// Text for the module's list views (AutoMLEval.Format.ps1xml). A list view cuts a long value at the column's width,
/// mid-word ("talk / ing"); it keeps line breaks that the value holds, so a joined list is given its breaks here.
/// Public because the views' script blocks call it; no output type holds it.
/// </summary>
public static class ListViewText
{
    // What PowerShell writes at when the host has no console to measure.
    private const int FallbackConsoleWidth = 80;

    /// <summary>
    /// <see cref="BrokenBetweenNames(string?, int)"/> at the width of the list view's value column in the console of
    /// <paramref name="host"/>: its buffer width, less the last column PowerShell leaves empty, the
    /// <paramref name="longestLabel"/> of the view's entry and " : ". A view's script block runs before the text is
    /// laid out and sees only the host, so this is the width Out-Default writes at; a narrower
    /// <c>Out-String -Width</c> cuts a line as it cuts any long value.
    /// </summary>
    public static string BrokenBetweenNames(string? joinedNames, PSHost? host, string longestLabel) =>
        BrokenBetweenNames(joinedNames, ConsoleWidth(host) - 1 - longestLabel.Length - " : ".Length);

    /// <summary>
    /// Names joined by <see cref="MisclassifiedImage.LabelSeparator"/>, broken into lines of at most
    /// <paramref name="width"/> characters between two names; the text without its line breaks is the text given.
    /// A name longer than the width has a line of its own (the view then cuts it).
    /// </summary>
    public static string BrokenBetweenNames(string? joinedNames, int width)
    {
        if (string.IsNullOrEmpty(joinedNames)) return joinedNames ?? string.Empty;
        var names = joinedNames!.Split(new[] { MisclassifiedImage.LabelSeparator }, StringSplitOptions.None);
        var text = new StringBuilder();
        int lineLength = 0;
        for (int i = 0; i < names.Length; i++)
        {
            // Every name but the last carries its separator, so that a line ends on a whole "name;".
            var piece = i < names.Length - 1 ? names[i] + MisclassifiedImage.LabelSeparator : names[i];
            if (lineLength > 0 && lineLength + piece.Length > width)
            {
                text.Append('\n');
                lineLength = 0;
            }
            text.Append(piece);
            lineLength += piece.Length;
        }
        return text.ToString();
    }

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
