using System.Buffers;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Reads a JSON Lines file as raw UTF-8 lines with their 1-based line numbers, without decoding to strings:
/// the caller parses each line with a <see cref="System.Text.Json.Utf8JsonReader"/>. The file is cut into blocks
/// of whole lines, so that blocks can be parsed in parallel and memory stays bounded by the block size (a block
/// grows only to hold the longest line). Blank lines are skipped (but counted); a UTF-8 BOM is skipped.
/// </summary>
public static class JsonLines
{
    /// <summary>Handles one line: its 1-based number and its bytes (without the newline).</summary>
    public delegate void LineHandler(long lineNumber, ReadOnlySpan<byte> line);

    /// <summary>Calls <paramref name="handle"/> for every non-blank line of <paramref name="stream"/>.</summary>
    public static void ForEachLine(Stream stream, LineHandler handle)
    {
        foreach (var block in ReadBlocks(stream, 1 << 20))
        {
            try
            {
                ForEachLine(block.Bytes.AsSpan(0, block.Length), block.FirstLine, handle);
            }
            finally
            {
                block.Return();
            }
        }
    }

    /// <summary>Calls <paramref name="handle"/> for every non-blank line of one block of whole lines.</summary>
    public static void ForEachLine(ReadOnlySpan<byte> block, long firstLine, LineHandler handle)
    {
        long lineNumber = firstLine;
        while (block.Length > 0)
        {
            int newline = block.IndexOf((byte)'\n');
            var line = newline < 0 ? block : block.Slice(0, newline);
            if (line.Length > 0 && line[line.Length - 1] == (byte)'\r') line = line.Slice(0, line.Length - 1);
            if (!IsBlank(line)) handle(lineNumber, line);
            lineNumber++;
            block = newline < 0 ? ReadOnlySpan<byte>.Empty : block.Slice(newline + 1);
        }
    }

    /// <summary>
    /// Cuts <paramref name="stream"/> into blocks of whole lines of about <paramref name="blockBytes"/> bytes each.
    /// Each block's buffer is rented from the shared pool: give it back with <see cref="Block.Return"/>.
    /// </summary>
    public static IEnumerable<Block> ReadBlocks(Stream stream, int blockBytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(blockBytes);
        int filled = 0;
        long nextLine = 1;
        bool bomChecked = false;
        while (true)
        {
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            if (!bomChecked && (filled >= 3 || read == 0))
            {
                bomChecked = true;
                if (filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    filled -= 3;
                    Buffer.BlockCopy(buffer, 3, buffer, 0, filled);
                }
            }
            if (read == 0)
            {
                if (filled > 0) yield return new Block(buffer, filled, nextLine);
                else ArrayPool<byte>.Shared.Return(buffer);
                yield break;
            }
            if (filled < buffer.Length) continue;
            int end = Array.LastIndexOf(buffer, (byte)'\n', filled - 1, filled);
            if (end < 0)
            {
                // One line is longer than the block: grow the block to hold it.
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
                continue;
            }
            int rest = filled - end - 1;
            var next = ArrayPool<byte>.Shared.Rent(Math.Max(blockBytes, (2 * rest) + 1));
            Buffer.BlockCopy(buffer, end + 1, next, 0, rest);
            var block = new Block(buffer, end + 1, nextLine);
            nextLine += CountNewlines(buffer, end + 1);
            yield return block;
            buffer = next;
            filled = rest;
        }
    }

    private static long CountNewlines(byte[] buffer, int length)
    {
        long count = 0;
        var span = buffer.AsSpan(0, length);
        int at;
        while ((at = span.IndexOf((byte)'\n')) >= 0)
        {
            count++;
            span = span.Slice(at + 1);
        }
        return count;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b != (byte)' ' && b != (byte)'\t') return false;
        }
        return true;
    }

    /// <summary>Whole lines read from a file: <see cref="Bytes"/>[0 .. <see cref="Length"/>), the first being line <see cref="FirstLine"/>.</summary>
    public readonly struct Block
    {
        internal Block(byte[] bytes, int length, long firstLine)
        {
            Bytes = bytes;
            Length = length;
            FirstLine = firstLine;
        }

        /// <summary>The buffer (rented; longer than <see cref="Length"/>).</summary>
        public byte[] Bytes { get; }

        /// <summary>Bytes of whole lines in <see cref="Bytes"/>.</summary>
        public int Length { get; }

        /// <summary>The 1-based number of the block's first line.</summary>
        public long FirstLine { get; }

        /// <summary>Gives the buffer back to the pool; the block must not be used afterwards.</summary>
        public void Return() => ArrayPool<byte>.Shared.Return(Bytes);
    }
}
