using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>
/// Partial evaluations of shards merge to the evaluation of all shards read as one prediction set: every field the
/// evaluate JSON prints agrees to 1e-12, in any merge order, through the file format.
/// </summary>
public sealed class PartialEvaluationTests
{
    private static readonly ClassificationOptions Defaults = new();

    public static TheoryData<string, string, int, int> FixtureSplits => new()
    {
        { "digits/dataset.csv", "digits/predictions.test.jsonl", 2, 1 },
        { "digits/dataset.csv", "digits/predictions.test.jsonl", 3, 2 },
        { "digits/dataset.csv", "digits/predictions.test.jsonl", 7, 3 },
        { "multilabel/ground_truth.jsonl", "multilabel/predictions.jsonl", 2, 4 },
        { "multilabel/ground_truth.jsonl", "multilabel/predictions.jsonl", 5, 5 },
    };

    [Theory]
    [MemberData(nameof(FixtureSplits))]
    public void Random_shards_of_a_fixture_merge_to_the_whole(string groundTruth, string predictions, int parts, int seed)
    {
        using var folder = new TempFolder();
        var shards = SplitLines(folder, File.ReadAllLines(Fixture.Path(predictions.Split('/'))), parts, seed, ".jsonl");
        var gt = Fixture.Path(groundTruth.Split('/'));
        var whole = EvaluateJson(gt, Fixture.Path(predictions.Split('/')));

        JsonAssert.Close(whole, MergedJson(gt, shards, seed), 1e-12);
        // Read as one set, the shards are the same predictions.
        JsonAssert.Close(whole, EvaluateJson(gt, Path.Combine(folder.Root, "shard-*.jsonl")), 1e-12);
    }

    [Theory]
    [InlineData(false, 3, 11, ScoreForm.TwoDecimals)]
    [InlineData(true, 4, 12, ScoreForm.TwoDecimals)]
    [InlineData(false, 4, 13, ScoreForm.Float32)]
    [InlineData(true, 3, 14, ScoreForm.Float32)]
    [InlineData(false, 3, 15, ScoreForm.Float64)]
    [InlineData(false, 1, 16, ScoreForm.Float32)]
    public void Random_shards_of_seeded_data_with_ties_merge_to_the_whole(bool multiLabel, int parts, int seed, ScoreForm form)
    {
        // Two-decimal and float32 scores on a grid of 1/64 tie within and across parts; float64 scores are kept as such.
        using var folder = new TempFolder();
        var (gt, lines) = WriteRandomData(folder, 600, 5, multiLabel, seed, form);
        var shards = SplitLines(folder, lines, parts, seed, ".csv", lines[0]);
        var options = new ClassificationInputOptions { MultiLabel = multiLabel };

        JsonAssert.Close(EvaluateJson(gt, Path.Combine(folder.Root, "shard-*.csv"), options), MergedJson(gt, shards, seed, options), 1e-12);
    }

    public static TheoryData<bool, int, int> BootstrapSplits => new()
    {
        { false, 2, 21 },
        { false, 5, 22 },
        { true, 3, 23 },
    };

    [Theory]
    [MemberData(nameof(BootstrapSplits))]
    public void Bootstrap_intervals_of_random_shards_merge_to_those_of_the_whole(bool multiLabel, int parts, int seed)
    {
        // Poisson weights drawn from each item's own stream: resample b of the whole is resample b of every shard merged,
        // so the percentiles agree to rounding.
        using var folder = new TempFolder();
        var (gt, lines) = WriteRandomData(folder, 300, 4, multiLabel, seed);
        var shards = SplitLines(folder, lines, parts, seed, ".csv", lines[0]);
        var inputOptions = new ClassificationInputOptions { MultiLabel = multiLabel };
        var options = new ClassificationOptions { BootstrapSamples = 40, BootstrapSeed = seed };
        var inputs = ClassificationInputs.Load(gt, Path.Combine(folder.Root, "shard-*.csv"), inputOptions, new IssueLog());
        var whole = ClassificationEvaluator.Evaluate(inputs.Data, options);

        var shuffle = new Random(seed);
        var merged = PartialClassification.Merge(shards.Select(s => Part(gt, s, options, inputOptions)).OrderBy(_ => shuffle.Next()).ToArray());
        var (evaluation, _) = merged.Evaluate(new IssueLog());

        // Every headline metric; multi-label evaluations have no calibration (ECE, Brier).
        Assert.Equal(HeadlineMetrics.All.Count - (multiLabel ? 2 : 0), whole.Intervals.Count);
        Assert.Equal(whole.Intervals.Keys.OrderBy(k => k, StringComparer.Ordinal), evaluation.Intervals.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (name, interval) in whole.Intervals)
        {
            Assert.Equal(interval.Samples, evaluation.Intervals[name].Samples);
            Assert.Equal(interval.Lower, evaluation.Intervals[name].Lower, 12);
            Assert.Equal(interval.Upper, evaluation.Intervals[name].Upper, 12);
        }
        // The intervals are real ones: around the point estimate and not degenerate.
        Assert.InRange(whole.MicroAuPrc, whole.Intervals["auPrc"].Lower, whole.Intervals["auPrc"].Upper);
        Assert.True(whole.Intervals["auPrc"].Upper > whole.Intervals["auPrc"].Lower);
    }

