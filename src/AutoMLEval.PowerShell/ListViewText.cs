using System.Text;

namespace AutoMLEval.PowerShell;

/// <summary>
/// Text for the module's list views (AutoMLEval.Format.ps1xml). A list view cuts a long value at the column's width,
/// mid-word ("talk / ing"); it keeps line breaks that the value holds, so a joined list is given its breaks here.
/// Public because the views' script blocks call it; no output type holds it.
/// </summary>
public static class ListViewText
{
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
}
