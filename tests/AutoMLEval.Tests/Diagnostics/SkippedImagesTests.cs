using AutoMLEval.Engine.Diagnostics;
using Xunit;

namespace AutoMLEval.Tests.Diagnostics;

public sealed class SkippedImagesTests
{
    [Fact]
    public void Each_code_counts_in_its_own_bucket_so_a_too_large_image_is_not_unreadable()
    {
        var skipped = default(SkippedImages)
            .Add(SkippedImages.UnreadableImageCode)
            .Add(SkippedImages.ImageTooLargeCode)
            .Add(SkippedImages.ImageTooLargeCode)
            .Add(SkippedImages.NonFiniteScoresCode);

        Assert.Equal(new SkippedImages(Unreadable: 1, TooLarge: 2, NonFiniteOutput: 1), skipped);
        Assert.Equal(4, skipped.Total);
        Assert.Equal("1 unreadable, 2 too large, 1 with a non-finite output", skipped.ToString());
    }

    [Fact]
    public void Unreadable_is_always_said_and_the_other_reasons_only_when_some_images_have_them()
    {
        // A clean run says "0 unreadable" (the predict summary line and the report's card always did).
        Assert.Equal("0 unreadable", default(SkippedImages).ToString());
        Assert.Equal(new[] { (0, "unreadable"), (1, "too large") }, new SkippedImages(0, 1, 0).Reasons);
        Assert.Equal("12345 unreadable", new SkippedImages(12345, 0, 0).ToString());
    }
}
