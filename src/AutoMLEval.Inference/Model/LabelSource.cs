using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Inference.Model;

/// <summary>Where class names come from: a labels file, the model's <c>labels</c> metadata, or the indices.</summary>
public static class LabelSource
{
    /// <summary>The model metadata key holding class names.</summary>
    public const string MetadataKey = "labels";

    /// <summary>
    /// Reads a labels file: one name per line, in output order; blank lines at the end are ignored. A blank line before
    /// them or a name given twice is refused (<see cref="InputFormatException"/>, its line named): the predictions would
    /// name a class "" or score one label twice, and every record of them be rejected later.
    /// </summary>
    /// <exception cref="InputFormatException">Also: the path is a folder (NotAFile) or cannot be opened.</exception>
    public static IReadOnlyList<string> ReadFile(string path)
    {
        var lines = new List<string>();
        using (var reader = InputFile.TextReader(InputFile.OpenFile(path)))
        {
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine()) lines.Add(line.Trim());
        }
        while (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length == 0) throw new InputFormatException("InvalidLabels", path, i + 1, string.Empty, "the line is blank: each line names the class of one model output, in order");
            if (firstLine.TryGetValue(lines[i], out var first)) throw new InputFormatException("InvalidLabels", path, i + 1, string.Empty, $"the label '{lines[i]}' is on line {first} too: each class needs a name of its own");
            firstLine.Add(lines[i], i + 1);
        }
        return lines;
    }

    /// <summary>
    /// Parses the <c>labels</c> metadata value: a JSON array of strings, or names separated by newlines or commas.
    /// </summary>
    public static IReadOnlyList<string> ParseMetadata(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > 0 && trimmed[0] == '[')
        {
            return JsonSerializer.Deserialize<string[]>(trimmed) ?? Array.Empty<string>();
        }
        var lines = trimmed.Split('\n');
        return (lines.Length > 1 ? lines : trimmed.Split(',')).Select(l => l.Trim()).ToArray();
    }

    /// <summary>Chooses the labels for an output with <paramref name="count"/> classes; <paramref name="givenPath"/> is the file the given labels were read from (null: none).</summary>
    /// <exception cref="InvalidOperationException">Given or stored labels do not match the output's class count.</exception>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string>? given, string? givenPath, IReadOnlyDictionary<string, string> metadata, int count)
    {
        var labels = given;
        var origin = givenPath is null ? "The labels given name" : $"The labels file '{givenPath}' names";
        if (labels is null && metadata.TryGetValue(MetadataKey, out var stored))
        {
            labels = ParseMetadata(stored);
            origin = "The model's 'labels' metadata names";
        }
        if (labels is null) return Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (labels.Count != count)
        {
            throw new InvalidOperationException($"{origin} {labels.Count} classes, but the model outputs {count} scores per image.");
        }
        return labels;
    }
}
