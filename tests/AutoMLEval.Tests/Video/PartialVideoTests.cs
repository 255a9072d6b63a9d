using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Video;
using AutoMLEval.Engine.Video;
using Xunit;

namespace AutoMLEval.Tests.Video;

using VideoEvaluation = AutoMLEval.Engine.Video.VideoEvaluation;

/// <summary>
/// Issue 17 for video: partial evaluations of shards of whole videos merge, in any order, to the one evaluation of all the
/// shards (every figure and count of the JSON evaluate prints, to 1e-12), through their file bytes.
/// </summary>
public sealed class PartialVideoTests
{
    private static readonly string[] Labels = { "cooking", "dancing", "running", "talking" };

    /// <summary>
    /// A seeded data set: videos of 4-20 s with annotations, predictions of 1-3 segments per video scored in steps of 0.1
    /// (so scores tie across videos), and what the readers and the builder report: videos of the ground truth never
    /// predicted, unknown videos, a video of the training split, a bad line, an unknown label, entries of another type, a
    /// missing score, a repeated entry.
    /// </summary>
    private static (string GroundTruth, List<(string Video, string Line)> Predictions) DataSet(Random random, TempFiles files, string name)
    {
        var truth = new StringBuilder();
        var predictions = new List<(string Video, string Line)>();
        int videos = 12 + random.Next(10);
        for (int v = 0; v < videos; v++)
        {
            var video = $"gs://b/{name}/v{v}.mp4";
            int seconds = 4 + random.Next(17);
            var annotations = Enumerable.Range(0, random.Next(4)).Select(_ =>
            {
                int start = random.Next(seconds - 1);
                var end = random.Next(6) == 0 ? "\"Infinity\"" : $"\"{start + 1 + random.Next(seconds - start - 1)}.5s\"";
                return $"{{\"displayName\":\"{Labels[random.Next(Labels.Length)]}\",\"startTime\":\"{start}s\",\"endTime\":{end}}}";
            });
            truth.Append(CultureInfo.InvariantCulture, $"{{\"videoGcsUri\":\"{video}\",\"timeSegmentAnnotations\":[{string.Join(",", annotations)}],\"dataItemResourceLabels\":{{\"aiplatform.googleapis.com/ml_use\":\"test\"}}}}\n");
            if (v == videos - 1 || random.Next(8) == 0) continue;
            var entries = new List<string>();
            for (int s = random.Next(1, 4); s > 0; s--)
            {
                int start = random.Next(seconds - 1);
                int end = start + 1 + random.Next(seconds - start - 1);
                foreach (var label in Labels.Where(_ => random.Next(12) > 0).Append(random.Next(10) == 0 ? "unknown-label" : null).OfType<string>())
                {
                    var type = random.Next(15) == 0 ? "shot-classification" : "segment-classification";
                    entries.Add(FormattableString.Invariant($"{{\"displayName\":\"{label}\",\"type\":\"{type}\",\"timeSegmentStart\":\"{start}s\",\"timeSegmentEnd\":\"{end}s\",\"confidence\":{random.Next(11) / 10.0}}}"));
                }
                if (random.Next(10) == 0) entries.Add(entries[^1]);
            }
            predictions.Add((video, $"{{\"instance\":{{\"content\":\"{video}\",\"timeSegmentStart\":\"0s\",\"timeSegmentEnd\":\"{seconds}s\"}},\"prediction\":[{string.Join(",", entries)}]}}"));
            if (random.Next(10) == 0) predictions.Add((video, "{\"instance\":{\"content\":\"" + video + "\"},\"prediction\":[{\"displayName\":\"cooking\"}]}"));
        }
        var training = $"gs://b/{name}/training.mp4";
        truth.Append(CultureInfo.InvariantCulture, $"{{\"videoGcsUri\":\"{training}\",\"timeSegmentAnnotations\":[],\"dataItemResourceLabels\":{{\"aiplatform.googleapis.com/ml_use\":\"training\"}}}}\n");
        predictions.Add((training, CookingLine(training)));
        for (int u = random.Next(3); u > 0; u--) predictions.Add(($"gs://b/unknown{u}.mp4", $"{{\"instance\":{{\"content\":\"gs://b/unknown{u}.mp4\"}},\"prediction\":[]}}"));
        predictions.Add(($"gs://b/{name}/v0.mp4", "{not json"));
        return (files.Write($"{name}-gt.jsonl", truth.ToString().TrimEnd('\n')), predictions);
    }

