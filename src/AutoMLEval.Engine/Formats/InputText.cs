namespace AutoMLEval.Engine.Formats;

/// <summary>Rules every reader applies to the text of labels and item paths, whatever the file's form.</summary>
public static class InputText
{
    /// <summary>
    /// The text without surrounding white space: <c>" cat "</c> is the label <c>cat</c> in a CSV field (quoted or not)
    /// and in a JSON string alike. Text without such space is returned as it is, with no copy.
    /// </summary>
    public static string Trimmed(string text) => text.Trim();
}
