using System.Text.Json;

namespace AutoMLEval.Engine.Diagnostics;

/// <summary>
/// A JSON key that is no field of its record but a few edits from one ("timeSegmentAnotations"). Readers pass unknown
/// keys by, as Vertex AI's records carry more than an evaluation reads; a misspelt optional field would then read as
/// an absent one (a video without annotations, a span from 0s), a valid record that says something else. So a key
/// near a field's name is a warning naming the field it was probably meant to be, and the record is read as it is:
/// without the field, or, where the field is there as well, with it and the key ignored.
/// </summary>
public static class MisspeltFields
{
    /// <summary>The issue code (the cmdlets' ErrorId) of a key near the name of a field.</summary>
    public const string Code = "MisspeltField";

    /// <summary>
    /// The field of <paramref name="fields"/> that <paramref name="key"/> was probably meant to be, or null when it is near
    /// none. A namespaced field ("aiplatform.googleapis.com/ml_use") is near only where the key's last segment is near the
    /// field's: a few edits of the whole would take a user's own label of that namespace ("…/source") for the split key.
    /// </summary>
    public static string? Intended(string key, IReadOnlyList<string> fields) =>
        NearNames.Of(key, fields, count: 1) is { Count: 1 } near && NearNames.Of(LastSegment(key), new[] { LastSegment(near[0]) }, count: 1).Count == 1
            ? near[0]
            : null;

    private static string LastSegment(string name) => name.Substring(name.LastIndexOf('/') + 1);

    /// <summary>
    /// The warning for <paramref name="key"/>: when its object lacks the field it is near, what reading the record
    /// without that field means is <paramref name="consequence"/>; when the object has the field too, the field was
    /// read and the key is only ignored, which the warning says instead.
    /// </summary>
    public static DataIssue Warning(string source, long line, MisspeltKey key, string consequence) =>
        new(Code, IssueSeverity.Warning, source, line, key.Field, key.BesideIntended
            ? $"'{key.Key}' is not a field of the record and is ignored; '{key.Intended}', which it is near, is there as well and is read."
            : $"'{key.Key}' is not a field of the record, so it is read without '{key.Intended}': {consequence}.{NearNames.Sentence(new[] { key.Intended })}");

    /// <summary>
    /// Whether the JSON object at the start of <paramref name="json"/> has a member named <paramref name="name"/>.
    /// Read again only for an object that holds a key near a field's name, to tell whether the field is there too.
    /// </summary>
    internal static bool HasMember(ReadOnlySpan<byte> json, string name)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name)) return true;
            reader.Read();
            reader.Skip();
        }
        return false;
    }
}

/// <summary>
/// A key near a field's name: its path in the record (<paramref name="Field"/>), the key, and the field it was probably
/// meant to be (<paramref name="Intended"/>).
/// </summary>
public readonly record struct MisspeltKey(string Field, string Key, string Intended)
{
    /// <summary>Whether the object holding the key has the intended field as well (read; the key is then only ignored).</summary>
    public bool BesideIntended { get; init; }
}

/// <summary>
/// The keys near a field's name that one parser meets in a line of JSON, each with where its object starts, so that
/// once the line is read each is known to stand beside its field or in its place (the field may follow the key).
/// Only keys no reader knows are looked at: a line without them costs nothing.
/// </summary>
internal sealed class MisspeltKeyNotes
{
    private List<(MisspeltKey Key, int ObjectStart)>? _notes;

    /// <summary>
    /// Notes the key <paramref name="reader"/> is on when it is near one of <paramref name="fields"/>; its object starts
    /// at <paramref name="objectStart"/> in the line, and its path is <paramref name="parent"/> + key, or
    /// parent[<paramref name="index"/>].key for an entry of a list. A key holding an escaped lone surrogate cannot
    /// become a .NET string: it is near no field's name.
    /// </summary>
    public void NoteIfNear(ref Utf8JsonReader reader, IReadOnlyList<string> fields, long objectStart, string parent, int index = -1)
    {
        string? key;
        try
        {
            key = reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return;
        }
        if (key is null || MisspeltFields.Intended(key, fields) is not { } intended) return;
        var field = index < 0 ? parent + key : $"{parent}[{index}].{key}";
        (_notes ??= new()).Add((new MisspeltKey(field, key, intended), checked((int)objectStart)));
    }

    /// <summary>Forgets the keys noted so far: a parser starts each line so, as a line that is not valid JSON leaves its notes behind.</summary>
    public void Clear() => _notes = null;

    /// <summary>The keys noted in <paramref name="line"/>, each known beside its field or not; none are noted from then on.</summary>
    public IReadOnlyList<MisspeltKey> Take(ReadOnlySpan<byte> line)
    {
        if (_notes is null) return Array.Empty<MisspeltKey>();
        var keys = new MisspeltKey[_notes.Count];
        for (int k = 0; k < keys.Length; k++)
        {
            var (key, objectStart) = _notes[k];
            keys[k] = key with { BesideIntended = MisspeltFields.HasMember(line.Slice(objectStart), key.Intended) };
        }
        _notes = null;
        return keys;
    }
}
