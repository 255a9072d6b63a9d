using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Whether a key of a plain JSON line (valid UTF-8, no escapes) is near the name of one of a record's fields
/// (<see cref="MisspeltFields.Intended"/>), each distinct key far from every field judged once: a file's lines carry
/// the same custom keys line after line ({"env": "prod", "camera": "a3"}), and decoding each one and measuring its
/// distance to every field on every line took about a third of such a file's read (440 MB of garbage in 142 MiB).
/// One table per parser (a block of lines), so that it needs no lock; a key near a field is not remembered, as its
/// line goes to the reader that notes it.
/// </summary>
internal sealed class KeysNearFields
{
    private readonly IReadOnlyList<string> _fields;
    private readonly Utf8Names _farKeys = new();

    public KeysNearFields(IReadOnlyList<string> fields) => _fields = fields;

    public bool IsNear(ReadOnlySpan<byte> key)
    {
        if (_farKeys.IndexOf(key) >= 0) return false;
        var text = Utf8Lines.Decode(key);
        if (MisspeltFields.Intended(text, _fields) is not null) return true;
        _farKeys.Add(text);
        return false;
    }
}
