using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AutoMLEval.Reports;

/// <summary>Escaping for text that goes into the report's HTML: every string that comes from the data passes through here.</summary>
public static class HtmlText
{
    /// <summary>
    /// The JSON options of the embedded data: the default encoder writes <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, quotes and
    /// every non-ASCII character as <c>\uXXXX</c>, so no string can close the <c>&lt;script&gt;</c> element it sits in.
    /// </summary>
    public static JsonWriterOptions ScriptSafeJson { get; } = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>Escapes text for an HTML element's content or a quoted attribute value (&amp; &lt; &gt; " ').</summary>
    public static string Escape(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        StringBuilder? escaped = null;
        for (int i = 0; i < text.Length; i++)
        {
            var replacement = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            if (replacement is null)
            {
                escaped?.Append(text[i]);
                continue;
            }
            escaped ??= new StringBuilder(text, 0, i, text.Length + 16);
            escaped.Append(replacement);
        }
        return escaped?.ToString() ?? text;
    }
}
