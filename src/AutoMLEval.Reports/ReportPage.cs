using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AutoMLEval.Reports;

/// <summary>
/// Puts report parts together into one self-contained HTML document: styles, the chart library, the data (as JSON in a
/// non-executed script element) and the scripts are all inline, and a Content-Security-Policy allows exactly those
/// inline scripts and styles (by SHA-256 hash) and <c>data:</c> images, nothing else: no network, no frames, no forms.
/// </summary>
public static class ReportPage
{
    private const string ResourcePrefix = "AutoMLEval.Reports.";

    /// <summary>The shared styles and scripts every page carries, in order (the chart library first).</summary>
    private static readonly string[] SharedStyles = { "uPlot.min.css", "report.css" };
    private static readonly string[] SharedScripts = { "uPlot.iife.min.js", "report.js" };

    /// <summary>The id of the script element holding the data.</summary>
    public const string DataElementId = "report-data";

    /// <summary>Writes the document.</summary>
    /// <param name="output">Where the HTML goes.</param>
    /// <param name="title">The page title (escaped here).</param>
    /// <param name="subtitle">One line under the title (escaped here).</param>
    /// <param name="parts">The task parts, in page order.</param>
    public static void Write(TextWriter output, string title, string subtitle, IReadOnlyList<IReportPart> parts)
    {
        var styles = string.Join("\n", SharedStyles.Select(Asset));
        var scripts = SharedScripts.Concat(parts.SelectMany(p => p.Scripts)).Select(Asset).ToArray();
        var policy = "default-src 'none'; img-src data:; "
            + $"style-src '{Hash(styles)}'; "
            + $"script-src {string.Join(" ", scripts.Select(s => $"'{Hash(s)}'"))}; "
            + "base-uri 'none'; form-action 'none'";

        output.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        output.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"{HtmlText.Escape(policy)}\">\n");
        output.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        output.Write($"<title>{HtmlText.Escape(title)}</title>\n<style>{styles}</style>\n</head>\n<body>\n");
        output.Write($"<header class=\"page-header\"><h1>{HtmlText.Escape(title)}</h1><p class=\"subtitle\">{HtmlText.Escape(subtitle)}</p></header>\n");
        output.Write("<nav class=\"toc\" aria-label=\"Sections\"><ul>");
        foreach (var section in parts.SelectMany(p => p.Sections))
        {
            output.Write($"<li><a href=\"#{HtmlText.Escape(section.Id)}\">{HtmlText.Escape(section.Title)}</a></li>");
        }
        output.Write("</ul></nav>\n<main>\n");
        foreach (var part in parts) part.WriteBody(output);
        output.Write("</main>\n");
        output.Write($"<script type=\"application/json\" id=\"{DataElementId}\">");
        output.Write(DataJson(parts));
        output.Write("</script>\n");
        foreach (var script in scripts) output.Write($"<script>{script}</script>\n");
        output.Write("</body>\n</html>\n");
    }

    /// <summary>The embedded data: one member per part, written with the script-safe encoder (no raw &lt;, &gt; or &amp;).</summary>
    internal static string DataJson(IReadOnlyList<IReportPart> parts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, HtmlText.ScriptSafeJson))
        {
            json.WriteStartObject();
            foreach (var part in parts)
            {
                json.WritePropertyName(part.Key);
                part.WriteData(json);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The text of an embedded asset (a script or style under Assets, or the chart library).</summary>
    internal static string Asset(string name)
    {
        using var stream = typeof(ReportPage).GetTypeInfo().Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The report asset '{name}' is not embedded in AutoMLEval.Reports; rebuild it (the chart library is in src/AutoMLEval.Reports/Assets/uplot).");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // A "</script" or "</style" inside an asset would end its element early.
        var text = reader.ReadToEnd();
        if (text.IndexOf("</script", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("</style", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            throw new InvalidOperationException($"The report asset '{name}' contains a closing script or style tag and cannot be inlined.");
        }
        return text;
    }

    private static string Hash(string inline)
    {
        using var sha = SHA256.Create();
        return "sha256-" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(inline)));
    }
}
