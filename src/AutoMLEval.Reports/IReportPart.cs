using System.Text.Json;

namespace AutoMLEval.Reports;

/// <summary>One section of the page, for the table of contents.</summary>
/// <param name="Id">The element id (letters, digits and dashes; never from the data).</param>
/// <param name="Title">The heading.</param>
public sealed record ReportSection(string Id, string Title);

/// <summary>
/// What one task (classification, detection, video …) adds to a report: its sections' markup, its data and its
/// script. Parts know nothing of each other; <see cref="ReportPage"/> puts them together, so a new task adds a part
/// without touching the others.
/// </summary>
public interface IReportPart
{
    /// <summary>The key of the part's data in the embedded JSON and its script's entry (for example "classification").</summary>
    string Key { get; }

    /// <summary>The sections, in page order.</summary>
    IReadOnlyList<ReportSection> Sections { get; }

    /// <summary>
    /// Writes the sections' static markup (headings, empty containers the script fills). Every text from the data
    /// goes through <see cref="HtmlText.Escape"/>; most data reaches the page only through <see cref="WriteData"/>.
    /// </summary>
    void WriteBody(TextWriter html);

    /// <summary>Writes the part's data as one JSON value (the writer escapes it for the script element).</summary>
    void WriteData(Utf8JsonWriter json);

    /// <summary>The embedded script files of the part (resource names under <c>Reports/Assets</c>), run after the shared runtime.</summary>
    IReadOnlyList<string> Scripts { get; }
}
