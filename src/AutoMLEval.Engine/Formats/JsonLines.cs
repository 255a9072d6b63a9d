using System.Buffers;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Reads a JSON Lines file as raw UTF-8 lines with their 1-based line numbers, without decoding to strings:
/// the caller parses each line with a <see cref="System.Text.Json.Utf8JsonReader"/>. Memory is one buffer
/// that grows only to the longest line. Blank lines are skipped (but counted in line numbers); a UTF-8 BOM is skipped.
/// </summary>
public static class JsonLines
{
    /// <summary>Handles one line: its 1-based number and its bytes (without the newline).</summary>
    public delegate void LineHandler(long lineNumber, ReadOnlySpan<byte> line);

    /// <summary>Calls <paramref name="handle"/> for every non-blank line of <paramref name="stream"/>.</summary>
    public static void ForEachLine(Stream stream, LineHandler handle)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int filled = 0;
            long lineNumber = 0;
            bool first = true;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = stream.Read(buffer, filled, buffer.Length - filled);
                bool atEnd = read == 0;
                filled += read;
                int start = 0;
                if (first && filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) start = 3;
                if (first && (filled >= 3 || atEnd)) first = false;
                while (true)
                {
                    int newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start);
                    if (newline < 0) break;
                    lineNumber++;
                    EmitLine(buffer, start, newline - start, lineNumber, handle);
                    start = newline + 1;
                }
                if (atEnd)
                {
                    if (start < filled)
                    {
                        lineNumber++;
                        EmitLine(buffer, start, filled - start, lineNumber, handle);
                    }
                    return;
                }
                filled -= start;
                Buffer.BlockCopy(buffer, start, buffer, 0, filled);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void EmitLine(byte[] buffer, int start, int length, long lineNumber, LineHandler handle)
    {
        var line = new ReadOnlySpan<byte>(buffer, start, length);
        if (line.Length > 0 && line[line.Length - 1] == (byte)'\r') line = line.Slice(0, line.Length - 1);
        foreach (var b in line)
        {
            if (b != (byte)' ' && b != (byte)'\t')
            {
                handle(lineNumber, line);
                return;
            }
        }
    }
}