    /// <summary>A test-split ground truth of <paramref name="count"/> videos gs://b/v0.mp4, …, each with one 0-4 s annotation (the labels in turn).</summary>
    private static string FourSecondVideos(TempFiles files, int count) =>
        files.Write("gt.jsonl", Enumerable.Range(0, count).Select(v =>
            $"{{\"videoGcsUri\":\"gs://b/v{v}.mp4\",\"timeSegmentAnnotations\":[{{\"displayName\":\"{Labels[v % Labels.Length]}\",\"startTime\":\"0s\",\"endTime\":\"4s\"}}],\"dataItemResourceLabels\":{{\"aiplatform.googleapis.com/ml_use\":\"test\"}}}}").ToArray());

    /// <summary>A prediction line of <paramref name="video"/>: one 0-4 s segment scored 0.8 for cooking.</summary>
    private static string CookingLine(string video) =>
        $"{{\"instance\":{{\"content\":\"{video}\",\"timeSegmentStart\":\"0s\",\"timeSegmentEnd\":\"4s\"}},\"prediction\":[{{\"displayName\":\"cooking\",\"type\":\"segment-classification\",\"timeSegmentStart\":\"0s\",\"timeSegmentEnd\":\"4s\",\"confidence\":0.8}}]}}";

    /// <summary>What <c>evaluate --task video --format json</c> prints of <paramref name="evaluation"/> and its issue counts.</summary>
    internal static string Json(VideoEvaluation evaluation, IReadOnlyDictionary<string, int> issues) =>
        TextOf(writer => VideoJson.Write(writer, evaluation, issues));

