using Xunit;
using System.IO.Compression;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Reports;
using AutoMLEval.Inference.Imaging;

namespace AutoMLEval.Tests.Reports;

public class ThumbnailTests
{
    private static string ImageFixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "images", name);

    [Fact]
    public void Libvips_ScalesALargeImageDownToFitTheThumbnailBox()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Root, "large.png");
        File.WriteAllBytes(path, NoisePng(1000, 600));

        var thumbnail = new LibvipsThumbnails(96).Create(path)!;

        Assert.Equal("image/jpeg", thumbnail.MimeType);
        Assert.True(thumbnail.Bytes.Length < new FileInfo(path).Length / 50, $"{thumbnail.Bytes.Length} bytes");
        var decoded = ImageDecoder.Decode(thumbnail.Bytes, "thumbnail", 0, 0, 3, ResizeMode.Stretch);
        // 1000 × 600 fitted into 96 × 96 keeps the aspect ratio: 96 × round(600 · 96 / 1000 = 57.6) = 96 × 58.
        Assert.Equal(96, decoded.Width);
        Assert.Equal(58, decoded.Height);
    }

    [Fact]
    public void Libvips_NeverEnlargesASmallImage()
    {
        // quadrants.png is 32 × 24 pixels (see Fixtures/README-inference.md): smaller than the box, so kept as it is.
        var thumbnail = new LibvipsThumbnails(96).Create(ImageFixture("quadrants.png"))!;
        var decoded = ImageDecoder.Decode(thumbnail.Bytes, "thumbnail", 0, 0, 3, ResizeMode.Stretch);
        var original = ImageDecoder.DecodeFile(ImageFixture("quadrants.png"), 0, 0, 3, ResizeMode.Stretch);
        Assert.Equal((original.Width, original.Height), (decoded.Width, decoded.Height));
    }

    [Theory]
    [InlineData("truncated.jpg")]
    [InlineData("not-an-image.png")]
    [InlineData("empty.png")]
    public void Libvips_CorruptImage_IsInvalidData(string name) =>
        Assert.Throws<InvalidDataException>(() => new LibvipsThumbnails().Create(ImageFixture(name)));

    [Fact]
    public void EmbeddedFiles_KeepSmallImagesAsTheyAre_DeclineLargeOnes_RejectNonImages()
    {
        var source = new EmbeddedImageFiles(1000);
        var png = ImageFixture("quadrants.png");
        Assert.Equal(File.ReadAllBytes(png), source.Create(png)!.Bytes);
        Assert.Equal("image/png", source.Create(png)!.MimeType);
        // quadrants.tif is 2,526 bytes, over the limit.
        Assert.Null(source.Create(ImageFixture("quadrants.tif")));
        Assert.Throws<InvalidDataException>(() => source.Create(ImageFixture("not-an-image.png")));
    }

    [Fact]
    public void LibvipsThumbnails_SayAnImageOverTheSizeLimitIsTooLarge_NotUnreadable()
    {
        using var folder = new TempFolder();
        // A few bytes that declare 20000 × 20000 pixels: the report warns ImageTooLarge for it (ReportImages), not UnreadableImage.
        var huge = folder.Write("huge.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20000\" height=\"20000\"><rect width=\"10\" height=\"10\"/></svg>");
        var error = Assert.Throws<ImageTooLargeException>(() => new LibvipsThumbnails().Create(huge));
        Assert.StartsWith("The image has 20000 × 20000 = 400,000,000 pixels", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => new LibvipsThumbnails().Create(ImageFixture("not-an-image.png")));
    }

    [Fact]
    public void Report_ThumbnailsWithLibvips_ShowsCorruptImagesByName_CountsAndReportsThem()
    {
        using var folder = new TempFolder();
        // The hostile run's items: a large image, a truncated JPEG, a text file, an absent file, a small PNG, a path with markup (absent).
        File.WriteAllBytes(Path.Combine(folder.Root, "a.png"), NoisePng(400, 400));
        File.Copy(ImageFixture("truncated.jpg"), Path.Combine(folder.Root, "b.png"));
        File.Copy(ImageFixture("not-an-image.png"), Path.Combine(folder.Root, "c.png"));
        File.Copy(ImageFixture("quadrants.png"), Path.Combine(folder.Root, "e.png"));
        var issues = new IssueLog();

        var html = ReportRuns.Html(ReportRuns.Hostile(directory: folder.Root), new ReportOptions { Thumbnails = new LibvipsThumbnails(), Issues = issues });

        using var document = JsonDocument.Parse(ReportRuns.DataJson(html));
        var data = document.RootElement.GetProperty("classification");
        var images = data.GetProperty("items").EnumerateArray().ToDictionary(
            i => i.GetProperty("id").GetString()!,
            i => i.TryGetProperty("image", out var image) ? image.GetString() : null);
        Assert.Equal(6, images.Count);
        Assert.StartsWith("data:image/jpeg;base64,", images["a.png"], StringComparison.Ordinal);
        Assert.True(images["a.png"]!.Length < 8000, $"the 400 × 400 image's thumbnail is {images["a.png"]!.Length} characters");
        Assert.StartsWith("data:image/jpeg;base64,", images["e.png"], StringComparison.Ordinal);
        Assert.Null(images["b.png"]);
        Assert.Null(images["c.png"]);
        Assert.Null(images["d.png"]);
        Assert.Null(images[ReportRuns.HostilePath]);
        var counts = data.GetProperty("thumbnails");
        Assert.Equal(2, counts.GetProperty("embedded").GetInt32());
        Assert.Equal(2, counts.GetProperty("notShown").GetInt32());
        Assert.Equal(new[] { (2, "unreadable") }, SkippedReasons(counts));
        // The two absent files (d.png and the markup path) are both not shown and not found.
        Assert.Equal(2, counts.GetProperty("notFound").GetInt32());
        var unreadable = issues.Issues.Where(i => i.Code == SkippedImages.UnreadableImageCode).ToArray();
        Assert.Equal(new[] { "b.png", "c.png" }, unreadable.Select(i => Path.GetFileName(i.Source)).OrderBy(f => f, StringComparer.Ordinal));
        Assert.All(unreadable, i => Assert.Equal(IssueSeverity.Warning, i.Severity));
        // The absent ones: one warning with their count, naming the folder.
        var notFound = Assert.Single(issues.Issues, i => i.Code == ReportImages.ImagesNotFoundCode);
        Assert.Equal((IssueSeverity.Warning, folder.Root), (notFound.Severity, notFound.Source));
        Assert.StartsWith("2 of 6 images were not found", notFound.Message, StringComparison.Ordinal);
        Assert.Equal(3, issues.Issues.Count);
    }

    [Fact]
    public void Report_ThumbnailsWithLibvips_CountAnImageOverTheSizeLimitAsTooLarge_NotUnreadable()
    {
        using var folder = new TempFolder();
        // c.png is a few bytes that declare 20000 × 20000 pixels (libvips reads it by its content, an SVG), b.png a truncated JPEG.
        File.Copy(ImageFixture("truncated.jpg"), Path.Combine(folder.Root, "b.png"));
        File.WriteAllText(Path.Combine(folder.Root, "c.png"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20000\" height=\"20000\"><rect width=\"10\" height=\"10\"/></svg>");
        var issues = new IssueLog();

        var html = ReportRuns.Html(ReportRuns.Hostile(directory: folder.Root), new ReportOptions { Thumbnails = new LibvipsThumbnails(), Issues = issues });

        using var document = JsonDocument.Parse(ReportRuns.DataJson(html));
        // As automl-eval predict counts them (SkippedImages): the card says "1 unreadable, 1 too large", as the warnings' codes do.
        Assert.Equal(new[] { (1, "unreadable"), (1, "too large") }, SkippedReasons(document.RootElement.GetProperty("classification").GetProperty("thumbnails")));
        Assert.Equal(
            new[] { ("b.png", SkippedImages.UnreadableImageCode), ("c.png", SkippedImages.ImageTooLargeCode) },
            issues.Issues.Where(i => i.Code != ReportImages.ImagesNotFoundCode).Select(i => (Path.GetFileName(i.Source), i.Code)).OrderBy(i => i.Item1, StringComparer.Ordinal));
    }

    private static (int Images, string Reason)[] SkippedReasons(JsonElement counts) =>
        counts.GetProperty("skipped").EnumerateArray().Select(s => (s.GetProperty("images").GetInt32(), s.GetProperty("reason").GetString()!)).ToArray();

    /// <summary>An 8-bit RGB PNG of pseudo-random pixels (so it does not compress): a large image without a fixture file.</summary>
    internal static byte[] NoisePng(int width, int height)
    {
        var random = new Random(7);
        var raw = new byte[height * ((width * 3) + 1)];
        random.NextBytes(raw);
        for (int y = 0; y < height; y++) raw[y * ((width * 3) + 1)] = 0;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(raw);
        using var png = new MemoryStream();
        png.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", Array.Empty<byte>());
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    /// <summary>The CRC-32 a PNG chunk ends with (ISO 3309, reflected polynomial 0xEDB88320).</summary>
    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
