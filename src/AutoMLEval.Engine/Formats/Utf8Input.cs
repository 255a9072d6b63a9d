using System.Text;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Turns a text input into UTF-8 bytes for the byte-level readers: a UTF-16 or UTF-32 file (its byte order mark says
/// so; Windows PowerShell's <c>&gt;</c> writes UTF-16) is decoded and written out again as UTF-8, as
/// <see cref="InputFile.TextReader"/> would read it; anything else passes through untouched.
/// </summary>
internal static class Utf8Input
{
    /// <summary>The bytes of <paramref name="stream"/> as UTF-8 (a UTF-8 byte order mark, if any, is kept for the reader to skip).</summary>
    public static Stream Of(Stream stream)
    {
        var head = new byte[4];
        int got = 0, n;
        while (got < head.Length && (n = stream.Read(head, got, head.Length - got)) > 0) got += n;
        var whole = new PrefixedStream(head, got, stream);
        bool wide = (got >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
            || (got == 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF);
        return wide ? new ReEncodedStream(InputFile.TextReader(whole)) : whole;
    }

    /// <summary>The bytes already read from the inner stream, then the rest of it.</summary>
    private sealed class PrefixedStream : ReadOnlyStream
    {
        private readonly byte[] _prefix;
        private readonly int _prefixLength;
        private readonly Stream _inner;
        private int _at;

        public PrefixedStream(byte[] prefix, int prefixLength, Stream inner)
        {
            _prefix = prefix;
            _prefixLength = prefixLength;
            _inner = inner;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_at == _prefixLength) return _inner.Read(buffer, offset, count);
            int n = Math.Min(count, _prefixLength - _at);
            Buffer.BlockCopy(_prefix, _at, buffer, offset, n);
            _at += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Decoded text encoded again as UTF-8 (a lone surrogate becomes U+FFFD, as the decoder makes of bad bytes).</summary>
    private sealed class ReEncodedStream : ReadOnlyStream
    {
        private readonly TextReader _reader;
        private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
        private readonly char[] _chars = new char[1 << 14];
        private readonly byte[] _bytes = new byte[(1 << 14) * 3 + 3];
        private int _at;
        private int _filled;
        private bool _ended;

        public ReEncodedStream(TextReader reader) => _reader = reader;

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_at == _filled && !_ended)
            {
                int chars = _reader.Read(_chars, 0, _chars.Length);
                _ended = chars == 0;
                _filled = _encoder.GetBytes(_chars, 0, chars, _bytes, 0, flush: _ended);
                _at = 0;
            }
            int n = Math.Min(count, _filled - _at);
            Buffer.BlockCopy(_bytes, _at, buffer, offset, n);
            _at += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _reader.Dispose();
            base.Dispose(disposing);
        }
    }
}
