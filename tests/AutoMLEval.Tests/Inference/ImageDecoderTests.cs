using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Inference.Imaging;
using Xunit;

namespace AutoMLEval.Tests.Inference;

/// <summary>
/// Fixtures/images: a 32×24 picture of four solid quadrants (top-left red, top-right green, bottom-left blue,
/// bottom-right white) saved by libvips as PNG, JPEG (Q95, no chroma subsampling), lossless WebP and TIFF; the same
/// picture stored turned a quarter to the left with EXIF orientation 6; a 16×4 grey ramp (pixel i = 4i + 1);
/// a JPEG cut after 400 bytes, a text file named .png and an empty file. See Fixtures/README-inference.md.
/// </summary>
public sealed class ImageDecoderTests
{
    private static readonly byte[] Red = { 255, 0, 0 }, Green = { 0, 255, 0 }, Blue = { 0, 0, 255 }, White = { 255, 255, 255 };

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "images", name);

    [Theory]
    [InlineData("quadrants.png", 0)]
    [InlineData("quadrants.webp", 0)]
    [InlineData("quadrants.tif", 0)]
    [InlineData("quadrants.jpg", 8)]
    [InlineData("quadrants-exif-orientation-6.jpg", 8)]
    public void Every_format_decodes_upright_to_the_same_colours(string file, int tolerance)
    {
        var image = ImageDecoder.DecodeFile(Fixture(file), 0, 0, 3, ResizeMode.Stretch);

        // The EXIF-rotated file is stored 24×32; upright it is 32×24 like the others.
        Assert.Equal((32, 24, 3), (image.Width, image.Height, image.Channels));
        AssertQuadrants(image, tolerance);
    }

    [Fact]
    public void Eight_bit_grey_is_returned_as_stored()
    {
        var grey = ImageDecoder.DecodeFile(Fixture("grey-ramp.png"), 0, 0, 1, ResizeMode.Stretch);

        Assert.Equal((16, 4, 1), (grey.Width, grey.Height, grey.Channels));
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (byte)(4 * i + 1)), grey.Pixels);
    }

    [Fact]
    public void Grey_asked_as_colour_repeats_the_value_in_each_channel()
    {
        var rgb = ImageDecoder.DecodeFile(Fixture("grey-ramp.png"), 0, 0, 3, ResizeMode.Stretch);

        Assert.Equal(3, rgb.Channels);
        Assert.Equal(new byte[] { 9, 9, 9 }, rgb.Pixels.Skip(2 * 3).Take(3));
    }

    [Fact]
    public void Colour_asked_as_grey_has_one_channel_and_white_stays_white()
    {
        var grey = ImageDecoder.DecodeFile(Fixture("quadrants.png"), 0, 0, 1, ResizeMode.Stretch);

        Assert.Equal(1, grey.Channels);
        Assert.Equal(255, grey.Pixels[18 * 32 + 24]);
    }

    [Theory]
    [InlineData(ResizeMode.Stretch, 16, 16)]
    [InlineData(ResizeMode.CenterCrop, 12, 12)]
    [InlineData(ResizeMode.Pad, 32, 32)]
    public void Resizing_gives_exactly_the_target_size(ResizeMode mode, int width, int height)
    {
        var image = ImageDecoder.DecodeFile(Fixture("quadrants.png"), width, height, 3, mode);

        Assert.Equal((width, height, width * height * 3), (image.Width, image.Height, image.Pixels.Length));
    }

    [Theory]
    [InlineData("quadrants.png")]
    [InlineData("quadrants.webp")]
    [InlineData("quadrants.tif")]
    [InlineData("quadrants.jpg")]
    [InlineData("quadrants-exif-orientation-6.jpg")]
    public void Every_format_resized_to_half_keeps_its_quadrants(string file)
    {
        // 32 × 24 into 16 × 12: a JPEG is decoded at half size by libjpeg, the others resampled.
        var image = ImageDecoder.DecodeFile(Fixture(file), 16, 12, 3, ResizeMode.Stretch);

        AssertQuadrants(image, 8);
    }

    [Fact]
    public void Every_resize_mode_gives_exactly_the_target_size_from_any_source_size()
    {
        // libvips rounds a scaled size itself; the model needs exactly its own. Sizes around the rounding edges: one
        // pixel, odd sizes, a pixel either side of 224, strips.
        var sources = new[] { (1, 1), (1, 333), (7, 3), (17, 240), (223, 225), (480, 240), (640, 241), (997, 17) };
        var targets = new[] { (1, 1), (3, 7), (28, 28), (33, 32), (224, 224), (225, 223), (299, 331) };
        foreach (var (sourceWidth, sourceHeight) in sources)
        {
            using var black = NetVips.Image.Black(sourceWidth, sourceHeight, bands: 3);
            var png = black.PngsaveBuffer();
            foreach (var (width, height) in targets)
            {
                foreach (var mode in new[] { ResizeMode.Stretch, ResizeMode.CenterCrop, ResizeMode.Pad })
                {
                    var image = ImageDecoder.Decode(png, "black.png", width, height, 3, mode);
                    Assert.Equal((sourceWidth, sourceHeight, mode, width, height, width * height * 3), (sourceWidth, sourceHeight, mode, image.Width, image.Height, image.Pixels.Length));
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(8)]
    public void A_large_jpeg_shrunk_while_decoding_keeps_its_picture_upright(int orientation)
    {
        // 1600 × 1200 quadrants into 32 × 24 (a 50th): libjpeg decodes an eighth (200 × 150), then the resize. Stored
        // turned a quarter with EXIF orientation 6 or 8, the shrink is chosen from the upright size.
        var jpeg = QuadrantsJpeg(1600, 1200, orientation);

        foreach (var mode in new[] { ResizeMode.Stretch, ResizeMode.CenterCrop, ResizeMode.Pad })
        {
            var image = ImageDecoder.Decode(jpeg, "large.jpg", 32, 24, 3, mode);

            Assert.Equal((32, 24), (image.Width, image.Height));
            AssertQuadrants(image, 8);
        }
    }

    [Fact]
    public void A_large_jpegs_report_thumbnail_is_shrunk_while_decoding_and_upright()
    {
        // 1600 × 1200 stored turned (orientation 6) fits 160 × 160 as 160 × 120: decoded at an eighth (150 × 200), turned, resized.
        var thumbnail = ImageDecoder.Thumbnail(QuadrantsJpeg(1600, 1200, 6), "large.jpg", 160);

        var image = ImageDecoder.Decode(thumbnail.Bytes, "thumbnail.jpg", 0, 0, 3, ResizeMode.Stretch);
        Assert.Equal((160, 120), (image.Width, image.Height));
        AssertQuadrants(image, 8);
    }

    private static byte[] QuadrantsJpeg(int width, int height, int orientation)
    {
        NetVips.Image Block(byte[] colour) => NetVips.Image.Black(width / 2, height / 2, bands: 3).NewFromImage(colour.Select(c => (double)c).ToArray()).Cast(NetVips.Enums.BandFormat.Uchar);
        using var top = Block(Red).Join(Block(Green), NetVips.Enums.Direction.Horizontal);
        using var bottom = Block(Blue).Join(Block(White), NetVips.Enums.Direction.Horizontal);
        using var upright = top.Join(bottom, NetVips.Enums.Direction.Vertical);
        // Orientation 6 says "turn a quarter clockwise to show", so the stored picture is the upright one turned anticlockwise.
        using var stored = orientation switch { 6 => upright.Rot270(), 8 => upright.Rot90(), _ => upright.Copy() };
        using var tagged = stored.Mutate(image => image.Set(NetVips.GValue.GIntType, "orientation", orientation));
        return tagged.JpegsaveBuffer(q: 95, subsampleMode: NetVips.Enums.ForeignSubsample.Off);
    }

    [Fact]
    public void Halving_a_ramp_averages_each_pair_of_pixels_about_its_centre()
    {
        // The ramp's first row is 4i + 1 at pixel i. Halved, output pixel x covers source pixels 2x and 2x + 1, centred at
        // 2x + 0.5, so a symmetric kernel gives 4(2x + 0.5) + 1 = 8x + 3 away from the edges (a misaligned one would not).
        var grey = ImageDecoder.DecodeFile(Fixture("grey-ramp.png"), 8, 4, 1, ResizeMode.Stretch);

        Assert.Equal(new byte[] { 11, 19, 27, 35, 43, 51 }, grey.Pixels.Skip(1).Take(6).ToArray());
    }

    [Fact]
    public void Pad_keeps_the_aspect_ratio_with_black_bands_above_and_below()
    {
        // 32×24 fits a 32×32 box as 32×24, centred: rows 0–3 and 28–31 are padding.
        var image = ImageDecoder.DecodeFile(Fixture("quadrants.png"), 32, 32, 3, ResizeMode.Pad);

        AssertColour(image, 8, 1, new byte[] { 0, 0, 0 }, 0);
        AssertColour(image, 8, 10, Red, 0);
        AssertColour(image, 24, 30, new byte[] { 0, 0, 0 }, 0);
    }

    [Fact]
    public void Center_crop_keeps_the_middle()
    {
        // 32×24 scaled to cover 12×12 is 16×12; the crop keeps x 2–13, so the left half is red above and blue below.
        var image = ImageDecoder.DecodeFile(Fixture("quadrants.png"), 12, 12, 3, ResizeMode.CenterCrop);

        AssertColour(image, 1, 1, Red, 0);
        AssertColour(image, 10, 10, White, 0);
    }

    [Theory]
    [InlineData("truncated.jpg")]
    [InlineData("not-an-image.png")]
    [InlineData("empty.png")]
    [InlineData("does-not-exist.png")]
    public void Unreadable_files_raise_an_error_naming_the_file(string file)
    {
        var path = Fixture(file);

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeFile(path, 0, 0, 3, ResizeMode.Stretch));

        Assert.Equal(path, error.Source);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void An_empty_file_says_so()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeFile(Fixture("empty.png"), 0, 0, 3, ResizeMode.Stretch));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The quadrants picture, at any size: each quadrant's centre has its colour.</summary>
    private static void AssertQuadrants(DecodedImage image, int tolerance)
    {
        int left = image.Width / 4, right = 3 * image.Width / 4, top = image.Height / 4, bottom = 3 * image.Height / 4;
        AssertColour(image, left, top, Red, tolerance);
        AssertColour(image, right, top, Green, tolerance);
        AssertColour(image, left, bottom, Blue, tolerance);
        AssertColour(image, right, bottom, White, tolerance);
    }

    private static void AssertColour(DecodedImage image, int x, int y, byte[] expected, int tolerance)
    {
        var at = (y * image.Width + x) * image.Channels;
        for (int c = 0; c < expected.Length; c++)
        {
            Assert.InRange(image.Pixels[at + c], Math.Max(0, expected[c] - tolerance), Math.Min(255, expected[c] + tolerance));
        }
    }

    [Fact]
    public async Task A_fifo_or_a_device_is_refused_without_being_opened()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempFolder();
        var fifo = Path.Combine(folder.Root, "image.png");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        // Through a link too: FileInfo describes the link itself, whose length (its target's path) is no file's.
        var linkToFifo = Path.Combine(folder.Root, "link-to-fifo.png");
        var linkToZero = Path.Combine(folder.Root, "link-to-zero.png");
        File.CreateSymbolicLink(linkToFifo, fifo);
        File.CreateSymbolicLink(linkToZero, "/dev/zero");
        // Opening a FIFO for reading blocks until a writer comes: a hang ends the wait with a TimeoutException instead.
        foreach (var path in new[] { fifo, "/dev/zero", linkToFifo, linkToZero })
        {
            var decode = Task.Run(() => ImageDecoder.DecodeFile(path, 0, 0, 3, ResizeMode.Stretch));
            var error = await Assert.ThrowsAsync<ImageDecodeException>(() => decode.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_image_declaring_more_pixels_than_memory_allows_is_refused_from_its_header()
    {
        // An SVG of a few bytes that declares 200000 × 200000 pixels (40 gigapixels).
        var svg = System.Text.Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200000\" height=\"200000\"><rect width=\"10\" height=\"10\"/></svg>");
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(svg, "huge.svg", 224, 224, 3, ResizeMode.Stretch));
        // A size limit, said as one with what to do: before, it was an UnreadableImage of "more than the 268435456 an
        // image may have here", documented nowhere.
        Assert.Equal(SkippedImages.ImageTooLargeCode, error.Code);
        Assert.StartsWith("The image has 200000 × 200000 = 40,000,000,000 pixels, more than the 268,435,456 (16384 × 16384) an image is decoded with here: a size limit", error.Message, StringComparison.Ordinal);
        Assert.Contains("scale the image down first", error.Message, StringComparison.Ordinal);
        Assert.Equal(SkippedImages.ImageTooLargeCode, Assert.Throws<ImageDecodeException>(() => ImageDecoder.Thumbnail(svg, "huge.svg", 96)).Code);
        // Damage keeps its own code.
        Assert.Equal(SkippedImages.UnreadableImageCode, Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode("<svg"u8.ToArray(), "cut.svg", 224, 224, 3, ResizeMode.Stretch)).Code);
    }

    [Fact]
    public void Thumbnails_carry_no_exif_data()
    {
        // The EXIF-rotated fixture holds an EXIF block ("Exif\0\0" in its APP1 segment); its thumbnail must not.
        var original = File.ReadAllBytes(Fixture("quadrants-exif-orientation-6.jpg"));
        Assert.True(IndexOf(original, "Exif\0\0"u8.ToArray()) >= 0);
        var thumbnail = ImageDecoder.Thumbnail(original, "quadrants-exif-orientation-6.jpg", 16);
        Assert.Equal("image/jpeg", thumbnail.MimeType);
        Assert.True(IndexOf(thumbnail.Bytes, "Exif\0\0"u8.ToArray()) < 0);
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
