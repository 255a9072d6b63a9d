using System.Text.Json;

namespace AutoMLEval.Engine.Detection;

/// <summary>
/// Tells the lines of chosen records of a COCO file by reading the file again. Only a message about records found
/// after the read (an unknown image or category, a repeated id) asks, so that the read counts no line per record.
/// A stream that cannot seek back cannot be read again: its records have line 0 (the message still names the index).
/// </summary>
internal sealed class CocoRecordLines
{
    private readonly Func<ChunkedJsonReader>? _reopen;

    private CocoRecordLines(Func<ChunkedJsonReader>? reopen) => _reopen = reopen;

    public static CocoRecordLines OfFile(string path, CancellationToken cancellationToken = default) =>
        new(() => ChunkedJsonReader.Open(path, progress: null, cancellationToken));

    /// <summary>The document of <paramref name="stream"/> from its current position, read as its first read reads it.</summary>
    public static CocoRecordLines OfStream(Stream stream, string source, int bufferSize)
    {
        if (!stream.CanSeek) return new CocoRecordLines(null);
        long start = stream.Position;
        return new CocoRecordLines(() =>
        {
            stream.Position = start;
            // The caller's stream: read again by every look-up, closed by its owner.
            return new ChunkedJsonReader(stream, source, bufferSize, leaveOpen: true);
        });
    }

    /// <summary>
    /// The 1-based lines of <paramref name="records"/> (indices into the array <paramref name="member"/> of the top-level
    /// object, or into the top-level array when it is null), by record; a record not found is left out.
    /// </summary>
    public IReadOnlyDictionary<int, long> Find(string? member, IEnumerable<int> records)
    {
        var lines = new Dictionary<int, long>();
        var wanted = new HashSet<int>(records);
        if (_reopen is null || wanted.Count == 0) return lines;
        using var json = _reopen();
        if (member is not null && !MoveToMember(json, member)) return lines;
        int record = 0;
        try
        {
            json.ReadArray(member ?? string.Empty, (ref Utf8JsonReader reader) =>
            {
                long start = reader.TokenStartIndex;
                // The element is whole in the window (ChunkedJsonReader checked, or reads it as final): TrySkip skips it.
                reader.TrySkip();
                // A parse tried in place and done again (ChunkedJsonReader.Tentative) sets the same line twice: the record moves on only once.
                if (wanted.Contains(record)) lines[record] = json.LineAt(start);
                if (lines.Count == wanted.Count) throw new AllFound();
                record++;
            });
        }
        catch (AllFound)
        {
            // The rest of the file is not read.
        }
        return lines;
    }

    private static bool MoveToMember(ChunkedJsonReader json, string member)
    {
        if (!json.Read() || json.TokenType != JsonTokenType.StartObject) return false;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            if (string.Equals(json.Text, member, StringComparison.Ordinal)) return true;
            json.SkipValue();
        }
        return false;
    }

    private sealed class AllFound : Exception
    {
    }
}