    [Fact]
    public void Parts_with_other_bootstrap_resamples_are_refused()
    {
        var gt = Fixture.Path("digits", "dataset.csv");
        var shard = Fixture.Path("digits", "predictions.test.jsonl");
        var some = Part(gt, shard, new ClassificationOptions { BootstrapSamples = 5 });

        Assert.Contains("bootstrap resamples differ", Assert.Throws<ArgumentException>(() => PartialClassification.Merge(some, Part(gt, shard))).Message, StringComparison.Ordinal);
        Assert.Contains("bootstrap resamples differ", Assert.Throws<ArgumentException>(() => PartialClassification.Merge(some, Part(gt, shard, new ClassificationOptions { BootstrapSamples = 5, BootstrapSeed = 1 }))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_1_file_without_resamples_still_reads()
    {
        // Version 2 appended the bootstrap seed and resample count (two int32) after the item hashes.
        var part = Version3Part(1);
        var version1 = WithoutGroundTruthPath(File.ReadAllBytes(Version3Path(1)), part.GroundTruthPath);
        version1 = version1.Take(version1.Length - 8).ToArray();
        BitConverter.GetBytes(1).CopyTo(version1, 8);

        var read = PartialClassification.ReadFrom(new MemoryStream(version1), "v1.eval");

        JsonAssert.Close(Json(part), Json(read), 0);
    }

    [Fact]
    public void Version_3_parts_read_and_merge_to_the_whole_alone_and_with_version_4_parts()
    {
        // Fixtures/digits/part-v3-{1,2}.eval: written by the version 3 writer from lines 1-40 and 41-80 of the digits
        // predictions, without bootstrap resamples (float64 score arrays, uint64 item hashes). Parts merge only with
        // parts of the same ground-truth fingerprint, so the version 4 part here is a fixture written again.
        using var folder = new TempFolder();
        var gt = Fixture.Path("digits", "dataset.csv");
        var lines = File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl"));
        var whole = EvaluateJson(gt, folder.Write("first-80.jsonl", string.Join("\n", lines.Take(80))));
        var second = Part(gt, folder.Write("second-40.jsonl", string.Join("\n", lines.Skip(40).Take(40))));
        var rewritten = PartialClassification.ReadFrom(new MemoryStream(Version3Part(2).ToBytes()), "v4.eval");

        JsonAssert.Close(whole, Json(PartialClassification.Merge(new[] { Version3Part(1), Version3Part(2) })), 1e-12);
        JsonAssert.Close(whole, Json(PartialClassification.Merge(Version3Part(1), rewritten)), 1e-12);
        // Written again, a version 3 part is a file of today's version (5; a classification part is the same in 4) and
        // of the same evaluation as a part of its shard today: to rounding, as its writer summed the log loss as floats in
        // line order where today's sum is fixed-point.
        Assert.Equal(PartialEvaluation.FormatVersion, BitConverter.ToInt32(rewritten.ToBytes(), 8));
        JsonAssert.Close(Json(second), Json(rewritten), 1e-15);
    }

    [Fact]
    public void A_merged_part_written_and_read_evaluates_as_the_merge()
    {
        // A merge holds the parts' histograms as runs; written, each label's runs become one histogram.
        using var folder = new TempFolder();
        var (gt, lines) = WriteRandomData(folder, 300, 4, false, 31, ScoreForm.Float32);
        var shards = SplitLines(folder, lines, 3, 31, ".csv", lines[0]);
        var merged = PartialClassification.Merge(shards.Select(s => Part(gt, s)));

        var read = PartialClassification.ReadFrom(new MemoryStream(merged.ToBytes()), "merged.eval");

        Assert.All(read.LabelScores.Zip(merged.LabelScores), p => Assert.Equal(DistinctScores(p.Second), p.First.Groups));
        JsonAssert.Close(Json(merged), Json(read), 0);
        JsonAssert.Close(EvaluateJson(gt, Path.Combine(folder.Root, "shard-*.csv")), Json(read), 1e-12);
    }

    private static long DistinctScores(ScoreHistogram histogram)
    {
        var groups = histogram.Descending();
        long count = 0;
        while (groups.Next(out _, out _, out _)) count++;
        return count;
    }

    private static string Version3Path(int shard) => Fixture.Path("digits", $"part-v3-{shard}.eval");

    private static PartialClassification Version3Part(int shard) =>
        PartialClassification.ReadFrom(new MemoryStream(File.ReadAllBytes(Version3Path(shard))), Version3Path(shard));

    [Fact]
    public void A_part_names_its_ground_truth_and_a_version_2_file_without_it_still_reads()
    {
        // Version 3 appended the ground truth's path; a merge keeps it (Merge-ModelEvaluation of .eval files shows it).
        using var folder = new TempFolder();
        var gt = Fixture.Path("digits", "dataset.csv");
        var shards = SplitLines(folder, File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl")), 2, 9, ".jsonl");
        var part = Part(gt, shards[0]);
        var version3 = Version3Part(1);
        var version2 = WithoutGroundTruthPath(File.ReadAllBytes(Version3Path(1)), version3.GroundTruthPath);
        BitConverter.GetBytes(2).CopyTo(version2, 8);

        var read = PartialClassification.ReadFrom(new MemoryStream(version2), "v2.eval");

        Assert.Equal(gt, part.GroundTruthPath);
        Assert.Equal(gt, PartialClassification.Merge(part, Part(gt, shards[1])).GroundTruthPath);
        Assert.Equal(string.Empty, read.GroundTruthPath);
        Assert.Equal(version3.GroundTruthPath, PartialClassification.Merge(read, Version3Part(2)).GroundTruthPath);
        Assert.Equal("digits/dataset.csv", version3.GroundTruthPath);
        JsonAssert.Close(Json(version3), Json(read), 0);
    }

    /// <summary>The bytes of a version 3 part without the length-prefixed <paramref name="groundTruthPath"/> it ends with.</summary>
    private static byte[] WithoutGroundTruthPath(byte[] bytes, string groundTruthPath)
    {
        int length = Encoding.UTF8.GetByteCount(groundTruthPath), prefix = 1;
        for (int rest = length >> 7; rest > 0; rest >>= 7) prefix++;
        return bytes.Take(bytes.Length - length - prefix).ToArray();
    }

    [Fact]
    public void Merging_is_associative_and_commutative()
    {
        using var folder = new TempFolder();
        var gt = Fixture.Path("digits", "dataset.csv");
        var shards = SplitLines(folder, File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl")), 3, 8, ".jsonl");
        var (a, b, c) = (Part(gt, shards[0]), Part(gt, shards[1]), Part(gt, shards[2]));

        var left = Json(PartialClassification.Merge(PartialClassification.Merge(a, b), c));
        JsonAssert.Close(left, Json(PartialClassification.Merge(a, PartialClassification.Merge(b, c))), 1e-12);
        JsonAssert.Close(left, Json(PartialClassification.Merge(PartialClassification.Merge(c, a), b)), 1e-12);
    }

    [Fact]
    public void A_label_one_shard_never_scores_counts_as_scored_0_there_as_in_one_pass()
    {
        // Shard 1 scores labels a, b, c; shard 2 only a and b (its items' c scores are missing, hence 0), and scores a
        // label x that no ground-truth item carries. Read as one set the missing scores are 0 too.
        using var folder = new TempFolder();
        var gt = folder.Write("gt.csv", "path,label\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"i{i},{"abc"[i % 3]}\n")));
        folder.Write("shard-1.csv", "path,a,b,c\n" + string.Concat(Enumerable.Range(0, 6).Select(i => FormattableString.Invariant($"i{i},{(i % 3 == 0 ? 0.7 : 0.1)},{(i % 3 == 1 ? 0.6 : 0.2)},{0.1 + (i * 0.05)}\n"))));
        folder.Write("shard-2.csv", "path,a,b,x\n" + string.Concat(Enumerable.Range(6, 6).Select(i => FormattableString.Invariant($"i{i},{(i % 3 == 0 ? 0.5 : 0.3)},{(i % 3 == 1 ? 0.9 : 0.05)},0.01\n"))));
        var shards = new[] { Path.Combine(folder.Root, "shard-1.csv"), Path.Combine(folder.Root, "shard-2.csv") };

        var whole = EvaluateJson(gt, Path.Combine(folder.Root, "shard-*.csv"));
        JsonAssert.Close(whole, MergedJson(gt, shards, seed: 1), 1e-12);
        Assert.Equal(6 + 6, whole.GetProperty("counts").GetProperty("missingScores").GetInt64());
    }

    [Fact]
    public void A_label_without_positives_and_one_without_scores_in_a_shard_merge_as_in_one_pass()
    {
        // Label c is scored by both shards but true for no item (its histograms hold negatives only: AP 0, AUC
        // undefined); label d is scored by shard 2 only (shard 1's items score 0 there, as one pass fills them).
        using var folder = new TempFolder();
        var (gt, shards) = WriteShardsOfLabelsCAndD(folder);

        var whole = EvaluateJson(gt, Path.Combine(folder.Root, "shard-*.csv"));
        JsonAssert.Close(whole, MergedJson(gt, shards, seed: 2), 1e-12);
        var c = whole.GetProperty("perLabel").EnumerateArray().Single(l => l.GetProperty("displayName").GetString() == "c");
        Assert.Equal(0, c.GetProperty("auPrc").GetDouble());
    }

    [Fact]
    public void A_merge_warns_as_one_pass_does_naming_the_ground_truth_and_the_scores_only_the_merge_takes_as_0()
    {
        // As above: c has no positive, and shard 1's 5 items lack the score of d, which shard 2 alone scores. Neither
        // part lacks a score on its own; one pass, and now the merge, warns MissingScore for those 5. c is no label of
        // the ground truth: LabelNotInGroundTruth, naming the shards as one pass does (the merge used to leave it out).
        using var folder = new TempFolder();
        var (gt, shards) = WriteShardsOfLabelsCAndD(folder);
        var onePass = new IssueLog();
        ClassificationRun.Start(gt, Path.Combine(folder.Root, "shard-*.csv"), new ClassificationInputOptions(), Defaults, onePass);
        var merge = new IssueLog();

        PartialClassification.Merge(shards.Select(s => Part(gt, s))).Evaluate(merge);

        string[] codes = { "LabelNotInGroundTruth", "LabelNotPredicted", "NoPositiveExamples", "UndefinedF1", "FewItems", "FewExamples" };
        IEnumerable<string> Warnings(IssueLog log) => log.Issues.Where(i => codes.Contains(i.Code)).Select(i => $"{i.Code} {i.Source} {i.Field}: {i.Message}");
        Assert.Contains(onePass.Issues, i => i.Code == "NoPositiveExamples" && i.Source == gt && i.Field == "LABEL");
        Assert.Equal(Warnings(onePass), Warnings(merge));
        var notInGroundTruth = Assert.Single(merge.Issues, i => i.Code == "LabelNotInGroundTruth");
        Assert.Equal((Path.Combine(folder.Root, "shard-*.csv"), "prediction.displayNames", "the model scores the label 'c', which no 'test' ground-truth item carries"),
            (notInGroundTruth.Source, notInGroundTruth.Field, notInGroundTruth.Message));
        var missing = Assert.Single(merge.Issues, i => i.Code == "MissingScore");
        Assert.StartsWith("5 (item, label) scores are absent", missing.Message, StringComparison.Ordinal);
        Assert.Equal(Assert.Single(onePass.Issues, i => i.Code == "MissingScore").Message, missing.Message);
        // The shards' folder holds the ground truth too: the merge names the shards by their pattern, as one pass was given them.
        Assert.Equal(Path.Combine(folder.Root, "shard-*.csv"), missing.Source);
    }

    [Fact]
    public void A_merge_repeats_the_parts_label_order_warnings_once_each_as_one_pass_does()
    {
        // Shard 1's third record names id 0 'A' where earlier ones name it 'a' (ConflictingIds; 'A' is a label of its own,
        // the other cause of absent scores); shard 2's third gives a the id 0.5 (UnusableIds). One pass warns of each once,
        // at its shard and line; the merge used to say neither, and MissingScore named top-k only.
        using var folder = new TempFolder();
        var gt = folder.Write("gt.csv", "path,label\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"i{i},{"ab"[i % 2]}\n")));
        string Record(int item, string ids, string names) =>
            $"{{\"instance\":{{\"content\":\"i{item}\"}},\"prediction\":{{\"ids\":[{ids}],\"displayNames\":[{names}],\"confidences\":[{FormattableString.Invariant($"{0.1 * (item % 5)},{0.9 - (0.1 * (item % 5))}")}]}}}}\n";
        var shards = new[]
        {
            folder.Write("shard-1.jsonl", string.Concat(Enumerable.Range(0, 5).Select(i => Record(i, "0,1", i == 2 ? "\"A\",\"b\"" : "\"a\",\"b\"")))),
            folder.Write("shard-2.jsonl", string.Concat(Enumerable.Range(5, 5).Select(i => Record(i, i == 7 ? "0.5,1" : "0,1", "\"a\",\"b\"")))),
        };
        var onePass = new IssueLog();
        ClassificationRun.Start(gt, Path.Combine(folder.Root, "shard-*.jsonl"), new ClassificationInputOptions(), Defaults, onePass);
        var merge = new IssueLog();

        PartialClassification.Merge(shards.Select(s => Part(gt, s)).Reverse()).Evaluate(merge);

        string[] codes = { "ConflictingIds", "UnusableIds", "MissingScore" };
        IEnumerable<string> Warnings(IssueLog log) => log.Issues.Where(i => codes.Contains(i.Code)).Select(i => $"{i.Code} {i.Source}:{i.Line} {i.Field}: {i.Message}");
        Assert.Equal(codes, merge.Issues.Where(i => codes.Contains(i.Code)).Select(i => i.Code));
        Assert.Equal(Warnings(onePass), Warnings(merge));
        Assert.Equal((shards[0], 3L), merge.Issues.Where(i => i.Code == "ConflictingIds").Select(i => (i.Source, i.Line)).Single());
        Assert.Equal((shards[1], 3L), merge.Issues.Where(i => i.Code == "UnusableIds").Select(i => (i.Source, i.Line)).Single());
        // 9 items lack A's score and i2 lacks a's; the cause named is the id under two names, not top-k alone.
        Assert.Equal(
            "10 (item, label) scores are absent (for example a top-k limited batch prediction, or, as here, a label written two ways under one id (see ConflictingIds)); they are taken as 0",
            merge.Issues.Single(i => i.Code == "MissingScore").Message);
    }

    [Fact]
    public void UnusableIds_of_a_label_only_a_csv_shard_brings_names_its_column_of_the_csv()
    {
        // The JSON Lines shard gives a and b ids; the CSV (which has no ids) adds c: its header's column c, not prediction.ids.
        using var folder = new TempFolder();
        var jsonl = folder.Write("shard-1.jsonl", "{\"instance\":{\"content\":\"i0\"},\"prediction\":{\"ids\":[0,1],\"displayNames\":[\"a\",\"b\"],\"confidences\":[0.75,0.25]}}\n");
        var csv = folder.Write("shard-2.csv", "path,a,b,c\ni1,0.5,0.25,0.25\n");
        var log = new IssueLog();

        PredictionReader.Read(new[] { jsonl, csv }, Path.Combine(folder.Root, "shard-*"), log);

        var unusable = Assert.Single(log.Issues, i => i.Code == "UnusableIds");
        Assert.Equal((csv, 1L, "c"), (unusable.Source, unusable.Line, unusable.Field));
        Assert.StartsWith("the label 'c' first appears here, as a column of a CSV, which gives no ids, while other labels have ids in the JSON Lines files; the ids cannot order the labels", unusable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Items_in_two_parts_are_reported_with_those_parts_and_a_csv_shard_s_path_column()
    {
        // Three CSV shards; i0 is in shards 0 and 2 (shard 1 repeats none): the warning names those two alone.
        using var folder = new TempFolder();
        var gt = folder.Write("gt.csv", "path,label\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"i{i},{"ab"[i % 2]}\n")));
        string Shard(int k, IEnumerable<int> items) =>
            folder.Write($"shard-{k}.csv", "path,a,b\n" + string.Concat(items.Select(i => FormattableString.Invariant($"i{i},{0.05 * i},{1 - (0.05 * i)}\n"))));
        var shards = new[] { Shard(0, Enumerable.Range(0, 4)), Shard(1, Enumerable.Range(4, 4)), Shard(2, Enumerable.Range(8, 4).Append(0)) };
        var log = new IssueLog();

        var (_, summary) = PartialClassification.Merge(shards.Select(s => Part(gt, s))).Evaluate(log);

        Assert.Equal(1, summary.DuplicateRecords);
        var warning = Assert.Single(log.Issues, i => i.Code == "DuplicateAcrossParts");
        Assert.Equal($"{shards[0]}, {shards[2]}", warning.Source);
        Assert.Equal("path", warning.Field);
        Assert.StartsWith("1 item was evaluated in more than one part", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty.jsonl", "")]
    [InlineData("empty.csv", "")]
    [InlineData("rejected.jsonl", "{not json\n")]
    public void An_empty_shard_is_a_part_without_items_that_merges_as_nothing(string name, string content)
    {
        // A batch job's shard that holds no usable prediction: its part is written (with a warning), not the error
        // NoItems, and the merge of it with the other shards' parts is the merge of those alone (its rejected line counted).
        using var folder = new TempFolder();
        var gt = Fixture.Path("digits", "dataset.csv");
        var shards = SplitLines(folder, File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl")), 2, 7, ".jsonl");
        var empty = folder.Write(name, content);
        var log = new IssueLog();
        var inputs = ClassificationInputs.Load(gt, empty, new ClassificationInputOptions { IsShard = true }, log);
        var part = PartialClassification.ReadFrom(new MemoryStream(PartialClassification.Of(inputs, empty, Defaults).ToBytes()), empty);

        Assert.Equal(0, part.Items);
        Assert.Equal(540, part.Counts.GroundTruthItems);
        Assert.Equal(("EmptyShard", empty), log.Issues.Where(i => i.Severity == IssueSeverity.Warning).Select(i => (i.Code, i.Source)).Single());
        var others = shards.Select(s => Part(gt, s)).ToArray();
        var expected = Json(PartialClassification.Merge(others));
        var merged = Json(PartialClassification.Merge(others.Prepend(part)));
        var skipped = content.Length > 0 ? 1 : 0;
        Assert.Equal(skipped, merged.GetProperty("counts").GetProperty("skippedPredictionRecords").GetInt32());
        if (skipped == 0) JsonAssert.Close(expected, merged, 1e-12);
        else JsonAssert.Close(expected.GetProperty("perLabel"), merged.GetProperty("perLabel"), 1e-12);
        // Evaluated alone (not as a shard), the file is still an error: there is nothing to evaluate.
        Assert.Throws<InputFormatException>(() => ClassificationInputs.Load(gt, empty, new ClassificationInputOptions(), new IssueLog()));
    }

    [Fact]
    public void Items_in_two_parts_are_counted_and_reported()
    {
        var gt = Fixture.Path("digits", "dataset.csv");
        var part = Part(gt, Fixture.Path("digits", "predictions.test.jsonl"));
        var log = new IssueLog();

        var (evaluation, summary) = PartialClassification.Merge(part, part).Evaluate(log);

        // 540 test items, each evaluated twice: 540 duplicates, none missing, every copy in the metrics.
        Assert.Equal(540, part.Items);
        Assert.Equal(540, summary.DuplicateRecords);
        Assert.Equal(0, summary.MissingPredictions);
        Assert.Equal(1080, evaluation.ItemCount);
        Assert.Contains(log.Issues, i => i.Code == "DuplicateAcrossParts" && i.Message.StartsWith("540 items", StringComparison.Ordinal));
    }

    [Fact]
    public void Items_no_part_predicts_are_missing_after_the_merge_not_before()
    {
        using var folder = new TempFolder();
        var gt = Fixture.Path("digits", "dataset.csv");
        var lines = File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl"));
        var shard = folder.Write("shard.jsonl", string.Join("\n", lines.Take(100)));
        var log = new IssueLog();
        var inputs = ClassificationInputs.Join(GroundTruthReader.Read(gt, log), PredictionReader.Read(shard, log), new ClassificationInputOptions { IsShard = true }, log);
        Assert.DoesNotContain(log.Issues, i => i.Code == "MissingPrediction");

        var (_, summary) = PartialClassification.Of(inputs, shard, Defaults).Evaluate(log);

        Assert.Equal(440, summary.MissingPredictions);
        Assert.Contains(log.Issues, i => i.Code == "MissingPrediction" && i.Message.StartsWith("440 ", StringComparison.Ordinal));
        // Named by the ground-truth file, as one pass names a missing item, not by the shards.
        Assert.Equal(gt, log.Issues.Single(i => i.Code == "MissingPrediction").Source);
    }

    [Fact]
    public void Parts_of_other_settings_or_ground_truths_are_refused()
    {
        var digits = Part(Fixture.Path("digits", "dataset.csv"), Fixture.Path("digits", "predictions.test.jsonl"));
        var otherThreshold = Part(Fixture.Path("digits", "dataset.csv"), Fixture.Path("digits", "predictions.test.jsonl"), new ClassificationOptions { Threshold = 0.3 });
        var multiLabel = Part(Fixture.Path("multilabel", "ground_truth.jsonl"), Fixture.Path("multilabel", "predictions.jsonl"));

        Assert.Contains("thresholds differ", Assert.Throws<ArgumentException>(() => PartialClassification.Merge(digits, otherThreshold)).Message, StringComparison.Ordinal);
        Assert.Contains("different ground truths", Assert.Throws<ArgumentException>(() => PartialClassification.Merge(digits, multiLabel)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_of_another_version_or_not_partial_evaluations_are_refused_by_name()
    {
        var good = Part(Fixture.Path("digits", "dataset.csv"), Fixture.Path("digits", "predictions.test.jsonl")).ToBytes();
        var bytes = good.ToArray();
        // The version is the int32 after the 8-byte magic.
        BitConverter.GetBytes(99).CopyTo(bytes, 8);

        var version = Assert.Throws<InputFormatException>(() => PartialClassification.ReadFrom(new MemoryStream(bytes), "p.eval"));
        Assert.Equal("PartialEvaluationVersion", version.Issue.Code);
        Assert.Contains("version 99", version.Issue.Message, StringComparison.Ordinal);
        var other = Assert.Throws<InputFormatException>(() => PartialClassification.ReadFrom(new MemoryStream(Encoding.UTF8.GetBytes("path,label\n")), "gt.csv"));
        Assert.Equal("NotPartialEvaluation", other.Issue.Code);
        var truncated = Assert.Throws<InputFormatException>(() => PartialClassification.ReadFrom(new MemoryStream(good, 0, 200), "cut.eval"));
        Assert.Equal("CorruptPartialEvaluation", truncated.Issue.Code);
    }

    [Fact]
    public void A_damaged_label_count_is_a_corrupt_part_not_an_allocation()
    {
        var part = Part(Fixture.Path("digits", "dataset.csv"), Fixture.Path("digits", "predictions.test.jsonl"));
        var bytes = part.ToBytes();
        // The row statistics start with the label count (10), the top-k count and the item count (540), as int32, int32, int64.
        var rows = BitConverter.GetBytes(10).Concat(BitConverter.GetBytes(part.Options.MaxTopK)).Concat(BitConverter.GetBytes(540L)).ToArray();
        int at = bytes.AsSpan().IndexOf(rows);
        Assert.True(at > 0);
        // A million labels: the labels × labels matrix exceeds any array (this threw OutOfMemoryException).
        BitConverter.GetBytes(1_000_000).CopyTo(bytes, at);

        var damaged = Assert.Throws<InputFormatException>(() => PartialClassification.ReadFrom(new MemoryStream(bytes), "damaged.eval"));
        Assert.Equal(("CorruptPartialEvaluation", "damaged.eval"), (damaged.Issue.Code, damaged.Issue.Source));
    }

    [Fact]
    public void A_part_is_bounded_by_distinct_scores_and_items_not_by_pairs()
    {
        // Digits: 540 items × 10 labels, float64 scores. At most 10 bytes per item hash (a varint difference) and per
        // distinct score per label (and of the top-1 confidences) 10 bytes of key and 2 + 2 of counts (each count is at
        // most 540 < 2^14), plus a fixed header and the 10 × 10 confusion counts: the bound below, with 4 KiB for the rest.
        var part = Part(Fixture.Path("digits", "dataset.csv"), Fixture.Path("digits", "predictions.test.jsonl"));
        long distinct = part.LabelScores.Sum(h => h.Groups) + part.TopScores.Groups;
        Assert.InRange(part.ToBytes().Length, 540, (10 * 540) + (14 * distinct) + 4096);
    }

    [Fact]
    public void A_single_part_merges_to_its_own_evaluation()
    {
        var gt = Fixture.Path("digits", "dataset.csv");
        var shard = Fixture.Path("digits", "predictions.test.jsonl");

        JsonAssert.Close(EvaluateJson(gt, shard), Json(PartialClassification.Merge(new[] { Part(gt, shard) })), 1e-12);
    }

    [Fact]
    public void A_merge_gives_the_confidence_rows_of_thresholds_on_its_grid_and_no_others()
    {
        // Thresholds of the merge's own grid (Vertex AI's: 0, 0.05 … 0.95, 0.96 … 1), in the order asked: the rows one pass
        // over the items gives at them. 0.33 is off the grid.
        var gt = Fixture.Path("digits", "dataset.csv");
        var shard = Fixture.Path("digits", "predictions.test.jsonl");
        var (merged, _) = PartialClassification.Merge(new[] { Part(gt, shard) }).Evaluate(new IssueLog());
        var data = ClassificationInputs.Load(gt, shard, new ClassificationInputOptions(), new IssueLog()).Data;
        var asked = new[] { 0.5, 0.05, 0.97 };

        Assert.Equal(ClassificationEvaluator.Evaluate(data, Defaults with { ThresholdGrid = asked }).ConfidenceMetrics, merged.ConfidenceMetricsAt(asked));
        Assert.Null(merged.ConfidenceMetricsAt(new[] { 0.5, 0.33 }));
    }

    /// <summary>Ten items of labels a, b, d in two CSV shards: c is scored by both and true for none, d scored by shard 2 only.</summary>
    private static (string GroundTruth, string[] Shards) WriteShardsOfLabelsCAndD(TempFolder folder)
    {
        var gt = folder.Write("gt.csv", "path,label\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"i{i},{"abd"[i % 3]}\n")));
        var shards = new[]
        {
            folder.Write("shard-1.csv", "path,a,b,c\n" + string.Concat(Enumerable.Range(0, 5).Select(i => FormattableString.Invariant($"i{i},{0.1 * i},{0.5 - (0.1 * i)},0.25\n")))),
            folder.Write("shard-2.csv", "path,a,b,c,d\n" + string.Concat(Enumerable.Range(5, 5).Select(i => FormattableString.Invariant($"i{i},0.5,0.25,{0.05 * i},{(i % 3 == 2 ? 0.75 : 0.25)}\n")))),
        };
        return (gt, shards);
    }

    private static PartialClassification Part(string groundTruth, string shard, ClassificationOptions? options = null, ClassificationInputOptions? inputOptions = null)
    {
        var log = new IssueLog();
        var inputs = ClassificationInputs.Load(groundTruth, shard, (inputOptions ?? new ClassificationInputOptions()) with { IsShard = true }, log);
        var part = PartialClassification.Of(inputs, shard, options ?? Defaults);
        // Every part goes through its file form, as across processes.
        return PartialClassification.ReadFrom(new MemoryStream(part.ToBytes()), shard);
    }

    private static JsonElement MergedJson(string groundTruth, IReadOnlyList<string> shards, int seed, ClassificationInputOptions? inputOptions = null)
    {
        var shuffle = new Random(seed);
        var parts = shards.Select(s => Part(groundTruth, s, inputOptions: inputOptions)).OrderBy(_ => shuffle.Next()).ToArray();
        return Json(PartialClassification.Merge(parts));
    }

    private static JsonElement Json(PartialClassification merged)
    {
        var (evaluation, summary) = merged.Evaluate(new IssueLog());
        return Write(evaluation, summary, merged.MlUse);
    }

    private static JsonElement EvaluateJson(string groundTruth, string predictions, ClassificationInputOptions? inputOptions = null)
    {
        var inputs = ClassificationInputs.Load(groundTruth, predictions, inputOptions ?? new ClassificationInputOptions(), new IssueLog());
        return Write(ClassificationEvaluator.Evaluate(inputs.Data), inputs.Summary, inputs.MlUse);
    }

    private static JsonElement Write(ClassificationEvaluation evaluation, InputSummary summary, string mlUse)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) ClassificationJson.Write(writer, evaluation, summary, mlUse);
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>Deals the lines (after an optional header repeated in every shard) at random into <paramref name="parts"/> shard files.</summary>
    private static string[] SplitLines(TempFolder folder, IReadOnlyList<string> lines, int parts, int seed, string extension, string? header = null)
    {
        var random = new Random(seed);
        var shards = Enumerable.Range(0, parts).Select(_ => new StringBuilder(header is null ? string.Empty : header + "\n")).ToArray();
        // Every shard gets at least one line, the rest at random.
        var body = lines.Skip(header is null ? 0 : 1).ToArray();
        for (int i = 0; i < body.Length; i++) shards[i < parts ? i : random.Next(parts)].Append(body[i]).Append('\n');
        return shards.Select((s, k) => folder.Write($"shard-{k:00}{extension}", s.ToString())).ToArray();
    }

    /// <summary>A ground-truth CSV (path,label; one row per true label) and prediction CSV lines (header first) with scores rounded to 2 decimals, so that many tie.</summary>
    public enum ScoreForm
    {
        TwoDecimals,
        Float32,
        Float64,
    }

    private static (string GroundTruth, string[] PredictionLines) WriteRandomData(TempFolder folder, int items, int labels, bool multiLabel, int seed, ScoreForm form = ScoreForm.TwoDecimals)
    {
        var random = new Random(seed);
        var truth = new StringBuilder("path,label\n");
        var lines = new List<string> { "path," + string.Join(",", Enumerable.Range(0, labels).Select(j => $"label{j}")) };
        for (int i = 0; i < items; i++)
        {
            int trueLabel = random.Next(labels);
            var scores = new double[labels];
            for (int j = 0; j < labels; j++)
            {
                bool isTrue = multiLabel ? random.NextDouble() < 0.3 || j == trueLabel : j == trueLabel;
                if (isTrue) truth.Append(CultureInfo.InvariantCulture, $"item{i},label{j}\n");
                var score = (isTrue ? 0.3 : 0.0) + (random.NextDouble() * 0.7);
                scores[j] = form switch
                {
                    ScoreForm.TwoDecimals => Math.Round(score, 2),
                    ScoreForm.Float32 => Math.Round(score * 64) / 64,
                    _ => score,
                };
            }
            lines.Add($"item{i}," + string.Join(",", scores.Select(s => s.ToString("R", CultureInfo.InvariantCulture))));
        }
        return (folder.Write("gt.csv", truth.ToString()), lines.ToArray());
    }
}
