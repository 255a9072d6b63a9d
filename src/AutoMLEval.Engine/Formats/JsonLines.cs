using System.Buffers;
using System.Globalization;
#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#endif
using System.Runtime.CompilerServices;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Reads a JSON Lines file as raw UTF-8 lines with their 1-based line numbers, without decoding to strings:
/// the caller parses each line with a <see cref="System.Text.Json.Utf8JsonReader"/>. The file is cut into blocks
/// of whole lines, so that blocks can be parsed in parallel and memory stays bounded by the block size (a block
/// grows only to hold the longest line). Lines end with LF, CRLF or a lone CR (as <see cref="TextReader.ReadLine"/>
/// reads them); blank lines are skipped (but counted); a UTF-8 BOM is skipped; a line longer than
/// <see cref="InputFile.MaxRecordLength"/> ends the read with an <see cref="InputFormatException"/>.
/// </summary>
public static class JsonLines
{
    // How much of a block one read fills: small enough that its bytes are still in the core's cache (L2) when their line
    // feeds are counted.
    private const int ReadBytes = 1 << 18;

    /// <summary>Handles one line: its 1-based number and its bytes (without the newline).</summary>
    public delegate void LineHandler(long lineNumber, ReadOnlySpan<byte> line);

    /// <summary>Calls <paramref name="handle"/> for every non-blank line of <paramref name="stream"/> (<paramref name="source"/> names it in errors).</summary>
    public static void ForEachLine(Stream stream, string source, LineHandler handle)
    {
        foreach (var block in ReadBlocks(stream, 1 << 20, source))
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
    // Optimised at once: called once a block, it never reaches the calls that recompile a method, and each call began
    // its block's lines in tier-0 code until on-stack replacement took over.
    [MethodImpl(JitHints.Optimized)]
    public static void ForEachLine(ReadOnlySpan<byte> block, long firstLine, LineHandler handle)
    {
        long lineNumber = firstLine;
        while (block.Length > 0)
        {
            int end = block.IndexOfAny((byte)'\n', (byte)'\r');
            var line = end < 0 ? block : block.Slice(0, end);
            if (!IsBlank(line)) handle(lineNumber, line);
            lineNumber++;
            if (end < 0) break;
            int next = end + 1;
            if (block[end] == (byte)'\r' && next < block.Length && block[next] == (byte)'\n') next++;
            block = block.Slice(next);
        }
    }

    /// <summary>
    /// Checks that nothing but white space follows the JSON value just read: a second value on the same line
    /// (two records on one line) would otherwise be dropped without a word.
    /// </summary>
    /// <exception cref="JsonException">More text follows the value.</exception>
    public static void EndOfRecord(ref Utf8JsonReader reader)
    {
        var end = reader.BytesConsumed;
        bool more;
        try
        {
            more = reader.Read();
        }
        catch (JsonException)
        {
            more = true;
        }
        if (more) throw new JsonException($"more text follows the record after byte {end}: write one JSON record per line");
    }

    /// <summary>
    /// Cuts <paramref name="stream"/> into blocks of whole lines of about <paramref name="blockBytes"/> bytes each, as
    /// UTF-8 (UTF-16 or UTF-32 with a byte order mark is decoded, <see cref="Utf8Input"/>).
    /// Each block's buffer is rented from the shared pool: give it back with <see cref="Block.Return"/>.
    /// </summary>
    /// <exception cref="InputFormatException">
    /// A line is longer than <see cref="InputFile.MaxRecordLength"/>; the first block holds a NUL byte (no JSON text
    /// does: a binary file given by mistake would otherwise be an error for each of its "lines"), or opens one JSON
    /// document (<see cref="DocumentStart"/>).
    /// </exception>
    public static IEnumerable<Block> ReadBlocks(Stream stream, int blockBytes, string source)
    {
        // UTF-16 or UTF-32 with its byte order mark (what Windows PowerShell 5.1's > and Out-File write) is read as the same text.
        stream = Utf8Input.Of(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(blockBytes);
        int filled = 0;
        long nextLine = 1;
        bool bomChecked = false;
        // The line feeds of buffer[0 .. filled), counted as each read lands, while its bytes are still in the core's
        // cache (counted once the block was full, they were read back from memory: 1.3% of row 1's CPU samples, 0.7%
        // now); null once a CR is read: the block's line ends are then counted as CRs ask (CountLineEnds) when it is cut.
        long? lineFeeds = 0;
        while (true)
        {
            int read = stream.Read(buffer, filled, Math.Min(buffer.Length - filled, ReadBytes));
            lineFeeds += LineFeedsWithoutCr(buffer.AsSpan(filled, read));
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
                if (filled > 0) yield return Checked(new Block(buffer, filled, nextLine, lineFeeds ?? CountLineEnds(buffer, filled)), source);
                else ArrayPool<byte>.Shared.Return(buffer);
                yield break;
            }
            if (filled < buffer.Length) continue;
            int end = LastLineEnd(buffer.AsSpan(0, filled));
            if (end < 0)
            {
                if (buffer.Length >= InputFile.MaxRecordLength)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw new InputFormatException("RecordTooLong", source, nextLine + CountLineEnds(buffer, filled), string.Empty,
                        $"the line is longer than {InputFile.MaxRecordLength} bytes; this is not a JSON Lines file");
                }
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
            // Without a CR the rest holds no line feed (the block ends at the last one), so the block has them all.
            var block = Checked(new Block(buffer, end + 1, nextLine, lineFeeds ?? CountLineEnds(buffer, end + 1)), source);
            nextLine += block.LineEnds;
            lineFeeds = LineFeedsWithoutCr(next.AsSpan(0, rest));
            yield return block;
            buffer = next;
            filled = rest;
        }
    }

    // The first block of a file, checked for a NUL byte and for the start of one JSON document; any later block as it is.
    private static Block Checked(Block block, string source)
    {
        if (block.FirstLine != 1) return block;
        if (FirstNulLine(block.Bytes, block.Length, 1) is long binary)
        {
            block.Return();
            throw new InputFormatException("InvalidJson", source, binary, string.Empty, InputFile.NotText("JSON Lines are UTF-8 text, one JSON value per line"));
        }
        if (DocumentStart(block.Bytes.AsSpan(0, block.Length), 1) is long document)
        {
            block.Return();
            throw new InputFormatException("InvalidJson", source, document, string.Empty,
                "the file is one JSON document (an array, or an object over several lines: a COCO file?), not JSON Lines, which hold one JSON object per line; COCO detection results are evaluated against a COCO ground truth (--task detection, -Task Detection)");
        }
        return block;
    }

    // The index of the last byte of the last line ending that is certain: a CR as the last byte may be the first half of a CRLF.
    private static int LastLineEnd(ReadOnlySpan<byte> filled)
    {
        int end = filled.LastIndexOfAny((byte)'\n', (byte)'\r');
        if (end == filled.Length - 1 && filled[end] == (byte)'\r') end = filled.Slice(0, end).LastIndexOfAny((byte)'\n', (byte)'\r');
        return end;
    }

    /// <summary>
    /// Why a JSON parse failed, for a message: System.Text.Json's reason led by the byte of the line it failed at,
    /// counted from 1 ("byte 2: 'b' is an invalid start of a property name. ..."), without its own
    /// " LineNumber: 0 | BytePositionInLine: 1." (a line of the text it was given, 0 on every line of a JSON Lines file,
    /// beside the file's line in the same message). A quoted piece of the input longer than
    /// <see cref="MaxQuotedInput"/> characters is cut (System.Text.Json quotes a bad literal whole: a CSV file given as
    /// JSON would be quoted to its last line), and a text with no JSON at all says so plainly.
    /// </summary>
    /// <param name="e">The exception.</param>
    /// <param name="bytesUncounted">Bytes of the line before the failure that the reader's count lacks (taken without it).</param>
    public static string FailureReason(Exception e, long bytesUncounted = 0)
    {
        if (e is not JsonException { BytePositionInLine: long counted }) return e.Message;
        long position = counted + bytesUncounted;
        int cut = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = cut < 0 ? e.Message : e.Message.Substring(0, cut);
        reason = reason.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal)
            ? "there is no JSON value at all (the text is empty or blank)"
            : ShortenQuoted(reason);
        return $"byte {(position + 1).ToString(CultureInfo.InvariantCulture)}: {reason}";
    }

