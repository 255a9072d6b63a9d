using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Names (labels, display names) looked up by their UTF-8 bytes, so that a JSON reader finds a name it has seen
/// before without decoding it into a new string: a file names the same few labels millions of times. Lookups may run
/// on several threads once nothing is added any more; adding is for one thread. A name added by its bytes alone
/// (<see cref="IndexOfOrAdd(in Utf8Name)"/>) is decoded when first asked for, on any thread.
/// </summary>
internal sealed class Utf8Names
{
    private int[] _buckets = new int[16];
    private Entry[] _entries = new Entry[8];

    public Utf8Names()
    {
    }

    /// <summary>A table of <paramref name="names"/> (distinct), each at its position.</summary>
    public Utf8Names(IEnumerable<string> names)
    {
        foreach (var name in names) Add(name);
    }

    public int Count { get; private set; }

    /// <summary>The name at <paramref name="index"/>.</summary>
    public string this[int index]
    {
        get
        {
            // Two threads may decode the same name: each writes an equal string.
            ref var entry = ref _entries[index];
            return entry.Name ??= entry.Utf8.ToString();
        }
    }

    /// <summary>The index of the name whose UTF-8 form is <paramref name="utf8"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> utf8) => IndexOf(utf8, Hash(utf8));

    private int IndexOf(ReadOnlySpan<byte> utf8, int hash)
    {
        for (int at = _buckets[hash & (_buckets.Length - 1)] - 1; at >= 0; at = _entries[at].Next)
        {
            if (_entries[at].Utf8.Hash == hash && utf8.SequenceEqual(_entries[at].Utf8.Span)) return at;
        }
        return -1;
    }

    /// <summary>
    /// The index of the string the reader is on, or -1 with the string in <paramref name="decoded"/>. A string with
    /// escapes is decoded first (<see cref="Utf8JsonReader.GetString"/>: it throws for a lone escaped surrogate); the
    /// bytes of one without are its UTF-8 form only in text already checked as valid UTF-8, which the callers' lines are.
    /// </summary>
    public int IndexOf(ref Utf8JsonReader reader, out string? decoded)
    {
        decoded = null;
        if (!reader.ValueIsEscaped)
        {
            int index = IndexOf(reader.ValueSpan);
            if (index < 0) decoded = reader.GetString();
            return index;
        }
        decoded = reader.GetString()!;
        int found = IndexOf(Encoding.UTF8.GetBytes(decoded));
        if (found >= 0) decoded = null;
        return found;
    }

    /// <summary>The index of the name whose UTF-8 form is <paramref name="utf8"/> (valid UTF-8), added unless the table holds it.</summary>
    public int IndexOfOrAdd(ReadOnlySpan<byte> utf8)
    {
        int index = IndexOf(utf8);
        return index >= 0 ? index : Add(Utf8Lines.Decode(utf8));
    }

    /// <summary>Adds <paramref name="name"/> unless the table holds it; returns its index.</summary>
    public int Add(string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        int hash = Hash(utf8);
        int existing = IndexOf(utf8, hash);
        return existing >= 0 ? existing : Add(name, new Utf8Name(utf8, 0, utf8.Length, hash));
    }

    /// <summary>The index of <paramref name="name"/>, added (its bytes referred to, not copied; no string made) unless the table holds it.</summary>
    public int IndexOfOrAdd(in Utf8Name name)
    {
        int existing = IndexOf(name.Span, name.Hash);
        return existing >= 0 ? existing : Add(null, name);
    }

    /// <summary>
    /// Reads what a lookup of a name of hash <paramref name="hash"/> reads first (its bucket, and the entry the bucket
    /// leads to) and returns a value read, for the caller to keep so that the reads stay: touched for a run of names
    /// before they are looked up, their cache misses overlap instead of coming one after the other.
    /// </summary>
    public int Touch(int hash)
    {
        int at = _buckets[hash & (_buckets.Length - 1)] - 1;
        return at < 0 ? 0 : _entries[at].Utf8.Hash;
    }

    /// <summary>Makes room for <paramref name="count"/> names in all, so that adding up to that many neither grows nor rehashes the table.</summary>
    public void Reserve(int count)
    {
        if (count > _entries.Length) Array.Resize(ref _entries, count);
        int buckets = _buckets.Length;
        while (buckets <= 2 * count) buckets *= 2;
        if (buckets > _buckets.Length) Rehash(buckets);
    }

    private int Add(string? name, in Utf8Name utf8)
    {
        if (Count == _entries.Length) Array.Resize(ref _entries, Count * 2);
        if (Count * 2 >= _buckets.Length) Rehash(_buckets.Length * 2);
        int bucket = utf8.Hash & (_buckets.Length - 1);
        _entries[Count] = new Entry { Name = name, Utf8 = utf8, Next = _buckets[bucket] - 1 };
        _buckets[bucket] = ++Count;
        return Count - 1;
    }

    private void Rehash(int size)
    {
        _buckets = new int[size];
        for (int at = 0; at < Count; at++)
        {
            int bucket = _entries[at].Utf8.Hash & (size - 1);
            _entries[at].Next = _buckets[bucket] - 1;
            _buckets[bucket] = at + 1;
        }
    }

    // FNV-1a over eight bytes at a time (the tail zero-padded, the length mixed in): a portable hash for both target
    // frameworks. Byte by byte it was a chain of eight dependent multiplies for a name such as "label_07", looked up
    // once for every box a detection file holds.
    internal static int Hash(ReadOnlySpan<byte> utf8)
    {
        ulong hash = 14695981039346656037 ^ (ulong)utf8.Length;
        int at = 0;
        for (; utf8.Length - at >= 8; at += 8) hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8.Slice(at))) * 1099511628211;
        if (at < utf8.Length)
        {
            ulong tail = 0;
            for (int k = utf8.Length - 1; k >= at; k--) tail = (tail << 8) | utf8[k];
            hash = (hash ^ tail) * 1099511628211;
        }
        // MurmurHash3's finaliser: names that differ only in their last bytes ("label_07", "label_08") differ only in
        // the product's top bits, and the table takes a bucket from the bottom ones.
        hash = (hash ^ (hash >> 33)) * 0xFF51AFD7ED558CCD;
        hash = (hash ^ (hash >> 33)) * 0xC4CEB9FE1A85EC53;
        return (int)(hash ^ (hash >> 33));
    }

    // Name is null until first asked for when the name was added by its bytes.
    private struct Entry
    {
        public string? Name;
        public Utf8Name Utf8;
        public int Next;
    }
}
