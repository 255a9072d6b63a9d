namespace AutoMLEval.Engine.Diagnostics;

/// <summary>
/// A JSON key that is no field of its record but a few edits from one ("timeSegmentAnotations"). Readers pass unknown
/// keys by, as Vertex AI's records carry more than an evaluation reads; a misspelt optional field would then read as
/// an absent one (a video without annotations, a span from 0s), a valid record that says something else. So a key
/// near a field's name is a warning naming the field it was probably meant to be, and the record is read as it is.
/// </summary>
public static class MisspeltFields
{
    /// <summary>The issue code (the cmdlets' ErrorId) of a key near the name of a field.</summary>
    public const string Code = "MisspeltField";

    /// <summary>The field of <paramref name="fields"/> that <paramref name="key"/> was probably meant to be, or null when it is near none.</summary>
    public static string? Intended(string key, IReadOnlyList<string> fields) =>
        NearNames.Of(key, fields, count: 1) is { Count: 1 } near ? near[0] : null;

    /// <summary>
    /// The warning for <paramref name="key"/> at <paramref name="field"/> (its path in the record), near
    /// <paramref name="intended"/>: what reading the record without that field means is <paramref name="consequence"/>.
    /// </summary>
    public static DataIssue Warning(string source, long line, string field, string key, string intended, string consequence) =>
        new(Code, IssueSeverity.Warning, source, line, field,
            $"'{key}' is not a field of the record, so it is read without '{intended}': {consequence}.{NearNames.Sentence(new[] { intended })}");
}
