using AutoMLEval.Engine.Formats;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>Arrays written in blocks are the bytes BinaryWriter writes one number at a time, and read back from streams that return short reads.</summary>
public sealed class BinaryArraysTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8191)]
    [InlineData(8192)]
    [InlineData(8193)]
    [InlineData(30000)]
    public void Blocks_are_the_bytes_of_one_write_per_number_and_read_back(int count)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(_ => random.NextDouble() - 0.5).ToArray();
        var longs = Enumerable.Range(0, count).Select(_ => (long)random.Next() << random.Next(32)).ToArray();
        using var oneByOne = new MemoryStream();
        using (var writer = new BinaryWriter(oneByOne, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (var v in values) writer.Write(v);
            foreach (var v in longs) writer.Write(v);
        }
        using var blocks = new MemoryStream();
        using (var writer = new BinaryWriter(blocks, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            BinaryArrays.Write(writer, values);
            BinaryArrays.Write(writer, longs);
        }

        Assert.Equal(oneByOne.ToArray(), blocks.ToArray());
        using var reader = new BinaryReader(new TrickleStream(blocks.ToArray()));
        Assert.Equal(values, BinaryArrays.Read<double>(reader, count));
        Assert.Equal(longs, BinaryArrays.Read<long>(reader, count));
        Assert.Throws<EndOfStreamException>(() => BinaryArrays.Read<long>(reader, 1));
    }

    /// <summary>A stream that returns at most 1,000 bytes per read, as pipes and network streams may.</summary>
    private sealed class TrickleStream : MemoryStream
    {
        public TrickleStream(byte[] bytes)
            : base(bytes)
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1000));
    }
}