    private static string TextOf(Action<Utf8JsonWriter> write)
    {
        using var memory = new MemoryStream();
        using (var writer = new Utf8JsonWriter(memory)) write(writer);
        return Encoding.UTF8.GetString(memory.ToArray());
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    [InlineData(4, 5)]
    [InlineData(5, 3)]
    public void Random_splits_by_video_merge_in_any_order_to_the_whole(int seed, int shardCount)
    {
        var random = new Random(seed);
        using var files = new TempFiles();
        var (groundTruth, predictions) = DataSet(random, files, $"s{seed}");
        var options = new VideoEvaluationOptions { Classification = new() { Threshold = seed % 2 == 0 ? 0.5 : 0.3 } };
        var whole = files.Write("whole.jsonl", predictions.Select(p => p.Line).ToArray());
        var log = new IssueLog();
        var expected = Json(VideoEvaluator.Evaluate(groundTruth, whole, options, log), log.CountsByCode);

        // Whole videos to shards at random; every shard predicts at least one known video.
        var videos = predictions.Select(p => p.Video).Distinct(StringComparer.Ordinal).ToArray();
        var shardOf = videos.ToDictionary(v => v, _ => random.Next(shardCount), StringComparer.Ordinal);
        for (int k = 0; k < shardCount; k++) shardOf[$"gs://b/s{seed}/v{k}.mp4"] = k;
        var parts = Enumerable.Range(0, shardCount).Select(k =>
        {
            var shard = files.Write($"shard{k}.jsonl", predictions.Where(p => shardOf[p.Video] == k).Select(p => p.Line).ToArray());
            var part = PartialVideo.Of(groundTruth, shard, options, new IssueLog());
            return (PartialVideo)PartialEvaluation.ReadFrom(new MemoryStream(part.ToBytes()), shard);
        }).ToList();

        foreach (var order in new[] { parts, parts.AsEnumerable().Reverse().ToList(), parts.OrderBy(_ => random.Next()).ToList() })
        {
            var (merged, issues) = PartialVideo.Merge(order).Evaluate(new IssueLog());
            JsonAssert.Close(expected, Json(merged, issues), 1e-12);
        }
        // Associative: merging merged halves gives the same.
        var halves = PartialVideo.Merge(PartialVideo.Merge(parts.Take(1)), PartialVideo.Merge(parts.Skip(1)));
        var (fromHalves, halfIssues) = halves.Evaluate(new IssueLog());
        JsonAssert.Close(expected, Json(fromHalves, halfIssues), 1e-12);
        Assert.Contains("\"VideoWithoutPredictions\"", expected, StringComparison.Ordinal);
        Assert.Contains("\"InvalidJson\"", expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Videos_without_predictions_and_unknown_videos_are_listed_to_the_cap_and_merge_to_the_same_counts()
    {
        using var files = new TempFiles();
        var groundTruth = FourSecondVideos(files, 30);
        // Two shards, each predicting one of the 30 videos and 12 videos the ground truth lacks.
        var shards = Enumerable.Range(0, 2).Select(k => Enumerable.Range(0, 12).Select(u => CookingLine($"gs://b/unknown{k}-{u}.mp4")).Prepend(CookingLine($"gs://b/v{k}.mp4")).ToArray()).ToArray();
        var options = new VideoEvaluationOptions();
        var log = new IssueLog();
        var expected = Json(VideoEvaluator.Evaluate(groundTruth, files.Write("whole.jsonl", shards.SelectMany(s => s).ToArray()), options, log), log.CountsByCode);

        // 28 videos without a prediction and 24 unknown ones: 20 of each listed, then how many more.
        var withoutPredictions = log.Issues.Where(i => i.Code == VideoIssueCodes.VideoWithoutPredictions).ToList();
        Assert.Equal(CappedIssueSink.PerCode + 1, withoutPredictions.Count);
        Assert.Equal("8 more 'VideoWithoutPredictions' issues like those above are not listed (28 in all)", withoutPredictions[^1].Message);
        var unknown = log.Issues.Where(i => i.Code == VideoIssueCodes.UnknownVideo).ToList();
        Assert.Equal(CappedIssueSink.PerCode + 1, unknown.Count);
        Assert.Equal("4 more 'UnknownVideo' issues like those above are not listed (24 in all)", unknown[^1].Message);
        var parts = shards.Select((lines, k) => PartialVideo.Of(groundTruth, files.Write($"shard{k}.jsonl", lines), options, new IssueLog())).ToList();
        var (merged, issues) = PartialVideo.Merge(parts).Evaluate(new IssueLog());
        JsonAssert.Close(expected, Json(merged, issues), 1e-12);
        Assert.Equal((21, 21), (issues[VideoIssueCodes.VideoWithoutPredictions], issues[VideoIssueCodes.UnknownVideo]));
    }

    [Fact]
    public void A_merge_names_the_ground_truth_for_its_videos_and_only_the_parts_that_share_a_video()
    {
        using var files = new TempFiles();
        var groundTruth = FourSecondVideos(files, 6);
        // Three shards: v0, v1, and v2 with v0 again; v3 to v5 are in none.
        var shards = new[] { new[] { 0 }, new[] { 1 }, new[] { 2, 0 } }.Select((videos, k) => files.Write($"shard{k}.jsonl", videos.Select(v => CookingLine($"gs://b/v{v}.mp4")).ToArray())).ToArray();
        var log = new IssueLog();

        var merged = PartialVideo.Merge(shards.Select(s => PartialVideo.Of(groundTruth, s, new VideoEvaluationOptions(), new IssueLog())));
        merged.Evaluate(log);

        // v0, v1 and v2 predicted (v0 in two parts, one video), in the merge and in its file read back.
        Assert.Equal((6L, 3L, 1L), (merged.UnitCounts.Videos, merged.UnitCounts.PredictedVideos, merged.CrossPartVideos));
        var readBack = PartialVideo.ReadFrom(new MemoryStream(merged.ToBytes()), "merged.part");
        Assert.Equal((6L, 3L, 1L), (readBack.UnitCounts.Videos, readBack.UnitCounts.PredictedVideos, readBack.CrossPartVideos));

        var without = Assert.Single(log.Issues, i => i.Code == VideoIssueCodes.VideoWithoutPredictions);
        Assert.Equal((groundTruth, "videoGcsUri"), (without.Source, without.Field));
        Assert.StartsWith("3 ground-truth videos have no", without.Message, StringComparison.Ordinal);
        var shared = Assert.Single(log.Issues, i => i.Code == VideoIssueCodes.DuplicateAcrossParts);
        Assert.Equal($"{shards[0]}, {shards[2]}", shared.Source);
        Assert.StartsWith("1 video was predicted in more than one part", shared.Message, StringComparison.Ordinal);
        // The figures' warnings (labels without positives among the evaluated videos) name the ground truth, as one evaluation does.
        var labelWarnings = log.Issues.Where(i => i.Field == "LABEL").ToList();
        Assert.NotEmpty(labelWarnings);
        Assert.All(labelWarnings, i => Assert.Equal(groundTruth, i.Source));
    }

    [Theory]
    [InlineData("gt.csv")]
    [InlineData("gt.txt")]
    public void A_merge_names_a_csv_ground_truths_videos_without_predictions_by_its_column_as_one_pass_does(string name)
    {
        // Before: the merge named the JSON field 'videoGcsUri' whatever the ground truth's form, and then a CSV by its
        // name only (a CSV named gt.txt, or a pipe's /dev/fd/63, read as CSV). The parts carry the field, through their bytes.
        using var files = new TempFiles();
        var groundTruth = files.Write(name, Enumerable.Range(0, 4).Select(v => $"test,gs://b/v{v}.mp4,{Labels[v]},0,4").ToArray());
        var shards = new[] { 0, 1 }.Select(v => files.Write($"shard{v}.jsonl", CookingLine($"gs://b/v{v}.mp4"))).ToArray();
        var options = new VideoEvaluationOptions();
        var onePass = new IssueLog();
        VideoEvaluator.Evaluate(groundTruth, files.Write("whole.jsonl", CookingLine("gs://b/v0.mp4"), CookingLine("gs://b/v1.mp4")), options, onePass);
        var merge = new IssueLog();

        PartialVideo.Merge(shards.Select(s => PartialVideo.ReadFrom(new MemoryStream(PartialVideo.Of(groundTruth, s, options, new IssueLog()).ToBytes()), s))).Evaluate(merge);

        // One pass warns per video (v2, v3), the merge once with their number: at the same file and column.
        var perVideo = onePass.Issues.Where(i => i.Code == VideoIssueCodes.VideoWithoutPredictions).ToList();
        Assert.Equal(new[] { $"{groundTruth}: field 'VIDEO_URI': The ground-truth video 'gs://b/v2.mp4' has no 'segment-classification' prediction; its annotations are not evaluated.",
            $"{groundTruth}: field 'VIDEO_URI': The ground-truth video 'gs://b/v3.mp4' has no 'segment-classification' prediction; its annotations are not evaluated." }, perVideo.Select(i => i.ToString()));
        var merged = Assert.Single(merge.Issues, i => i.Code == VideoIssueCodes.VideoWithoutPredictions);
        Assert.Equal($"{groundTruth}: field 'VIDEO_URI': 2 ground-truth videos have no 'segment-classification' prediction in any part; their annotations are not evaluated", merged.ToString());
    }

    [Fact]
    public void An_empty_shard_is_a_part_without_items_that_merges_as_nothing()
    {
        // A batch job's empty shard: before, NoItems ("No 'segment-classification' prediction matched a video") and no part.
        using var files = new TempFiles();
        var (groundTruth, predictions) = DataSet(new Random(13), files, "e");
        var shard = files.Write("shard.jsonl", predictions.Select(p => p.Line).ToArray());
        var empty = files.Write("empty.jsonl");
        var options = new VideoEvaluationOptions();
        var log = new IssueLog();

        var part = PartialVideo.ReadFrom(new MemoryStream(PartialVideo.Of(groundTruth, empty, options, log).ToBytes()), empty);

        Assert.Equal(0, part.Items);
        Assert.Equal(("EmptyShard", empty), log.Issues.Select(i => (i.Code, i.Source)).Single());
        var alone = PartialVideo.Of(groundTruth, shard, options, new IssueLog());
        var (expected, expectedIssues) = alone.Evaluate(new IssueLog());
        var (merged, issues) = PartialVideo.Merge(part, alone).Evaluate(new IssueLog());
        JsonAssert.Close(Json(expected, expectedIssues), Json(merged, issues), 1e-12);
        // Evaluated alone, not as a shard, the empty file is still an error.
        Assert.Throws<InputFormatException>(() => VideoEvaluator.Evaluate(groundTruth, empty, options, new IssueLog()));
    }

    [Fact]
    public void A_version_5_part_without_the_other_split_instances_is_still_read()
    {
        using var files = new TempFiles();
        var (groundTruth, predictions) = DataSet(new Random(11), files, "d");
        var part = PartialVideo.Of(groundTruth, files.Write("shard.jsonl", predictions.Select(p => p.Line).ToArray()), new VideoEvaluationOptions(), new IssueLog());
        Assert.Equal(1, part.UnitCounts.OtherSplitInstances);
        var bytes = part.ToBytes();
        // Version 5 wrote 19 counts, ending with crossPartVideos (here 0), before the classification part's length: cut the 20th.
        var u = part.UnitCounts;
        var lastCounts = new[] { u.DuplicateEntries, u.MissingScores, part.CrossPartVideos, u.OtherSplitInstances }.SelectMany(BitConverter.GetBytes).ToArray();
        int at = bytes.AsSpan().IndexOf(lastCounts);
        Assert.True(at > 0);
        var version5 = bytes[..(at + 24)].Concat(bytes[(at + 32)..]).ToArray();
        BitConverter.GetBytes(5).CopyTo(version5, 8);

        var read = (PartialVideo)PartialEvaluation.ReadFrom(new MemoryStream(version5), "v5.eval");

        // Its other-split instances are unknown (0); every other count is the part's.
        Assert.Equal(part.UnitCounts with { OtherSplitInstances = 0 }, read.UnitCounts);
        Assert.Equal(part.Items, read.Items);
    }

    [Fact]
    public void A_part_survives_its_bytes_and_a_video_in_two_parts_is_counted_and_reported()
    {
        using var files = new TempFiles();
        var (groundTruth, predictions) = DataSet(new Random(11), files, "d");
        var shard = files.Write("shard.jsonl", predictions.Select(p => p.Line).ToArray());
        var part = PartialVideo.Of(groundTruth, shard, new VideoEvaluationOptions(), new IssueLog());
        var bytes = part.ToBytes();

        var read = PartialVideo.ReadFrom(new MemoryStream(bytes), "part");
        Assert.Equal(bytes, read.ToBytes());
        Assert.Equal("AMLEPART", Encoding.ASCII.GetString(bytes, 0, 8));
        // A part names its ground truth as its evaluation was given it, and a merge keeps it.
        Assert.Equal(groundTruth, read.GroundTruthPath);
        Assert.Equal(groundTruth, PartialVideo.Merge(read, part).GroundTruthPath);

        var log = new IssueLog();
        var (evaluation, issues) = PartialVideo.Merge(part, part).Evaluate(log);
        // Every predicted video is in both parts: each copy's items count.
        Assert.Equal(part.UnitCounts.PredictedVideos, PartialVideo.Merge(part, part).CrossPartVideos);
        Assert.Equal(2 * part.Items, evaluation.Classification.ItemCount);
        Assert.Equal(1, issues[VideoIssueCodes.DuplicateAcrossParts]);
        var reported = Assert.Single(log.Issues, i => i.Code == VideoIssueCodes.DuplicateAcrossParts);
        Assert.StartsWith($"{part.UnitCounts.PredictedVideos} videos were predicted in more than one part", reported.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parts_of_other_settings_do_not_merge_and_a_classification_part_is_not_a_video_part()
    {
        using var files = new TempFiles();
        var (groundTruth, predictions) = DataSet(new Random(12), files, "o");
        var shard = files.Write("shard.jsonl", predictions.Select(p => p.Line).ToArray());
        var segments = PartialVideo.Of(groundTruth, shard, new VideoEvaluationOptions(), new IssueLog());
        var shots = PartialVideo.Of(groundTruth, shard, new VideoEvaluationOptions { Unit = VideoUnit.Shot }, new IssueLog());

        Assert.Contains("segment items, the other shot", Assert.Throws<ArgumentException>(() => PartialVideo.Merge(segments, shots)).Message, StringComparison.Ordinal);
        var bytes = segments.ToBytes();
        var error = Assert.Throws<InputFormatException>(() => AutoMLEval.Engine.Formats.Classification.PartialClassification.ReadFrom(new MemoryStream(bytes), "v.eval"));
        Assert.Equal("PartialEvaluationTask", error.Issue.Code);
    }
}