    /// <summary>
    /// The 1-based line where a block that begins a file opens one JSON document rather than JSON lines: its first
    /// non-blank line starts a JSON array ("[", as a COCO results list does) or is a lone "{" (a pretty-printed
    /// object, as a COCO ground truth is); null when the first line may be a record. Such a file read line by line
    /// would give an error for nearly every line, none of them saying what is wrong.
    /// </summary>
    public static long? DocumentStart(ReadOnlySpan<byte> block, long firstLine)
    {
        long line = firstLine;
        int at = 0;
        while (at < block.Length)
        {
            byte b = block[at];
            if (b == (byte)'\n' || (b == (byte)'\r' && (at + 1 == block.Length || block[at + 1] != (byte)'\n'))) line++;
            if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\n' && b != (byte)'\r') break;
            at++;
        }
        if (at == block.Length) return null;
        if (block[at] == (byte)'[') return line;
        if (block[at] != (byte)'{') return null;
        for (int next = at + 1; next < block.Length; next++)
        {
            byte b = block[next];
            if (b == (byte)'\n' || b == (byte)'\r') return line;
            if (b != (byte)' ' && b != (byte)'\t') return null;
        }
        return null;
    }

    /// <summary>
    /// The first record of a file that reads as JSON Lines: the 1-based line and property names of its first non-blank
    /// line when that line alone is one complete JSON object; null otherwise (a JSON array, a pretty-printed object,
    /// not JSON, or a first line longer than <see cref="FirstRecordProbeChars"/>). Reads only that far.
    /// </summary>
    public static (long Line, IReadOnlyList<string> Properties)? FirstRecordProperties(string path)
    {
        using var reader = InputFile.TextReader(InputFile.OpenToLook(path));
        var buffer = new char[FirstRecordProbeChars];
        int filled = 0, read;
        while (filled < buffer.Length && (read = reader.Read(buffer, filled, buffer.Length - filled)) > 0) filled += read;
        var text = new string(buffer, 0, filled);
        int start = 0;
        long line = 1;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            if (text[start] == '\n' || (text[start] == '\r' && (start + 1 == text.Length || text[start + 1] != '\n'))) line++;
            start++;
        }
        if (start == text.Length || text[start] != '{') return null;
        int end = text.IndexOfAny(LineBreaks, start);
        try
        {
            using var document = JsonDocument.Parse(end < 0 ? text.Substring(start) : text.Substring(start, end - start));
            return (line, document.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>How much of a file <see cref="FirstRecordProperties"/> reads: 64 Ki characters.</summary>
    public const int FirstRecordProbeChars = 1 << 16;

    /// <summary>The 1-based line of the first NUL byte in buffer[0 .. length), or null when it has none.</summary>
    public static long? FirstNulLine(byte[] buffer, int length, long firstLine)
    {
        int at = buffer.AsSpan(0, length).IndexOf((byte)0);
        return at < 0 ? null : firstLine + CountLineEnds(buffer, at);
    }

    /// <summary>The most characters of the input a failure message quotes.</summary>
    public const int MaxQuotedInput = 40;

    private static readonly char[] LineBreaks = { '\n', '\r' };

    // Cuts each '...' piece of the message longer than MaxQuotedInput (or holding a line break) to its start and "…".
    private static string ShortenQuoted(string reason)
    {
        var shortened = new System.Text.StringBuilder(Math.Min(reason.Length, 512));
        int at = 0;
        while (at < reason.Length)
        {
            int open = reason.IndexOf('\'', at);
            int close = open < 0 ? -1 : reason.IndexOf('\'', open + 1);
            if (close < 0)
            {
                shortened.Append(reason, at, reason.Length - at);
                break;
            }
            int length = close - open - 1;
            int lineBreak = reason.IndexOfAny(LineBreaks, open + 1, length);
            int keep = Math.Min(lineBreak < 0 ? length : lineBreak - open - 1, MaxQuotedInput);
            shortened.Append(reason, at, open + 1 - at).Append(reason, open + 1, keep);
            if (keep < length) shortened.Append('…');
            shortened.Append('\'');
            at = close + 1;
        }
        return shortened.ToString();
    }

    /// <summary>Line endings in buffer[0 .. length): every LF, and every CR not followed by an LF.</summary>
    internal static long CountLineEnds(byte[] buffer, int length) => CountLineEnds(buffer.AsSpan(0, length));

    /// <summary>Line endings in <paramref name="span"/>: every LF, and every CR not followed by an LF.</summary>
    // Optimised at once: called once a block (of a file with CRs) or a chunk of a COCO file, too few calls to be recompiled.
    [MethodImpl(JitHints.Optimized)]
    internal static long CountLineEnds(ReadOnlySpan<byte> span)
    {
        // Without a CR (most files) the line feeds are counted in one vectorised pass: a search per line end was 2% of a
        // Vertex import read.
        if (LineFeedsWithoutCr(span) is long lineFeeds) return lineFeeds;
        long count = 0;
        int at;
        while ((at = span.IndexOfAny((byte)'\n', (byte)'\r')) >= 0)
        {
            count++;
            if (span[at] == (byte)'\r' && at + 1 < span.Length && span[at + 1] == (byte)'\n') at++;
            span = span.Slice(at + 1);
        }
        return count;
    }

#if NET8_0_OR_GREATER
    /// <summary>
    /// The line feeds of <paramref name="text"/>, or null when it holds a CR. One pass, 32 bytes at a time, counts the
    /// one and watches for the other: a search for a CR and then a count of the line feeds read each block twice, 2.0-2.5%
    /// of row 1's CPU samples on the reading thread (in the framework's precompiled code, which a call a block never
    /// recompiles).
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    private static long? LineFeedsWithoutCr(ReadOnlySpan<byte> text)
    {
        long count = 0;
        int at = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref byte start = ref MemoryMarshal.GetReference(text);
            var lineFeed = Vector256.Create((byte)'\n');
            var carriageReturn = Vector256.Create((byte)'\r');
            var crs = Vector256<byte>.Zero;
            for (; at <= text.Length - Vector256<byte>.Count; at += Vector256<byte>.Count)
            {
                var bytes = Vector256.LoadUnsafe(ref start, (nuint)at);
                count += BitOperations.PopCount(Vector256.Equals(bytes, lineFeed).ExtractMostSignificantBits());
                crs |= Vector256.Equals(bytes, carriageReturn);
            }
            if (crs != Vector256<byte>.Zero) return null;
        }
        var rest = text.Slice(at);
        return rest.IndexOf((byte)'\r') < 0 ? count + rest.Count((byte)'\n') : null;
    }
#else
    // netstandard2.0 counts a block's line ends once, when it is cut (CountLineEnds).
    private static long? LineFeedsWithoutCr(ReadOnlySpan<byte> text) => null;
#endif

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
        internal Block(byte[] bytes, int length, long firstLine, long lineEnds)
        {
            Bytes = bytes;
            Length = length;
            FirstLine = firstLine;
            LineEnds = lineEnds;
        }

        /// <summary>The buffer (rented; longer than <see cref="Length"/>).</summary>
        public byte[] Bytes { get; }

        /// <summary>Bytes of whole lines in <see cref="Bytes"/>.</summary>
        public int Length { get; }

        /// <summary>The 1-based number of the block's first line.</summary>
        public long FirstLine { get; }

        /// <summary>The line endings in the block (<see cref="CountLineEnds(ReadOnlySpan{byte})"/>): its lines, less one where the last has none.</summary>
        public long LineEnds { get; }

        /// <summary>Gives the buffer back to the pool; the block must not be used afterwards.</summary>
        public void Return() => ArrayPool<byte>.Shared.Return(Bytes);
    }
}
