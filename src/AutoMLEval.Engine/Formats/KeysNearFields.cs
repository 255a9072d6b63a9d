using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Whether a key of a record is near the name of one of its fields (<see cref="MisspeltFields.Intended"/>), as the
/// UTF-8 bytes of a plain JSON line (valid UTF-8, no escapes) or as a decoded name, each distinct key far from every
/// field judged once: a file's lines carry the same custom keys line after line ({"env": "prod", "camera": "a3"}), and
/// decoding each one and measuring its distance to every field on every line took about a third of such a file's read
/// (440 MB of garbage in 142 MiB). One table per parser (a block of lines, or a sequential read), so that it needs no
/// lock; a key near a field is not remembered, as it is reported on every line that holds it.
/// </summary>
internal sealed class KeysNearFields
{
    private readonly IReadOnlyList<string> _fields;
    private readonly Utf8Names _farKeys = new();
    private readonly HashSet<string> _farNames = new(StringComparer.Ordinal);

    public KeysNearFields(IReadOnlyList<string> fields) => _fields = fields;

    /// <summary>The fields keys are compared with.</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>The field the decoded key <paramref name="name"/> is near, or null.</summary>
    public string? Intended(string name)
    {
        if (_farNames.Contains(name)) return null;
        var intended = MisspeltFields.Intended(name, _fields);
        if (intended is null) _farNames.Add(name);
        return intended;
    }

    public bool IsNear(ReadOnlySpan<byte> key)
    {
        if (_farKeys.IndexOf(key) >= 0) return false;
        var text = Utf8Lines.Decode(key);
        if (MisspeltFields.Intended(text, _fields) is not null) return true;
        _farKeys.Add(text);
        return false;
    }
}
