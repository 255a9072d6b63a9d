using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Detection;
using Xunit;

namespace AutoMLEval.Tests.Detection;

/// <summary>Vertex AI import (JSONL, CSV) and batch-prediction files, image sizes from headers.</summary>
public sealed class VertexObjectDetectionTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"automl-eval-vertex-{Guid.NewGuid():N}");

    public VertexObjectDetectionTests()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "images"));
        // A PNG header of a 200×100 image and a JPEG header (APP0, then SOF0) of a 64×48 image.
        var png = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 200, 0, 0, 0, 100, 8, 2, 0, 0, 0 };
        File.WriteAllBytes(Path.Combine(_directory, "images", "a.png"), png);
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 17, 8, 0, 48, 0, 64, 3, 0, 0, 0 };
        File.WriteAllBytes(Path.Combine(_directory, "images", "b.jpg"), jpeg);
        // One cat on a.png at x .1–.3, y .5–.9; one dog on b.jpg at x .5–1, y 0–.5.
        File.WriteAllText(Path.Combine(_directory, "import.jsonl"), """
            {"imageGcsUri": "gs://bucket/a.png", "boundingBoxAnnotations": [{"displayName": "cat", "xMin": 0.1, "yMin": 0.5, "xMax": 0.3, "yMax": 0.9}]}
            {"imageGcsUri": "gs://bucket/b.jpg", "boundingBoxAnnotations": [{"displayName": "dog", "xMin": 0.5, "yMin": 0.0, "xMax": 1.0, "yMax": 0.5}]}
            """);
        // The same objects as CSV: ML_USE prefix with two vertices, and four vertices without it.
        File.WriteAllText(Path.Combine(_directory, "import.csv"),
            "TEST,gs://bucket/a.png,cat,0.1,0.5,,,0.3,0.9,,\n" +
            "gs://bucket/b.jpg,dog,0.5,0,1,0,1,0.5,0.5,0.5\n");
        // Predictions: boxes are [xMin, xMax, yMin, yMax]. The cat exactly; the dog shifted right by .25 of the image
        // (IoU (0.25·0.5)/(0.75·0.5) = 1/3, a miss); a label the ground truth does not have.
        File.WriteAllText(Path.Combine(_directory, "predictions.jsonl"), """
            {"instance": {"content": "gs://bucket/a.png", "mimeType": "image/png"}, "prediction": {"displayNames": ["cat", "zebra"], "confidences": [0.9, 0.8], "bboxes": [[0.1, 0.3, 0.5, 0.9], [0, 1, 0, 1]]}}
            {"instance": {"content": "gs://bucket/b.jpg"}, "prediction": {"displayNames": ["dog"], "confidences": [0.7], "bboxes": [[0.75, 1.25, 0.0, 0.5]]}}
            """);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ImageHeadersGiveTheSizes()
    {
        Assert.Equal((200, 100), ImageHeader.ReadSize(Path.Combine(_directory, "images", "a.png")));
        Assert.Equal((64, 48), ImageHeader.ReadSize(Path.Combine(_directory, "images", "b.jpg")));
        Assert.Null(ImageHeader.ReadSize(Path.Combine(_directory, "import.csv")));
    }

    [Fact]
    public void DamagedImageHeadersGiveNoSize()
    {
        // A BMP whose height is int.MinValue (its magnitude is no int: Math.Abs threw OverflowException) and a PNG
        // whose width reads as -1: no positive size, so none.
        var bmp = new byte[26];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        bmp[18] = 100;
        bmp[25] = 0x80;
        var png = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 100, 8, 2 };
        File.WriteAllBytes(Path.Combine(_directory, "images", "damaged.bmp"), bmp);
        File.WriteAllBytes(Path.Combine(_directory, "images", "damaged.png"), png);
        Assert.Null(ImageHeader.ReadSize(Path.Combine(_directory, "images", "damaged.bmp")));
        Assert.Null(ImageHeader.ReadSize(Path.Combine(_directory, "images", "damaged.png")));
    }

    [Fact]
    public void ImportBoxesBecomePixelBoxesAndCsvEqualsJsonl()
    {
        var jsonl = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.jsonl"), Path.Combine(_directory, "images"));
        var csv = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.csv"), Path.Combine(_directory, "images"));
        Assert.True(jsonl.HasImageSizes);
        // cat on 200×100: x .1·200 = 20, y .5·100 = 50, w .2·200 = 40, h .4·100 = 40.
        Assert.Equal(new[] { 20.0, 50, 40, 40 }, jsonl.Annotations.Boxes.Take(4).Select(v => Math.Round(v, 9)));
        Assert.Equal(jsonl.Annotations.Boxes.Select(v => Math.Round(v, 9)), csv.Annotations.Boxes.Select(v => Math.Round(v, 9)));
        Assert.Equal(new[] { "cat", "dog" }, csv.Categories.Select(c => c.Name));
    }

    [Fact]
    public void ImportImagesWithoutAFolder_AreMadeWhenAskedFor_IdsInOrder_NoSize()
    {
        var gt = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.jsonl"));

        // The records a read made at once before: ids 1, 2 in file order, width and height 0 (unknown).
        Assert.Equal(new[] { new CocoImage(1, 0, 0, "gs://bucket/a.png"), new CocoImage(2, 0, 0, "gs://bucket/b.jpg") }, gt.Images);
        Assert.Same(gt.Images[1], gt.Images[1]);
        Assert.Equal(2, gt.ImagesWithoutSize);
        Assert.Equal(new long[] { 1, 2 }, new[] { gt.ImageIdAt(0), gt.ImageIdAt(1) });
    }

    [Fact]
    public void PredictionsAgainstACocoGroundTruth_FindItsImagesByFileName()
    {
        // COCO images named as the predictions name them, ids 7 and 3 (not in order); the second a.png is never found.
        var cocoPath = Path.Combine(_directory, "gt.json");
        File.WriteAllText(cocoPath, """
            {"images": [{"id": 7, "width": 200, "height": 100, "file_name": "gs://bucket/a.png"}, {"id": 3, "width": 64, "height": 48, "file_name": "gs://bucket/b.jpg"}, {"id": 9, "width": 1, "height": 1, "file_name": "gs://bucket/a.png"}],
             "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}], "annotations": []}
            """);
        var gt = CocoReader.ReadGroundTruth(cocoPath, IouType.BoundingBox);

        Assert.Equal((0, 1, ImageNames.Unknown), (gt.ImageNames.ImageAt(gt.ImageNames.PlaceOf("gs://bucket/a.png"u8)), gt.ImageNames.ImageAt(gt.ImageNames.PlaceOf("gs://bucket/b.jpg"u8)), gt.ImageNames.ImageAt(gt.ImageNames.PlaceOf("gs://bucket/c.png"u8))));
        var dt = VertexObjectDetection.ReadBatchPredictions(Path.Combine(_directory, "predictions.jsonl"), gt);
        // The cat on a.png (image 0) and the dog on b.jpg (image 1) in pixels of their sizes: the cat x .1·200 = 20,
        // y .5·100 = 50; the dog x .75·64 = 48, y 0; zebra is no category.
        Assert.Equal(new[] { 0, 1 }, dt.Objects.Image);
        Assert.Equal(new[] { 20.0, 50, 48, 0 }, new[] { dt.Objects.Boxes[0], dt.Objects.Boxes[1], dt.Objects.Boxes[4], dt.Objects.Boxes[5] }.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void PredictionBoxesAreReadInTheirOwnOrder()
    {
        var log = new IssueLog();
        var evaluation = DetectionInputs.Evaluate(Path.Combine(_directory, "import.jsonl"), Path.Combine(_directory, "predictions.jsonl"), IouType.BoundingBox, Path.Combine(_directory, "images"), log);
        Assert.Equal((2, 1), (evaluation.Counts.Detections, evaluation.Counts.DetectionsUnknownCategory));
        // The dog's box reaches x 1.25: kept, and said once, after the evaluation (which detections are evaluated is known then).
        Assert.Equal(new[] { "UnknownCategory", "BoxOutOfRange" }, log.Issues.Select(i => i.Code));
        var labels = evaluation.Labels;
        // cat: the exact box → AP 1 (read as [xMin, yMin, xMax, yMax] it would be another box and miss).
        Assert.Equal(1.0, labels[0].Ap, 12);
        // dog: IoU 1/3 misses at every threshold → AP 0.
        Assert.Equal(0.0, labels[1].Ap);
    }

    [Fact]
    public void BoxesGetIdsScoresCrowdFlagsAndSegmentationsOfOneEntryAnObjectWhenAsked()
    {
        var gt = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.jsonl"));
        var dt = VertexObjectDetection.ReadBatchPredictions(Path.Combine(_directory, "predictions.jsonl"), gt);
        // Made when first asked for, not at the read: one entry for each of the 2 boxes and 2 detections kept (the
        // zebra is left out), the same array each time. Ground-truth ids from 0, detections' from 1; scores as read,
        // 0 in an import.
        Assert.Equal(new long[] { 0, 1 }, gt.Annotations.Id);
        Assert.Equal(new long[] { 1, 2 }, dt.Objects.Id);
        Assert.Equal(new[] { 0.0, 0.0 }, gt.Annotations.Score);
        Assert.Equal(new[] { 0.9, 0.7 }, dt.Objects.Score);
        Assert.Equal(new bool[2], gt.Annotations.Crowd);
        Assert.Equal(new CocoSegmentation?[2], gt.Annotations.Segmentation);
        Assert.Equal(new CocoSegmentation?[2], dt.Objects.Segmentation);
        Assert.Same(dt.Objects.Id, dt.Objects.Id);
        Assert.Same(gt.Annotations.Segmentation, gt.Annotations.Segmentation);
        var both = CocoObjects.Concat(new[] { gt.Annotations, dt.Objects });
        Assert.Equal(new long[] { 0, 1, 1, 2 }, both.Id);
        Assert.Equal(4, both.Segmentation.Length);
    }

    [Fact]
    public void WithoutImageSizesOnlyTheSizeMetricsAreSkipped()
    {
        var sized = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.jsonl"), Path.Combine(_directory, "images"));
        var unsized = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.jsonl"));
        Assert.False(unsized.HasImageSizes);
        var withSizes = DetectionEvaluator.Evaluate(sized, VertexObjectDetection.ReadBatchPredictions(Path.Combine(_directory, "predictions.jsonl"), sized)).Stats;
        var without = DetectionEvaluator.Evaluate(unsized, VertexObjectDetection.ReadBatchPredictions(Path.Combine(_directory, "predictions.jsonl"), unsized),
            CocoParams.SizeIndependent(IouType.BoundingBox)).Stats;
        // IoU does not change when x and y are scaled, so normalised boxes give the same size-independent numbers.
        Assert.Equal((withSizes.Ap, withSizes.Ap50, withSizes.Ar100), (without.Ap, without.Ap50, without.Ar100));
        Assert.Equal((-1.0, -1.0, -1.0), (without.ApSmall, without.ApMedium, without.ArLarge));
    }

    [Fact]
    public void An_images_folder_holds_Vertex_images_by_file_name_and_COCO_images_at_their_relative_paths()
    {
        // The one lookup the reader's pixel sizes and a report's drawn images share: gs://bucket/a.png is a.png in the folder.
        var vertex = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.jsonl"), Path.Combine(_directory, "images"));
        Assert.True(vertex.ImagesByFileName);
        Assert.Equal(new[] { "a.png", "b.jpg" }, vertex.Images.Select(vertex.ImageFileInFolder));
        Assert.Equal(new[] { 200, 64 }, vertex.Images.Select(i => i.Width));
        var coco = CocoReader.ReadGroundTruth(Path.Combine(AppContext.BaseDirectory, "Fixtures", "coco", "tiny_bbox", "gt.json"), IouType.BoundingBox);
        Assert.False(coco.ImagesByFileName);
        Assert.Equal(coco.Images.Select(i => i.FileName), coco.Images.Select(coco.ImageFileInFolder));
    }

    [Fact]
    public void The_size_warning_says_how_many_images_lack_a_size_and_why()
    {
        string Warning(string? images)
        {
            var log = new IssueLog();
            DetectionInputs.Evaluate(Path.Combine(_directory, "import.jsonl"), Path.Combine(_directory, "predictions.jsonl"), IouType.BoundingBox, images, log, "test");
            return Assert.Single(log.Issues, i => i.Code == "ImageSizeUnknown").Message;
        }

        Assert.StartsWith("2 of 2 images have no known pixel size (no images folder was given: --images, -ImagePath)", Warning(null), StringComparison.Ordinal);
        // A folder without one of the images: the first such is named, with the file it was looked up as, as not found.
        var partial = Path.Combine(_directory, "some-images");
        Directory.CreateDirectory(partial);
        File.Copy(Path.Combine(_directory, "images", "a.png"), Path.Combine(partial, "a.png"));
        var b = Path.Combine(partial, "b.jpg");
        Assert.StartsWith($"1 of 2 images has no known pixel size (not found or not readable in {partial}; the first: gs://bucket/b.jpg, looked up as {b}, not found)", Warning(partial), StringComparison.Ordinal);
        // A file there that is no image: named as not readable.
        File.WriteAllText(b, "not an image");
        Assert.StartsWith($"1 of 2 images has no known pixel size (not found or not readable in {partial}; the first: gs://bucket/b.jpg, looked up as {b}, not readable)", Warning(partial), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_bad_import_line_names_the_field_at_fault()
    {
        // Plain lines (the byte scanner's) and lines the reader takes (escapes, repeats) name the same fields.
        var path = Path.Combine(_directory, "fields-import.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"boundingBoxAnnotations":[]}""",
            """{"imageGcsUri":7,"boundingBoxAnnotations":[]}""",
            """{"imageGcsUri":"a.png","dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"holdout"}}""",
            """{"imageGcsUri":"b.png","boundingBoxAnnotations":{"displayName":"cat"}}""",
            """{"imageGcsUri":"c.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":0,"yMin":0,"xMax":1,"yMax":1},{"displayName":"cat","xMin":0,"yMin":0,"xMax":1.5,"yMax":1}]}""",
            """{"imageGcsUri":"d.png","boundingBoxAnnotations":[{"displayName":"c\u0061t","xMin":0,"yMin":0,"xMax":1,"yMax":1},7]}""",
            """{"imageGcsUri":"e.png","boundingBoxAnnotations":[{"xMin":0,"yMin":0,"xMax":1,"yMax":1}]}""",
            """{"imageGcsUri":"f.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":0,"yMin":0,"xMax":1,"yMax":1}]}"""));
        var log = new IssueLog();

        VertexObjectDetection.ReadImport(path, sink: log);

        Assert.Equal(
            new[]
            {
                (1L, "imageGcsUri"),
                (2L, "imageGcsUri"),
                (3L, "dataItemResourceLabels.aiplatform.googleapis.com/ml_use"),
                (4L, "boundingBoxAnnotations"),
                (5L, "boundingBoxAnnotations[1].xMax"),
                (6L, "boundingBoxAnnotations[1]"),
                (7L, "boundingBoxAnnotations[0].displayName"),
            },
            log.Issues.Select(i => (i.Line, i.Field)));
    }

    [Fact]
    public void A_key_near_a_fields_name_is_a_warning_naming_the_field_on_plain_lines_and_on_those_the_reader_takes()
    {
        // Line 1 misspells boundingBoxAnnotations (plain: the scanner leaves it to the reader), line 2 too but with an
        // escape (the reader's own path); both images are read without objects. Line 3 misspells imageGcsUri: the
        // line's error follows its warning. Line 4's extra key (mimeType) is near no field.
        var path = Path.Combine(_directory, "misspelt-import.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"imageGcsUri":"a.png","boundingBoxAnotations":[{"displayName":"cat","xMin":0,"yMin":0,"xMax":1,"yMax":1}]}""",
            """{"imageGcsUri":"b.png","BoundingBoxAnnotations":[{"displayName":"c\u0061t","xMin":0,"yMin":0,"xMax":1,"yMax":1}]}""",
            """{"imageGcsUrl":"c.png","boundingBoxAnnotations":[]}""",
            """{"imageGcsUri":"d.png","mimeType":"image/png","boundingBoxAnnotations":[{"displayName":"cat","xMin":0,"yMin":0,"xMax":1,"yMax":1}]}"""));
        var log = new IssueLog();

        var groundTruth = VertexObjectDetection.ReadImport(path, sink: log);

        Assert.Equal(new[] { "a.png", "b.png", "d.png" }, groundTruth.Images.Select(i => i.FileName));
        Assert.Equal(1, groundTruth.AnnotationCount);
        Assert.Equal(
            new[]
            {
                (MisspeltFields.Code, IssueSeverity.Warning, 1L, "boundingBoxAnotations"),
                (MisspeltFields.Code, IssueSeverity.Warning, 2L, "BoundingBoxAnnotations"),
                (MisspeltFields.Code, IssueSeverity.Warning, 3L, "imageGcsUrl"),
                ("InvalidRecord", IssueSeverity.Error, 3L, "imageGcsUri"),
            },
            log.Issues.Select(i => (i.Code, i.Severity, i.Line, i.Field)));
        Assert.Equal(
            "'boundingBoxAnotations' is not a field of the record, so it is read without 'boundingBoxAnnotations': the image is read as one without objects, where every detection is a false positive. Near name: boundingBoxAnnotations.",
            log.Issues[0].Message);
    }

    [Fact]
    public void A_key_near_a_field_beside_the_field_is_said_to_be_ignored_and_a_split_key_near_ml_use_is_a_warning()
    {
        // Line 1 has boundingBoxAnnotations and a misspelt copy after it: its box is read, so the warning says the copy
        // was ignored, not that the image has no objects. Lines 2 (plain) and 3 (an escape: the reader's own path) misspell
        // the split key: the images have no split, so they are in the test split though written as training. Line 4
        // has the split key and a misspelt copy beside it: the split (training) is read, and the image left out.
        var path = Path.Combine(_directory, "misspelt-beside-import.jsonl");
        const string Box = """[{"displayName":"cat","xMin":0,"yMin":0,"xMax":1,"yMax":1}]""";
        File.WriteAllText(path, string.Join("\n",
            $$"""{"imageGcsUri":"a.png","boundingBoxAnnotations":{{Box}},"boundingBoxAnotations":[]}""",
            $$"""{"imageGcsUri":"b.png","dataItemResourceLabels":{"aiplatform.googleapis.com/ml-use":"training"},"boundingBoxAnnotations":{{Box}}}""",
            $$"""{"imageGcsUri":"c\u002epng","dataItemResourceLabels":{"ml_use":"training"},"boundingBoxAnnotations":{{Box}}}""",
            $$"""{"imageGcsUri":"d.png","dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"training","aiplatform.googleapis.com/ml-use":"test"},"boundingBoxAnnotations":{{Box}}}"""));
        var log = new IssueLog();

        var groundTruth = VertexObjectDetection.ReadImport(path, sink: log);

        Assert.Equal(new[] { "a.png", "b.png", "c.png" }, groundTruth.Images.Select(i => i.FileName));
        Assert.Equal(3, groundTruth.AnnotationCount);
        Assert.Equal(
            new[]
            {
                (1L, "boundingBoxAnotations", "'boundingBoxAnotations' is not a field of the record and is ignored; 'boundingBoxAnnotations', which it is near, is there as well and is read."),
                (2L, "dataItemResourceLabels.aiplatform.googleapis.com/ml-use", "'aiplatform.googleapis.com/ml-use' is not a field of the record, so it is read without 'aiplatform.googleapis.com/ml_use': the image has no split, so it is in every split. Near name: aiplatform.googleapis.com/ml_use."),
                (3L, "dataItemResourceLabels.ml_use", "'ml_use' is not a field of the record, so it is read without 'aiplatform.googleapis.com/ml_use': the image has no split, so it is in every split. Near name: aiplatform.googleapis.com/ml_use."),
                (4L, "dataItemResourceLabels.aiplatform.googleapis.com/ml-use", "'aiplatform.googleapis.com/ml-use' is not a field of the record and is ignored; 'aiplatform.googleapis.com/ml_use', which it is near, is there as well and is read."),
            },
            log.Issues.Where(i => i.Code == MisspeltFields.Code).Select(i => (i.Line, i.Field, i.Message)));
    }

    [Fact]
    public void A_key_near_the_split_key_is_a_warning_on_every_line_among_custom_keys_each_judged_once()
    {
        // The parser remembers the keys it found near no field: lines 1-2 carry custom labels (env, camera) beside the
        // split and a key "ml_use" at the top, where it is near no field. In dataItemResourceLabels "ml_use" is near the
        // split key: lines 3 and 4 are each a warning (read without a split, so in the test split though written as
        // training), whatever was judged at the top or on the line before.
        var path = Path.Combine(_directory, "custom-labels-import.jsonl");
        const string Box = """[{"displayName":"cat","xMin":0,"yMin":0,"xMax":1,"yMax":1}]""";
        File.WriteAllText(path, string.Join("\n",
            $$$"""{"imageGcsUri":"a.png","ml_use":"x","boundingBoxAnnotations":{{{Box}}},"dataItemResourceLabels":{"env":"prod","camera":"a3","aiplatform.googleapis.com/ml_use":"test"}}""",
            $$$"""{"imageGcsUri":"b.png","ml_use":"x","boundingBoxAnnotations":{{{Box}}},"dataItemResourceLabels":{"env":"dev","camera":"a4","aiplatform.googleapis.com/ml_use":"training"}}""",
            $$$"""{"imageGcsUri":"c.png","boundingBoxAnnotations":{{{Box}}},"dataItemResourceLabels":{"env":"prod","ml_use":"training"}}""",
            $$$"""{"imageGcsUri":"d.png","boundingBoxAnnotations":{{{Box}}},"dataItemResourceLabels":{"ml_use":"training","camera":"a3"}}"""));
        var log = new IssueLog();

        var groundTruth = VertexObjectDetection.ReadImport(path, sink: log);

        Assert.Equal(new[] { "a.png", "c.png", "d.png" }, groundTruth.Images.Select(i => i.FileName));
        Assert.Equal(3, groundTruth.AnnotationCount);
        Assert.Equal(
            new[] { (3L, "dataItemResourceLabels.ml_use"), (4L, "dataItemResourceLabels.ml_use") },
            log.Issues.Select(i => (i.Line, i.Field)));
        Assert.All(log.Issues, i => Assert.Equal(MisspeltFields.Code, i.Code));
    }

    [Fact]
    public void Each_bad_prediction_line_names_the_field_at_fault()
    {
        var gt = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.jsonl"));
        var path = Path.Combine(_directory, "fields-predictions.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"prediction":{"displayNames":[],"confidences":[],"bboxes":[]}}""",
            """{"instance":{"content":"gs://bucket/a.png"}}""",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"confidences":[],"bboxes":[]}}""",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":[],"bboxes":[]}}""",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":[],"confidences":[]}}""",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":["cat"],"confidences":[],"bboxes":[]}}"""));
        var log = new IssueLog();

        VertexObjectDetection.ReadBatchPredictions(path, gt, log);

        Assert.Equal(
            new[] { (1L, "instance.content"), (2L, "prediction"), (3L, "prediction.displayNames"), (4L, "prediction.confidences"), (5L, "prediction.bboxes"), (6L, "prediction") },
            log.Issues.Select(i => (i.Line, i.Field)));
    }

    [Fact]
    public void Prediction_boxes_all_outside_the_unit_square_are_said_to_look_like_pixels_in_one_warning()
    {
        var path = Path.Combine(_directory, "pixels.jsonl");
        // The fixture's cat and dog in pixels of 200 × 100 and 64 × 48 images.
        File.WriteAllText(path, string.Join("\n",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":["cat"],"confidences":[0.9],"bboxes":[[20,60,50,90]]}}""",
            """{"instance":{"content":"gs://bucket/b.jpg"},"prediction":{"displayNames":["dog"],"confidences":[0.8],"bboxes":[[32,64,0,24]]}}"""));
        var log = new IssueLog();

        var evaluation = DetectionInputs.Evaluate(Path.Combine(_directory, "import.jsonl"), path, IouType.BoundingBox, null, log);

        // Kept: the evaluation is what the file says (AP 0), and the warning says why (beside the images' unknown sizes).
        Assert.Equal(2, evaluation.Counts.Detections);
        Assert.Equal(0.0, evaluation.Stats.Ap);
        var issue = Assert.Single(log.Issues, i => i.Code != "ImageSizeUnknown");
        Assert.Equal(("BoxOutOfRange", IssueSeverity.Warning, 1L, "prediction.bboxes[0]"), (issue.Code, issue.Severity, issue.Line, issue.Field));
        Assert.Equal(
            "every evaluated detection (2 detections) has a box outside [0, 1] (the first here: [20, 60, 50, 90]): the boxes look like pixel coordinates, but batch-prediction boxes are [xMin, xMax, yMin, yMax] as fractions of the image's width and height. They are evaluated as they are, and can hardly match a ground-truth box.",
            issue.Message);
    }

    [Fact]
    public void Prediction_boxes_reaching_outside_the_image_are_counted_among_the_evaluated_detections_and_the_first_is_named()
    {
        var path = Path.Combine(_directory, "outside.jsonl");
        // Line 1: a rejected box and an unknown label (neither evaluated) before the first evaluated box outside,
        // bboxes[2] (y from -0.1). Line 2 reaches x 1.3 on an unknown image, line 3 on an image predicted twice: not
        // evaluated, not counted. Line 4: one inside, one outside. 2 of 4 evaluated detections.
        File.WriteAllText(path, string.Join("\n",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":["cat","zebra","cat","cat"],"confidences":[0.9,0.8,0.7,0.6],"bboxes":[[0.3,0.1,0.5,0.9],[0,2,0,1],[0.1,0.3,-0.1,0.9],[0.1,0.3,0.5,0.9]]}}""",
            """{"instance":{"content":"gs://bucket/c.png"},"prediction":{"displayNames":["cat"],"confidences":[0.9],"bboxes":[[0,1.3,0,1]]}}""",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":["cat"],"confidences":[0.9],"bboxes":[[0,1.3,0,1]]}}""",
            """{"instance":{"content":"gs://bucket/b.jpg"},"prediction":{"displayNames":["dog","dog"],"confidences":[0.8,0.7],"bboxes":[[0.5,1,0,0.5],[0.5,1.0001,0,0.5]]}}"""));
        var log = new IssueLog();

        var evaluation = DetectionInputs.Evaluate(Path.Combine(_directory, "import.jsonl"), path, IouType.BoundingBox, null, log);

        Assert.Equal(4, evaluation.Counts.Detections);
        var issue = Assert.Single(log.Issues, i => i.Code == "BoxOutOfRange");
        Assert.Equal((IssueSeverity.Warning, 1L, "prediction.bboxes[2]"), (issue.Severity, issue.Line, issue.Field));
        Assert.Equal(
            "2 of 4 evaluated detections have a box outside [0, 1] (the first here: [0.1, 0.3, -0.1, 0.9]); batch-prediction boxes are fractions of the image's width and height, so a corner beyond the image is a damaged box. They are evaluated as they are.",
            issue.Message);
    }

    // Line 1 on a.png: 102 cats, two more than maxDets (100) keeps. The lowest-scoring two are cut: bboxes[0] (0.01,
    // outside: y from -0.2) and bboxes[1] (0.02); bboxes[2] (0.9, outside: x to 1.5) is evaluated, as are the other 99
    // (0.5). Line 2 on b.jpg: a dog reaching x 1.25. Evaluated: 100 + 1 = 101, of them 2 outside, the first bboxes[2].
    private static string CutCats()
    {
        var boxes = new List<string> { "[0.1,0.3,-0.2,0.9]", "[0.1,0.3,0.5,0.9]", "[0.1,1.5,0.5,0.9]" };
        var scores = new List<string> { "0.01", "0.02", "0.9" };
        boxes.AddRange(Enumerable.Repeat("[0.1,0.3,0.5,0.9]", 99));
        scores.AddRange(Enumerable.Repeat("0.5", 99));
        var names = string.Join(",", Enumerable.Repeat("\"cat\"", boxes.Count));
        return $$$"""{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":[{{{names}}}],"confidences":[{{{string.Join(",", scores)}}}],"bboxes":[{{{string.Join(",", boxes)}}}]}}""";
    }

    private const string DogOutside = """{"instance":{"content":"gs://bucket/b.jpg"},"prediction":{"displayNames":["dog"],"confidences":[0.7],"bboxes":[[0.5,1.25,0,0.5]]}}""";

    [Fact]
    public void Prediction_boxes_outside_the_image_that_maxDets_cuts_are_neither_counted_nor_named()
    {
        var path = Path.Combine(_directory, "cut.jsonl");
        File.WriteAllText(path, CutCats() + "\n" + DogOutside + "\n");
        var log = new IssueLog();

        var evaluation = DetectionInputs.Evaluate(Path.Combine(_directory, "import.jsonl"), path, IouType.BoundingBox, Path.Combine(_directory, "images"), log);

        Assert.Equal((101, 2), (evaluation.Counts.Detections, evaluation.Counts.DetectionsBeyondMaxDets));
        // Said after the evaluation, before what maxDets left out.
        Assert.Equal(new[] { "BoxOutOfRange", "DetectionsBeyondMaxDets" }, log.Issues.Select(i => i.Code));
        var issue = log.Issues[0];
        Assert.Equal((path, 1L, "prediction.bboxes[2]"), (issue.Source, issue.Line, issue.Field));
        Assert.Equal(
            "2 of 101 evaluated detections have a box outside [0, 1] (the first here: [0.1, 1.5, 0.5, 0.9]); batch-prediction boxes are fractions of the image's width and height, so a corner beyond the image is a damaged box. They are evaluated as they are.",
            issue.Message);
    }

    [Fact]
    public void Prediction_boxes_outside_the_image_in_shards_are_counted_where_their_file_puts_them_in_the_set()
    {
        // The dog first (s1, one detection), the cats second (s2): the cut bboxes[0] of s2 is the set's detection 1, not
        // 0 (the dog, evaluated). The same count and first as one file of both lines, the first in s1.
        var shards = Path.Combine(_directory, "shards");
        Directory.CreateDirectory(shards);
        File.WriteAllText(Path.Combine(shards, "s1.jsonl"), DogOutside + "\n");
        File.WriteAllText(Path.Combine(shards, "s2.jsonl"), CutCats() + "\n");
        var log = new IssueLog();

        var evaluation = DetectionInputs.Evaluate(Path.Combine(_directory, "import.jsonl"), shards, IouType.BoundingBox, Path.Combine(_directory, "images"), log);

        Assert.Equal(101, evaluation.Counts.Detections);
        var issue = Assert.Single(log.Issues, i => i.Code == "BoxOutOfRange");
        Assert.Equal((Path.Combine(shards, "s1.jsonl"), 1L, "prediction.bboxes[0]"), (issue.Source, issue.Line, issue.Field));
        Assert.StartsWith("2 of 101 evaluated detections have a box outside [0, 1] (the first here: [0.5, 1.25, 0, 0.5]);", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prediction_boxes_outside_the_image_all_cut_by_maxDets_are_not_said()
    {
        // Only the cats, bboxes[2] inside: the one box outside, bboxes[0], is cut.
        var path = Path.Combine(_directory, "cut-only.jsonl");
        File.WriteAllText(path, CutCats().Replace("[0.1,1.5,0.5,0.9]", "[0.1,0.3,0.5,0.9]", StringComparison.Ordinal) + "\n");
        var log = new IssueLog();

        DetectionInputs.Evaluate(Path.Combine(_directory, "import.jsonl"), path, IouType.BoundingBox, Path.Combine(_directory, "images"), log);

        Assert.Equal(new[] { "DetectionsBeyondMaxDets" }, log.Issues.Select(i => i.Code));
    }

    [Fact]
    public void BadPredictionLinesAreReportedWithTheirLine()
    {
        File.WriteAllText(Path.Combine(_directory, "bad.jsonl"), """
            {"instance": {"content": "gs://bucket/a.png"}, "prediction": {"displayNames": ["cat"], "confidences": [0.9], "bboxes": [[0.3, 0.1, 0.5, 0.9]]}}
            not json
            """);
        var log = new IssueLog();
        var gt = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.jsonl"));
        var dt = VertexObjectDetection.ReadBatchPredictions(Path.Combine(_directory, "bad.jsonl"), gt, log);
        Assert.Equal(2, dt.InvalidCount);
        Assert.Equal(new[] { (1L, "prediction.bboxes[0]"), (2L, "") }, log.Issues.Select(i => (i.Line, i.Field)).ToArray());
    }

    [Fact]
    public void Damaged_prediction_lines_get_the_checks_and_messages_a_JSON_document_gave()
    {
        // The byte-level reader must say what the JsonDocument reader said (messages taken from it; a syntax error's
        // place given as the byte of the line, as every reader gives it, not the parser's "LineNumber: 0"): the last of a
        // repeated field wins; a box of three numbers and a box that is not a list are single bad detections; a name
        // .NET cannot hold ends the line after the detections before it; a second value on the line is a syntax error.
        var gt = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.jsonl"));
        var path = Path.Combine(_directory, "damaged.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"instance":{"content":5,"content":"gs://bucket/a.png"},"prediction":{"displayNames":["dog"],"confidences":[0.9],"bboxes":[[0,1,0,1]]},"prediction":{"displayNames":["cat",2,"cat"],"confidences":[0.5,0.4,0.3],"bboxes":[[0.1,0.3,0.5,0.9],[0,1,0],"x"]}}""",
            """{"instance":{"content":"gs://bucket/b.jpg"},"prediction":{"displayNames":["dog","\udc00"],"confidences":[0.5,0.5],"bboxes":[[0,1,0,1],[0,1,0,1]]}}""",
            """{"instance":{"content":"gs://bucket/c.png"},"prediction":7}""",
            """{"instance":{"content":"gs://bucket/d.png"},"prediction":{"displayNames":[],"confidences":[],"bboxes":[]}} {}"""));
        var log = new IssueLog();

        var detections = VertexObjectDetection.ReadBatchPredictions(path, gt, log);

        Assert.Equal(
            new[]
            {
                "1 prediction.bboxes[1]: expected [xMin, xMax, yMin, yMax] as finite numbers with xMin ≤ xMax and yMin ≤ yMax; the detection is skipped.",
                "1 prediction.bboxes[2]: expected [xMin, xMax, yMin, yMax] as finite numbers with xMin ≤ xMax and yMin ≤ yMax; the detection is skipped.",
                "2 prediction.displayNames[1]: Cannot read invalid UTF-16 JSON text as string. Invalid surrogate value: '0xDC00'; the line is skipped.",
                "3 prediction: The requested operation requires an element of type 'Object', but the target element has type 'Number'; the line is skipped.",
                "4 : the line is not valid JSON (byte 108: '{' is invalid after a single JSON value. Expected end of data.); the line is skipped.",
            },
            log.Issues.Select(i => $"{i.Line} {i.Field}: {i.Message}"));
        // The cat of line 1 (the second prediction object) and the dog of line 2 before its bad name.
        Assert.Equal(new[] { 0.5, 0.5 }, detections.Objects.Score);
        Assert.Equal(5, detections.InvalidCount);
    }

    [Fact]
    public void An_image_predicted_again_is_a_repeat_whether_its_lines_are_plain_or_escaped_and_listed_or_not()
    {
        // Listed images are checked by their place in the ground truth's names, others by their names: a plain line
        // and an escaped one ("\u0070" is p, read by the reader) of the same image are one image, and so are two lines
        // of an image the ground truth does not list (warned of once, on its first line).
        File.WriteAllText(Path.Combine(_directory, "two.jsonl"), string.Join("\n",
            """{"imageGcsUri": "gs://bucket/p.png", "boundingBoxAnnotations": [{"displayName": "cat", "xMin": 0, "yMin": 0, "xMax": 1, "yMax": 1}]}""",
            """{"imageGcsUri": "gs://bucket/q.png", "boundingBoxAnnotations": [{"displayName": "cat", "xMin": 0, "yMin": 0, "xMax": 1, "yMax": 1}]}"""));
        var gt = VertexObjectDetection.ReadImport(Path.Combine(_directory, "two.jsonl"));
        var path = Path.Combine(_directory, "repeats.jsonl");
        const string Detection = ""","prediction":{"displayNames":["cat"],"confidences":[0.5],"bboxes":[[0,1,0,1]]}}""";
        File.WriteAllText(path, string.Join("\n",
            """{"instance":{"content":"gs://bucket/p.png"}""" + Detection,
            """{"instance":{"content":"gs://bucket/z.png"}""" + Detection,
            """{"instance":{"content":"gs://bucket/\u0070.png"}""" + Detection,
            """{"instance":{"content":"gs://bucket/z.png"}""" + Detection,
            """{"instance":{"content":"gs://bucket/\u0071.png"}""" + Detection,
            """{"instance":{"content":"gs://bucket/q.png"}""" + Detection));
        var log = new IssueLog();

        var detections = VertexObjectDetection.ReadBatchPredictions(path, gt, log);

        Assert.Equal(
            new[]
            {
                "2 instance.content: image 'gs://bucket/z.png' is not in the ground truth; its 1 detection is left out.",
                "3 instance.content: image 'gs://bucket/p.png' was already predicted on line 1; the first prediction is kept; the line is skipped.",
                "4 instance.content: image 'gs://bucket/z.png' was already predicted on line 2; the first prediction is kept; the line is skipped.",
                "6 instance.content: image 'gs://bucket/q.png' was already predicted on line 5; the first prediction is kept; the line is skipped.",
            },
            log.Issues.Select(i => $"{i.Line} {i.Field}: {i.Message}"));
        // The detections of lines 1 and 5: p.png (image 0) and q.png (image 1); each repeat's one detection is invalid.
        Assert.Equal(new[] { 0, 1 }, detections.Objects.Image);
        Assert.Equal((1, 3), (detections.UnknownImageCount, detections.InvalidCount));
    }

    [Fact]
    public void Display_names_are_found_by_their_bytes_escaped_or_not_and_each_detection_is_checked_in_the_old_order()
    {
        // Messages as the JsonDocument reader gave them (checked against it with the CLI): "c\u0061t" and "\u00e9" are
        // the ground truth's cat and é; a number as a name is the label ''; a bad box is reported before a name .NET
        // cannot hold is read, a bad score too, and that name then ends the line; 19 digits are parsed exactly.
        File.WriteAllText(Path.Combine(_directory, "three.jsonl"), string.Join("\n",
            """{"imageGcsUri": "gs://bucket/p.png", "boundingBoxAnnotations": [{"displayName": "cat", "xMin": 0, "yMin": 0, "xMax": 1, "yMax": 1}]}""",
            """{"imageGcsUri": "gs://bucket/q.png", "boundingBoxAnnotations": [{"displayName": "dog", "xMin": 0, "yMin": 0, "xMax": 1, "yMax": 1}]}""",
            """{"imageGcsUri": "gs://bucket/r.png", "boundingBoxAnnotations": [{"displayName": "é", "xMin": 0, "yMin": 0, "xMax": 1, "yMax": 1}]}"""));
        var gt = VertexObjectDetection.ReadImport(Path.Combine(_directory, "three.jsonl"));
        var path = Path.Combine(_directory, "names.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"instance":{"content":"gs://bucket/p.png"},"prediction":{"displayNames":["c\u0061t",3,"\u00e9","zebra"],"confidences":[0.5,0.25,0.125,0.0625],"bboxes":[[0,1,0,1],[0,1,0,1],[0,1,0,1],[0,1,0,1]]}}""",
            """{"instance":{"content":"gs://bucket/q.png"},"prediction":{"displayNames":["\udc00","dog","\ud800"],"confidences":[0.5,2,0.75],"bboxes":[[1,0,0,1],[0,1,0,1],[0,1,0,1]]}}""",
            """{"instance":{"content":"gs://bucket/r.png"},"prediction":{"displayNames":["dog"],"confidences":[0.1234567890123456789],"bboxes":[[0.1,0.30000000000000004,1e-1,1E0]]}}""",
            """{"instance":{"content":"gs://bucket/p.png"},"prediction":{"displayNames":[],"confidences":[],"bboxes":[]}}"""));
        var log = new IssueLog();

        var detections = VertexObjectDetection.ReadBatchPredictions(path, gt, log);

        Assert.Equal(
            new[]
            {
                "1 prediction.displayNames[1]: label '' is not in the ground truth; the detection is left out.",
                "1 prediction.displayNames[3]: label 'zebra' is not in the ground truth; the detection is left out.",
                "2 prediction.bboxes[0]: expected [xMin, xMax, yMin, yMax] as finite numbers with xMin ≤ xMax and yMin ≤ yMax; the detection is skipped.",
                "2 prediction.confidences[1]: expected a number in [0, 1]; the detection is skipped.",
                "2 prediction.displayNames[2]: Cannot read incomplete UTF-16 JSON text as string with missing low surrogate; the line is skipped.",
                "4 instance.content: image 'gs://bucket/p.png' was already predicted on line 1; the first prediction is kept; the line is skipped.",
            },
            log.Issues.Select(i => $"{i.Line} {i.Field}: {i.Message}"));
        Assert.Equal(new[] { "cat", "dog", "é" }, gt.Categories.Select(c => c.Name));
        Assert.Equal(new[] { 0, 2, 1 }, detections.Objects.Category);
        Assert.Equal(new[] { 0.5, 0.125, double.Parse("0.1234567890123456789", System.Globalization.CultureInfo.InvariantCulture) }, detections.Objects.Score);
        // Without image sizes the box stays normalised: x = .1, y = .1, w = .30000000000000004 − .1, h = 1 − .1.
        Assert.Equal(new[] { 0.1, 0.1, 0.30000000000000004 - 0.1, 1 - 0.1 }, detections.Objects.Boxes.Skip(8));
        // Line 2's bad box and score and its last detection, lost with the line; line 4 held none.
        Assert.Equal((2, 3), (detections.UnknownCategoryCount, detections.InvalidCount));
    }

    [Fact]
    public void A_rejected_line_counts_the_detections_it_held()
    {
        // Line 2 predicts a.png again (its 2 detections lost); line 3's lists differ in length (3 names, 2 confidences,
        // 1 box: the longest, 3, lost); line 4 is not JSON (how many it held cannot be told: 1). The 1 + 2 read, with
        // the 2 + 3 + 1 skipped, make up the file's detections where they can be counted.
        var gt = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.jsonl"));
        var path = Path.Combine(_directory, "rejected-lines.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":["cat"],"confidences":[0.9],"bboxes":[[0.1,0.3,0.5,0.9]]}}""",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":["cat","dog"],"confidences":[0.8,0.7],"bboxes":[[0,1,0,1],[0,1,0,1]]}}""",
            """{"instance":{"content":"gs://bucket/b.jpg"},"prediction":{"displayNames":["dog","dog","cat"],"confidences":[0.8,0.7],"bboxes":[[0,1,0,1]]}}""",
            "not json",
            """{"instance":{"content":"gs://bucket/b.jpg"},"prediction":{"displayNames":["dog","cat"],"confidences":[0.6,0.5],"bboxes":[[0.5,1,0,0.5],[0,1,0,1]]}}"""));
        var log = new IssueLog();

        var read = VertexObjectDetection.ReadBatchPredictions(path, gt, log);

        Assert.Equal((3, 6), (read.Count, read.InvalidCount));
        Assert.Equal(new[] { (2L, "instance.content"), (3L, "prediction"), (4L, "") }, log.Issues.Select(i => (i.Line, i.Field)));
    }

    [Fact]
    public void Plain_lines_and_the_forms_the_scanner_leaves_to_the_reader_read_as_main_read_them()
    {
        // Plain lines take the byte scanner; numbers in it that are not plain decimals (an exponent, 20 digits, the
        // smallest double, out of range) go to the general parser; a number JSON does not allow ("01", "1."), white
        // space and nesting deeper than the scanner goes are left to the reader. Messages and positions as main's
        // reader (Utf8JsonReader alone) gave them, checked with both builds.
        var gt = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.jsonl"));
        var path = Path.Combine(_directory, "plain.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":["cat","cat","cat","cat"],"confidences":[1e-1,0.12345678901234567891,-0,5e-324],"bboxes":[[0,1E0,0.5,1],[0.1,0.30000000000000004,0,1],[0,1,0,1],[0,1e400,0,1]]}}""",
            """{"instance":{"content":"gs://bucket/b.jpg"},"prediction":{"displayNames":["dog"],"confidences":[01],"bboxes":[[0,1,0,1]]}}""",
            """{ "instance" : { "content" : "gs://bucket/c.png" } ,	"prediction" : {"displayNames" : [ ] , "confidences":[ ],"bboxes":[ ]} }""",
            """{"instance":{"content":"gs://bucket/b.jpg"},"prediction":{"displayNames":["dog"],"confidences":[1.],"bboxes":[[0,1,0,1]]}}""",
            """{"instance":{"content":"gs://bucket/b.jpg"},"prediction":{"displayNames":["dog"],"confidences":[0.5],"bboxes":[[0,1,0,1]],"x":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}}"""));
        var log = new IssueLog();

        var detections = VertexObjectDetection.ReadBatchPredictions(path, gt, log);

        Assert.Equal(
            new[]
            {
                "1 prediction.bboxes[3]: expected [xMin, xMax, yMin, yMax] as finite numbers with xMin ≤ xMax and yMin ≤ yMax; the detection is skipped.",
                "2 : the line is not valid JSON (byte 98: Invalid leading zero before '1'.); the line is skipped.",
                "3 instance.content: image 'gs://bucket/c.png' is not in the ground truth; its 0 detections are left out.",
                "4 : the line is not valid JSON (byte 99: ']' is invalid within a number, immediately after a decimal point ('.'). Expected a digit ('0'-'9').); the line is skipped.",
            },
            log.Issues.Select(i => $"{i.Line} {i.Field}: {i.Message}"));
        Assert.Equal(new[] { 0, 0, 0, 1 }, detections.Objects.Category);
        Assert.Equal(
            new[] { 0.1, double.Parse("0.12345678901234567891", System.Globalization.CultureInfo.InvariantCulture), -0.0, 0.5 }.Select(BitConverter.DoubleToInt64Bits),
            detections.Objects.Score.Select(BitConverter.DoubleToInt64Bits));
        // Normalised [x, y, w, h] of [xMin, xMax, yMin, yMax]: [0, 1, .5, 1], [.1, .30000000000000004, 0, 1], [0, 1, 0, 1] twice.
        Assert.Equal(new[] { 0, 0.5, 1, 0.5, 0.1, 0, 0.30000000000000004 - 0.1, 1, 0, 0, 1, 1, 0, 0, 1, 1 }, detections.Objects.Boxes);
        Assert.Equal((0, 3), (detections.UnknownImageCount, detections.InvalidCount));
    }

    [Fact]
    public void An_image_listed_without_boxes_has_no_objects_whatever_the_line_before_it_held()
    {
        // Vertex AI lists an image without annotations as a negative example. The line before, read or failed (its
        // split misspelt), holds boxes: one cat box in all, the first line's.
        var path = Path.Combine(_directory, "negatives.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"imageGcsUri":"gs://bucket/a.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":0.1,"yMin":0.1,"xMax":0.5,"yMax":0.5}]}""",
            """{"imageGcsUri":"gs://bucket/b.png"}""",
            """{"imageGcsUri":"gs://bucket/c.png","boundingBoxAnnotations":[{"displayName":"dog","xMin":0.1,"yMin":0.1,"xMax":0.5,"yMax":0.5},{"xMin":0}],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"tset"}}""",
            """{"imageGcsUri":"gs://bucket/d.png","dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"test"}}"""));
        var log = new IssueLog();

        var gt = VertexObjectDetection.ReadImport(path, sink: log);

        Assert.Equal(new[] { "gs://bucket/a.png", "gs://bucket/b.png", "gs://bucket/d.png" }, gt.Images.Select(i => i.FileName));
        Assert.Equal(new[] { 0 }, gt.Annotations.Image);
        Assert.Equal(new[] { "cat" }, gt.Categories.Select(c => c.Name));
        Assert.Equal(
            new[] { "3 dataItemResourceLabels.aiplatform.googleapis.com/ml_use: 'tset' is not a split (training, validation, test, unassigned); the line and its 2 annotations are skipped." },
            log.Issues.Select(i => $"{i.Line} {i.Field}: {i.Message}"));
        Assert.Equal(2, gt.SkippedAnnotations);
    }

    [Fact]
    public void An_import_csv_row_with_a_bad_coordinate_names_that_column()
    {
        // Vertex AI names the eight coordinate columns after the corners they hold (clockwise from the top left);
        // the two-vertex form leaves the third, fourth, seventh and eighth empty. The error names the bad column, as
        // the file shows it, and the other rows are read. A row of a box's shape lists its image, its box skipped; a
        // row of another shape (three numbers) is skipped whole.
        var path = Path.Combine(_directory, "bad-coordinates.csv");
        File.WriteAllText(path, string.Join("\n",
            "TEST,gs://bucket/a.png,cat,0.1,0.1,,,0.5,0.5,,",
            "TEST,gs://bucket/b.png,cat,0.1,0.1,,,0.5,high,,",
            "gs://bucket/c.png,dog,0.1,0.1,0.5,1.5,0.5,0.5,0.1,0.5",
            "TEST,gs://bucket/d.png,cat,0.1,0.1,,,0.5,,,"));
        var log = new IssueLog();

        var gt = VertexObjectDetection.ReadImport(path, sink: log);

        Assert.Equal(
            new[]
            {
                "2 Y_MAX: 'high' is not a number in [0, 1]; the box is skipped.",
                "3 Y_MIN: '1.5' is not a number in [0, 1]; the box is skipped.",
                "4 X_MIN: expected two vertices (X_MIN,Y_MIN,,,X_MAX,Y_MAX,,) or four, as numbers in [0, 1]; the row is skipped.",
            },
            log.Issues.Select(i => $"{i.Line} {i.Field}: {i.Message}"));
        Assert.Equal(new[] { "gs://bucket/a.png", "gs://bucket/b.png", "gs://bucket/c.png" }, gt.Images.Select(i => i.FileName));
        Assert.Equal(new[] { 0 }, gt.Annotations.Image);
        Assert.Equal((3, 3), (gt.SkippedAnnotations, gt.InvalidRecords));
    }

    [Fact]
    public void Plain_import_lines_and_the_forms_the_scanner_leaves_to_the_reader_read_as_main_read_them()
    {
        // Plain lines (fields in any order, white space, annotationResourceLabels and other fields skipped) take the
        // byte scanner; numbers in them that are not plain decimals (exponents, 20 digits, the smallest double, -0, out
        // of range) go to the general parser; a number JSON does not allow ("01"), a repeated field (the last wins), an
        // escape and nesting deeper than the scanner goes are left to the reader. Messages, boxes and bits as main's
        // reader (Utf8JsonReader alone) gave them, checked with both builds.
        var path = Path.Combine(_directory, "plain-import.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"imageGcsUri":"gs://bucket/a.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":1e-1,"yMin":0.12345678901234567891,"xMax":5E-1,"yMax":1,"annotationResourceLabels":{"aiplatform.googleapis.com/annotation_set_name":"s"}},{"yMax":0.9,"xMax":0.8,"displayName":"dog","yMin":-0,"xMin":5e-324}],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"test","x":[1,true,null]}}""",
            """{ "dataItemResourceLabels" : { "aiplatform.googleapis.com/ml_use" : "TRAINING" } ,	"imageGcsUri" : "gs://bucket/b.png" , "boundingBoxAnnotations" : [ ] }""",
            """{"imageGcsUri":"gs://bucket/c.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":01,"yMin":0,"xMax":1,"yMax":1}]}""",
            """{"imageGcsUri":"gs://bucket/d.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":0.9,"yMin":0,"xMax":1,"yMax":1,"xMin":0.2}]}""",
            """{"imageGcsUri":"gs://bucket/e.png","boundingBoxAnnotations":[{"displayName":"c\u0061t","xMin":0,"yMin":0,"xMax":0.5,"yMax":0.5}],"x":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}""",
            """{"imageGcsUri":"gs://bucket/f.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":0,"yMin":0,"xMax":1e400,"yMax":1}]}""",
            """{"imageGcsUri":"gs://bucket/g.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":0.6,"yMin":0,"xMax":0.5,"yMax":1},{"displayName":"dog"}]}""",
            """{"imageGcsUri":"gs://bucket/h.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":0,"yMin":0,"xMax":1,"yMax":1}],"imageGcsUri":"gs://bucket/i.png"}"""));
        var log = new IssueLog();

        var gt = VertexObjectDetection.ReadImport(path, sink: log);

        Assert.Equal(
            new[]
            {
                "3 : the line is not valid JSON (byte 91: Invalid leading zero before '1'.); the line is skipped.",
                "6 boundingBoxAnnotations[0].xMax: 'xMax' is missing or not a number in [0, 1]; the annotation is skipped.",
                "7 boundingBoxAnnotations[0]: xMax < xMin or yMax < yMin; the annotation is skipped.",
                "7 boundingBoxAnnotations[1].xMin: 'xMin' is missing or not a number in [0, 1]; the annotation is skipped.",
            },
            log.Issues.Select(i => $"{i.Line} {i.Field}: {i.Message}"));
        // f.png and g.png are listed without their bad boxes.
        Assert.Equal(new[] { "gs://bucket/a.png", "gs://bucket/d.png", "gs://bucket/e.png", "gs://bucket/f.png", "gs://bucket/g.png", "gs://bucket/i.png" }, gt.Images.Select(i => i.FileName));
        // The prediction reader's lookup by the names' bytes: b.png is listed in another split, c.png nowhere.
        Assert.Equal(ImageNames.OtherSplit, gt.ImageNames.ImageAt(gt.ImageNames.PlaceOf("gs://bucket/b.png"u8)));
        Assert.Equal(ImageNames.Unknown, gt.ImageNames.ImageAt(gt.ImageNames.PlaceOf("gs://bucket/c.png"u8)));
        Assert.Equal(3, gt.ImageNames.ImageAt(gt.ImageNames.PlaceOf("gs://bucket/f.png"u8)));
        Assert.Equal(new[] { "cat", "dog" }, gt.Categories.Select(c => c.Name));
        Assert.Equal(new[] { 0, 0, 1, 2, 5 }, gt.Annotations.Image);
        Assert.Equal(new[] { 0, 1, 0, 0, 0 }, gt.Annotations.Category);
        // Normalised [x, y, w, h] of each box's corners; -0 and the smallest double kept to the bit.
        double twenty = double.Parse("0.12345678901234567891", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            new[] { 0.1, twenty, 0.5 - 0.1, 1 - twenty, double.Epsilon, -0.0, 0.8 - double.Epsilon, 0.9, 0.2, 0, 1 - 0.2, 1, 0, 0, 0.5, 0.5, 0, 0, 1, 1 }.Select(BitConverter.DoubleToInt64Bits),
            gt.Annotations.Boxes.Select(BitConverter.DoubleToInt64Bits));
        // Line 3 (not JSON: one), f.png's box and g.png's two.
        Assert.Equal(4, gt.SkippedAnnotations);
    }

    [Fact]
    public void An_import_of_several_blocks_keeps_every_box_in_file_order_with_its_own_label()
    {
        // 60,000 lines (about 7 MiB: two blocks of 4 MiB and more), each block meeting the 13 labels in another order;
        // every fifth image is in the training split (its labels count, its boxes are left out), and every 97th line
        // is damaged (skipped with its boxes). Line i has i % 4 boxes, box b labelled l{(7i + b) % 13}, at
        // x = b / 10, y = (i % 1000) / 2000, w = h = 1/4 (xMax = x + .25: written and read back as the same double).
        const int Lines = 60_000;
        var path = Path.Combine(_directory, "large-import.jsonl");
        var expected = new List<(int Line, string Label, double X, double Y)>();
        string Number(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        using (var writer = new StreamWriter(path))
        {
            for (int i = 0; i < Lines; i++)
            {
                var boxes = Enumerable.Range(0, i % 4).Select(b =>
                    $$"""{"displayName":"l{{(7 * i + b) % 13}}","xMin":{{Number(b / 10.0)}},"yMin":{{Number(i % 1000 / 2000.0)}},"xMax":{{Number((b / 10.0) + 0.25)}},"yMax":{{Number((i % 1000 / 2000.0) + 0.25)}}}""");
                var split = i % 5 == 4 ? "training" : "test";
                var damaged = i % 97 == 96 ? "x" : string.Empty;
                writer.WriteLine($$"""{"imageGcsUri":"gs://b/{{i}}.png","boundingBoxAnnotations":[{{string.Join(",", boxes)}}],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"{{split}}"}""" + "}" + damaged);
                if (split != "test" || damaged.Length > 0) continue;
                for (int b = 0; b < i % 4; b++) expected.Add((i, $"l{(7 * i + b) % 13}", b / 10.0, i % 1000 / 2000.0));
            }
        }
        Assert.True(new FileInfo(path).Length > 6 << 20);
        var log = new IssueLog();

        var gt = VertexObjectDetection.ReadImport(path, sink: log);

        // The first 20 damaged lines are reported one by one (then a summary), and all of them counted.
        Assert.Equal(Enumerable.Range(1, 20).Select(k => 97L * k), log.Issues.Take(20).Select(i => i.Line));
        Assert.Equal(Lines / 97, gt.SkippedAnnotations);
        var kept = Enumerable.Range(0, Lines).Where(i => i % 5 != 4 && i % 97 != 96).ToList();
        Assert.Equal(kept.Select(i => $"gs://b/{i}.png"), gt.Images.Select(i => i.FileName));
        Assert.Equal(Enumerable.Range(0, 13).Select(k => $"l{k}").OrderBy(l => l, StringComparer.Ordinal), gt.Categories.Select(c => c.Name));
        Assert.Equal(expected.Select(e => kept.IndexOf(e.Line)), gt.Annotations.Image);
        Assert.Equal(expected.Select(e => e.Label), gt.Annotations.Category.Select(c => gt.Categories[c].Name));
        Assert.Equal(expected.SelectMany(e => new[] { e.X, e.Y }), gt.Annotations.Boxes.Where((_, k) => k % 4 < 2));
    }

    [Fact]
    public void An_image_listed_again_blocks_later_is_merged_in_its_split_and_rejected_in_another()
    {
        // 50,000 images of one box each (about 5 MiB: the image table is sized by the first 4 MiB block), then the
        // first 1,000 listed again with a second box: the even ones in their split (merged: two boxes), the odd ones
        // in the training split (rejected, their second box left out). Image i's boxes are at x = i / 100,000.
        const int Images = 50_000, Again = 1_000;
        var path = Path.Combine(_directory, "repeated-import.jsonl");
        string Number(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        string Line(int i, double y, string split) =>
            "{\"imageGcsUri\":\"gs://b/" + i + ".png\",\"boundingBoxAnnotations\":[{\"displayName\":\"cat\",\"xMin\":" + Number(i / 100_000.0) + ",\"yMin\":" + Number(y)
            + ",\"xMax\":0.75,\"yMax\":0.75}],\"dataItemResourceLabels\":{\"aiplatform.googleapis.com/ml_use\":\"" + split + "\"}}";
        File.WriteAllLines(path, Enumerable.Range(0, Images).Select(i => Line(i, 0.25, "test"))
            .Concat(Enumerable.Range(0, Again).Select(i => Line(i, 0.5, i % 2 == 0 ? "test" : "training"))));
        Assert.True(new FileInfo(path).Length > 4 << 20);
        var log = new IssueLog();

        var gt = VertexObjectDetection.ReadImport(path, sink: log);

        Assert.Equal(Enumerable.Range(0, Images).Select(i => $"gs://b/{i}.png"), gt.Images.Select(i => i.FileName));
        var boxes = Enumerable.Range(0, Images).Select(i => (Image: i, Y: 0.25)).Concat(Enumerable.Range(0, Again).Where(i => i % 2 == 0).Select(i => (Image: i, Y: 0.5))).ToList();
        Assert.Equal(boxes.Select(b => b.Image), gt.Annotations.Image);
        Assert.Equal(boxes.SelectMany(b => new[] { b.Image / 100_000.0, b.Y }), gt.Annotations.Boxes.Where((_, k) => k % 4 < 2));
        Assert.Equal(Again / 2, gt.InvalidRecords);
        var first = log.Issues.First(i => i.Code == "InvalidRecord");
        Assert.Equal((Images + 2L, "dataItemResourceLabels.aiplatform.googleapis.com/ml_use"), (first.Line, first.Field));
        Assert.Equal("image 'gs://b/1.png' is listed in split 'test' on line 2 and in 'training' here; the row is skipped.", first.Message);
        // The even images listed again in their split: warned of, each naming its first line, their boxes kept (above);
        // the first 20 listed, the rest counted.
        var repeats = log.Issues.Where(i => i.Code == "DuplicateItem").ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(k => Images + 1L + (2 * k)).Append(0), repeats.Select(i => i.Line));
        Assert.All(repeats, i => Assert.Equal(IssueSeverity.Warning, i.Severity));
        Assert.Equal(("imageGcsUri", "image 'gs://b/2.png' was already listed on line 3; the boxes of both lines are kept (a box listed on both counts twice)."), (repeats[1].Field, repeats[1].Message));
        Assert.Equal($"{(Again / 2) - 20} more 'DuplicateItem' issues like those above are not listed ({Again / 2} in all)", repeats[20].Message);
    }

    [Fact]
    public void Predictions_of_several_blocks_keep_every_detection_in_file_order()
    {
        // 5,000 images with one box each, and batch predictions for them in reverse order, 40 detections a line (about
        // 7 MiB: two blocks of 4 MiB): detection d of image i is labelled l{(i + d) % 5} with confidence d / 64 and
        // box x = d / 100 (xMax = x + .5, y 0–.5); every 7th detection has an inverted box (skipped and counted), and
        // every 100th line names an image the ground truth does not have (its detections left out and counted).
        const int Images = 5000, PerLine = 40;
        var truthPath = Path.Combine(_directory, "many-images.jsonl");
        File.WriteAllLines(truthPath, Enumerable.Range(0, Images).Select(i =>
            $$"""{"imageGcsUri":"gs://b/{{i}}.png","boundingBoxAnnotations":[{"displayName":"l{{i % 5}}","xMin":0,"yMin":0,"xMax":1,"yMax":1}]}"""));
        var predictionsPath = Path.Combine(_directory, "many-predictions.jsonl");
        string Number(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var expected = new List<(int Image, string Label, double Score, double X)>();
        using (var writer = new StreamWriter(predictionsPath))
        {
            for (int i = Images - 1; i >= 0; i--)
            {
                bool unknown = i % 100 == 0;
                var detections = Enumerable.Range(0, PerLine).ToList();
                string Box(int d) => d % 7 == 6 ? "[0.5,0.4,0,0.5]" : $"[{Number(d / 100.0)},{Number((d / 100.0) + 0.5)},0,0.5]";
                var names = string.Join(",", detections.Select(d => $"\"l{(i + d) % 5}\""));
                var confidences = string.Join(",", detections.Select(d => Number(d / 64.0)));
                var boxes = string.Join(",", detections.Select(Box));
                var image = $"gs://b/{(unknown ? "unknown-" : string.Empty)}{i}.png";
                writer.WriteLine($$"""{"instance":{"content":"{{image}}"},"prediction":{"displayNames":[{{names}}],"confidences":[{{confidences}}],"bboxes":[{{boxes}}]""" + "}}");
                if (unknown) continue;
                expected.AddRange(detections.Where(d => d % 7 != 6).Select(d => (i, $"l{(i + d) % 5}", d / 64.0, d / 100.0)));
            }
        }
        Assert.True(new FileInfo(predictionsPath).Length > 5 << 20);
        var truth = VertexObjectDetection.ReadImport(truthPath);

        var read = VertexObjectDetection.ReadBatchPredictions(predictionsPath, truth);

        // Inverted: five of each known image's 40 (d = 6, 13, 20, 27, 34).
        Assert.Equal((Images / 100 * PerLine, (Images - (Images / 100)) * 5), (read.UnknownImageCount, read.InvalidCount));
        Assert.Equal(expected.Select(e => e.Image), read.Objects.Image);
        Assert.Equal(expected.Select(e => e.Label), read.Objects.Category.Select(c => truth.Categories[c].Name));
        Assert.Equal(expected.Select(e => e.Score), read.Objects.Score);
        Assert.Equal(expected.Select(e => e.X), read.Objects.Boxes.Where((_, k) => k % 4 == 0));
        Assert.Equal(Enumerable.Range(1, expected.Count).Select(k => (long)k), read.Objects.Id);
    }

    [Fact]
    public void An_image_is_known_by_its_text_whether_a_line_escapes_it_or_not()
    {
        // The index keeps images by their UTF-8 bytes: é written as is (plain scanner) and as \u00e9 (the reader) is one
        // image, listed under another split on line 3 (reported with its name decoded); line 4's f\u002epng is the
        // other split's f.png; a second image with é elsewhere in it is another image.
        var path = Path.Combine(_directory, "escaped-images.jsonl");
        const string Box = """[{"displayName":"cat","xMin":0,"yMin":0,"xMax":1,"yMax":1}]""";
        File.WriteAllText(path, string.Join("\n",
            $$"""{"imageGcsUri":"gs://bucket/é.png","boundingBoxAnnotations":{{Box}}}""",
            $$"""{"imageGcsUri":"gs://bucket/\u00e9.png","boundingBoxAnnotations":{{Box}}}""",
            """{"imageGcsUri":"gs://bucket/\u00e9.png","dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"training"}}""",
            """{"imageGcsUri":"gs://bucket/f.png","dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"training"}}""",
            """{"imageGcsUri":"gs://bucket/f\u002epng","dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"training"}}""",
            $$"""{"imageGcsUri":"gs://bucket/pé.png","boundingBoxAnnotations":{{Box}}}"""));
        var log = new IssueLog();

        var gt = VertexObjectDetection.ReadImport(path, sink: log);

        Assert.Equal(
            new[]
            {
                "2 imageGcsUri: image 'gs://bucket/é.png' was already listed on line 1; the boxes of both lines are kept (a box listed on both counts twice).",
                "3 dataItemResourceLabels.aiplatform.googleapis.com/ml_use: image 'gs://bucket/é.png' is listed in split '(none)' on line 1 and in 'training' here; the row is skipped.",
            },
            log.Issues.Select(i => $"{i.Line} {i.Field}: {i.Message}"));
        Assert.Equal(new[] { "gs://bucket/é.png", "gs://bucket/pé.png" }, gt.Images.Select(i => i.FileName));
        Assert.Equal(ImageNames.OtherSplit, gt.ImageNames.ImageAt(gt.ImageNames.PlaceOf("gs://bucket/f.png"u8)));
        Assert.Equal(1, gt.ImageNames.ImageAt(gt.ImageNames.PlaceOf("gs://bucket/pé.png"u8)));
        Assert.Equal(new[] { 0, 0, 1 }, gt.Annotations.Image);
    }

    [Fact]
    public void Damaged_import_lines_get_the_checks_and_messages_a_JSON_document_gave()
    {
        // Messages as the JsonDocument reader gave them (checked against it with the CLI; a syntax error's place as the
        // byte of the line): the last of a repeated field
        // wins (imageGcsUri, displayName, xMin, dataItemResourceLabels); a bad box is skipped on its own, its image and
        // the other boxes kept; the split is checked against the image's earlier line; text after the value is a syntax
        // error (InvalidJson).
        var path = Path.Combine(_directory, "damaged-import.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"imageGcsUri":5,"imageGcsUri":"gs://bucket/a.png","boundingBoxAnnotations":[{"displayName":7,"displayName":"c\u0061t","xMin":2,"xMin":0.1,"yMin":0.5,"xMax":0.3,"yMax":0.9}],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"TEST"}}""",
            """{"imageGcsUri":"gs://bucket/b.jpg","boundingBoxAnnotations":[{"displayName":"dog","xMin":0.5,"yMin":0,"xMax":1,"yMax":0.5},{"displayName":"\udc00","xMin":-1}]}""",
            """{"imageGcsUri":"gs://bucket/c.png","dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"x"},"dataItemResourceLabels":{},"boundingBoxAnnotations":[{"displayName":"dog","xMin":0,"yMin":"0","xMax":1,"yMax":1}]}""",
            """{"imageGcsUri":"gs://bucket/a.png","dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"training"}}""",
            """{"imageGcsUri":"gs://bucket/d.png","boundingBoxAnnotations":[]} x""",
            """{"imageGcsUri":"gs://bucket/b.jpg","boundingBoxAnnotations":[{"displayName":"dog","xMin":0.5,"yMin":0,"xMax":1,"yMax":0.5}]}"""));
        var log = new IssueLog();

        var gt = VertexObjectDetection.ReadImport(path, sink: log);

        Assert.Equal(
            new[]
            {
                "InvalidRecord 2 boundingBoxAnnotations[1].displayName: Cannot read invalid UTF-16 JSON text as string. Invalid surrogate value: '0xDC00'; the annotation is skipped.",
                "InvalidRecord 3 boundingBoxAnnotations[0].yMin: 'yMin' is missing or not a number in [0, 1]; the annotation is skipped.",
                "InvalidRecord 4 dataItemResourceLabels.aiplatform.googleapis.com/ml_use: image 'gs://bucket/a.png' is listed in split 'test' on line 1 and in 'training' here; the row is skipped.",
                "InvalidJson 5 : the line is not valid JSON (byte 65: 'x' is invalid after a single JSON value. Expected end of data.); the line is skipped.",
                "DuplicateItem 6 imageGcsUri: image 'gs://bucket/b.jpg' was already listed on line 2; the boxes of both lines are kept (a box listed on both counts twice).",
            },
            log.Issues.Select(i => $"{i.Code} {i.Line} {i.Field}: {i.Message}"));
        // c.png of line 3 (its split the last dataItemResourceLabels, none) is listed without its one box, a bad one.
        Assert.Equal(new[] { "gs://bucket/a.png", "gs://bucket/b.jpg", "gs://bucket/c.png" }, gt.Images.Select(i => i.FileName));
        Assert.Equal(new[] { "cat", "dog" }, gt.Categories.Select(c => c.Name));
        // a.png's cat with the later xMin (0.1), normalised: [0.1, 0.5, 0.3 − 0.1, 0.9 − 0.5]; then b.jpg's dog of line 2 and of line 6.
        Assert.Equal(new[] { 0.1, 0.5, 0.3 - 0.1, 0.9 - 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5 }, gt.Annotations.Boxes);
        Assert.Equal(new[] { 0, 1, 1 }, gt.Annotations.Category);
        // The two bad boxes, line 4 (no box: counted as one) and line 5 (not JSON: one).
        Assert.Equal((4, 4), (gt.SkippedAnnotations, gt.InvalidRecords));
    }

    [Fact]
    public void A_key_with_a_lone_escaped_surrogate_fails_its_line_and_the_read_goes_on()
    {
        // The reader cannot compare such a key with a field's name (it throws InvalidOperationException where it would
        // have to decode it): the line is a failed one, named with its number, and the lines after it are read. Before,
        // the exception ended the whole read of either file without a line number.
        var import = Path.Combine(_directory, "surrogate-key-import.jsonl");
        File.WriteAllText(import, string.Join("\n",
            """{"imageGcsUri":"gs://bucket/a.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":0.1,"yMin":0.5,"xMax":0.3,"yMax":0.9}]}""",
            """{"ima\ud800eGcsUri":1,"imageGcsUri":"gs://bucket/c.png"}""",
            """{"imageGcsUri":"gs://bucket/b.jpg","boundingBoxAnnotations":[{"displayName":"dog","xMin":0.5,"yMin":0,"xMax":1,"yMax":0.5}]}"""));
        var predictions = Path.Combine(_directory, "surrogate-key-predictions.jsonl");
        File.WriteAllText(predictions, string.Join("\n",
            """{"inst\ud800e":1,"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":["cat"],"confidences":[0.9],"bboxes":[[0.1,0.3,0.5,0.9]]}}""",
            """{"instance":{"content":"gs://bucket/b.jpg"},"prediction":{"displayNames":["dog"],"confidences":[0.7],"bboxes":[[0.5,1,0,0.5]]}}"""));
        var importLog = new IssueLog();
        var predictionLog = new IssueLog();

        var gt = VertexObjectDetection.ReadImport(import, sink: importLog);
        var read = VertexObjectDetection.ReadBatchPredictions(predictions, gt, predictionLog);

        // As the classification readers say it.
        const string Reason = "the line is not valid JSON (Cannot read incomplete UTF-16 JSON text as string with missing low surrogate.); the line is skipped.";
        Assert.Equal(new[] { $"InvalidJson 2 : {Reason}" }, importLog.Issues.Select(i => $"{i.Code} {i.Line} {i.Field}: {i.Message}"));
        Assert.Equal(new[] { $"InvalidJson 1 : {Reason}" }, predictionLog.Issues.Select(i => $"{i.Code} {i.Line} {i.Field}: {i.Message}"));
        Assert.Equal(new[] { "gs://bucket/a.png", "gs://bucket/b.jpg" }, gt.Images.Select(i => i.FileName));
        Assert.Equal(1, gt.InvalidRecords);
        // The dog of line 2 on b.jpg (image index 1), its box [xMin, xMax, yMin, yMax] = [0.5, 1, 0, 0.5] as x, y, w, h.
        Assert.Equal(new[] { 1 }, read.Objects.Image);
        Assert.Equal(new[] { 0.5, 0, 0.5, 0.5 }, read.Objects.Boxes);
        Assert.Equal(1, read.InvalidCount);
    }

    // Two cats on a.png and a dog on b.png, as JSON Lines import lines; a.png's line with the boxes given, so that a bad
    // one can be put among them.
    private static string TwoImages(string aBoxes) => string.Join("\n",
        $$"""{"imageGcsUri":"gs://bucket/a.png","boundingBoxAnnotations":[{{aBoxes}}]}""",
        """{"imageGcsUri":"gs://bucket/b.png","boundingBoxAnnotations":[{"displayName":"dog","xMin":0.2,"yMin":0.2,"xMax":0.6,"yMax":0.6}]}""");

    private const string FirstCat = """{"displayName":"cat","xMin":0.1,"yMin":0.1,"xMax":0.3,"yMax":0.3}""";
    private const string SecondCat = """{"displayName":"cat","xMin":0.6,"yMin":0.6,"xMax":0.8,"yMax":0.8}""";

    // Each ground-truth box found exactly (IoU 1 at every threshold), with false positives: on a.png a cat (0.7) and a
    // dog (0.8), on b.png a cat (0.5).
    private string TwoImagePredictions()
    {
        var path = Path.Combine(_directory, "two-image-predictions.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":["cat","dog","cat","cat"],"confidences":[0.9,0.8,0.7,0.4],"bboxes":[[0.1,0.3,0.1,0.3],[0.5,0.6,0.4,0.6],[0.4,0.5,0.4,0.5],[0.6,0.8,0.6,0.8]]}}""",
            """{"instance":{"content":"gs://bucket/b.png"},"prediction":{"displayNames":["dog","cat"],"confidences":[0.6,0.5],"bboxes":[[0.2,0.6,0.2,0.6],[0.0,0.1,0.0,0.1]]}}"""));
        return path;
    }

    [Theory]
    [InlineData("TEST,gs://bucket/b.png")]
    [InlineData("gs://bucket/b.png")]
    [InlineData("TEST,gs://bucket/b.png,,,,,,,,,")]
    public void An_import_csv_row_of_an_image_and_no_box_keeps_the_image_with_no_objects_as_the_jsonl_import_does(string emptyImageRow)
    {
        // Vertex AI's LABEL and box are optional: [ML_USE,]PATH alone names an image with no objects, as the
        // PATH,,,,,,,,, form does. Before, the first two rows were rejected and b.png's two detections left out as of
        // an unknown image, which raised AP. A row with no PATH is rejected, naming the forms expected.
        var csv = Path.Combine(_directory, "empty-image.csv");
        File.WriteAllText(csv, string.Join("\n",
            "TEST,gs://bucket/a.png,cat,0.1,0.1,,,0.3,0.3,,",
            emptyImageRow,
            "TEST,,cat,0.1,0.1,,,0.3,0.3,,"));
        var jsonl = Path.Combine(_directory, "empty-image.jsonl");
        File.WriteAllText(jsonl, string.Join("\n",
            """{"imageGcsUri":"gs://bucket/a.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":0.1,"yMin":0.1,"xMax":0.3,"yMax":0.3}]}""",
            """{"imageGcsUri":"gs://bucket/b.png"}"""));
        // a.png's cat found at 0.6, below a cat on b.png at 0.9.
        var predictions = Path.Combine(_directory, "empty-image-predictions.jsonl");
        File.WriteAllText(predictions, string.Join("\n",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":["cat"],"confidences":[0.6],"bboxes":[[0.1,0.3,0.1,0.3]]}}""",
            """{"instance":{"content":"gs://bucket/b.png"},"prediction":{"displayNames":["cat"],"confidences":[0.9],"bboxes":[[0.5,0.7,0.5,0.7]]}}"""));
        var log = new IssueLog();

        var fromCsv = DetectionInputs.Evaluate(csv, predictions, IouType.BoundingBox, null, log);
        var fromJsonl = DetectionInputs.Evaluate(jsonl, predictions, IouType.BoundingBox, null, new IssueLog());

        Assert.Equal(
            new[] { "InvalidRecord 3 PATH: expected [ML_USE,]PATH,LABEL,coordinates, or [ML_USE,]PATH,,,,,,,,, (or [ML_USE,]PATH) for an image with no objects; the row is skipped." },
            log.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => $"{i.Code} {i.Line} {i.Field}: {i.Message}"));
        // Both images and both detections evaluated: b.png's cat is a false positive ranked first, so the one object is
        // found at precision 1/2 at every IoU threshold: AP 0.5 (1 with b.png left out).
        Assert.Equal((2, 1, 2, 0), (fromCsv.Counts.Images, fromCsv.Counts.GroundTruthObjects, fromCsv.Counts.Detections, fromCsv.Counts.DetectionsUnknownImage));
        Assert.Equal(0.5, fromCsv.Stats.Ap, 12);
        Assert.Equal(fromJsonl.Counts with { GroundTruthSkipped = 1, GroundTruthInvalid = 1 }, fromCsv.Counts);
        Assert.Equal(fromJsonl.Stats.Ap, fromCsv.Stats.Ap);
        Assert.Equal(fromJsonl.Precision, fromCsv.Precision);
    }

    [Fact]
    public void A_bad_box_of_an_import_line_is_skipped_alone_and_the_evaluation_is_that_of_the_line_without_it()
    {
        // a.png's second box, a dog with xMin > xMax, between its two cats. Before, the whole line was skipped: both cats
        // and a.png itself were lost, a.png's detections were "not in the ground truth", and one annotation was counted.
        var bad = Path.Combine(_directory, "bad-box.jsonl");
        File.WriteAllText(bad, TwoImages(FirstCat + """,{"displayName":"dog","xMin":0.6,"yMin":0.4,"xMax":0.5,"yMax":0.6},""" + SecondCat));
        var good = Path.Combine(_directory, "without-bad-box.jsonl");
        File.WriteAllText(good, TwoImages(FirstCat + "," + SecondCat));
        var predictions = TwoImagePredictions();
        var log = new IssueLog();

        var withBadBox = DetectionInputs.Evaluate(bad, predictions, IouType.BoundingBox, null, log);
        var withoutIt = DetectionInputs.Evaluate(good, predictions, IouType.BoundingBox, null, new IssueLog());

        Assert.Equal(
            new[] { "InvalidRecord 1 boundingBoxAnnotations[1]: xMax < xMin or yMax < yMin; the annotation is skipped." },
            log.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => $"{i.Code} {i.Line} {i.Field}: {i.Message}"));
        Assert.DoesNotContain(log.Issues, i => i.Code == "UnknownImage");
        var counts = withBadBox.Counts;
        Assert.Equal((2, 2, 3, 1, 1), (counts.Images, counts.Categories, counts.GroundTruthObjects, counts.GroundTruthSkipped, counts.GroundTruthInvalid));
        Assert.Equal((6, 0, 0), (counts.Detections, counts.DetectionsUnknownImage, counts.DetectionsInvalid));
        // cat: 0.9 TP, 0.7 FP, 0.5 FP, 0.4 TP of 2 objects, so precision 1 up to recall .5 and .5 beyond: (51 + 50·.5)/101.
        // dog: 0.8 FP, 0.6 TP of 1 object, precision .5 at every recall. The same at every IoU threshold (IoU 1).
        Assert.Equal(((76.0 / 101) + 0.5) / 2, withBadBox.Stats.Ap, 12);
        Assert.Equal(withoutIt.Stats.Ap, withBadBox.Stats.Ap);
        Assert.Equal(withoutIt.Precision, withBadBox.Precision);
        Assert.Equal(withoutIt.Recall, withBadBox.Recall);
    }

    [Fact]
    public void Every_bad_box_of_a_line_is_reported_and_counted_and_a_line_rejected_whole_counts_the_annotations_it_lists()
    {
        // Line 1: two bad boxes among three; line 2: no image, two boxes (both lost with the line); line 3: a bad box
        // on a line that fails whole for its split (its two boxes counted, the box not reported on its own); line 4:
        // not JSON (its annotations cannot be told: one); line 5: no image and no boxes (one).
        var path = Path.Combine(_directory, "bad-boxes.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"imageGcsUri":"gs://bucket/a.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":0.1,"yMin":0.1,"xMax":0.3,"yMax":0.3},{"displayName":"cat","xMin":0.1,"yMin":0.5,"xMax":0.3,"yMax":0.4},{"displayName":"dog","xMin":0.1,"yMin":0.1,"xMax":0.3}]}""",
            """{"boundingBoxAnnotations":[{"displayName":"cat","xMin":0.1,"yMin":0.1,"xMax":0.3,"yMax":0.3},{"displayName":"cat","xMin":0.2,"yMin":0.2,"xMax":0.3,"yMax":0.3}]}""",
            """{"imageGcsUri":"gs://bucket/b.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":0.1,"yMin":0.1,"xMax":0.3,"yMax":0.3},{"displayName":"cat","xMin":0.9,"yMin":0.1,"xMax":0.3,"yMax":0.3}],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"tset"}}""",
            """{"imageGcsUri":"gs://bucket/c.png","boundingBoxAnnotations":[{"displayName":"cat","xMin":NaN}]}""",
            """{"dataItemResourceLabels":{}}"""));
        var log = new IssueLog();

        var gt = VertexObjectDetection.ReadImport(path, sink: log);

        Assert.Equal(
            new[]
            {
                "InvalidRecord 1 boundingBoxAnnotations[1]: xMax < xMin or yMax < yMin; the annotation is skipped.",
                "InvalidRecord 1 boundingBoxAnnotations[2].yMax: 'yMax' is missing or not a number in [0, 1]; the annotation is skipped.",
                "InvalidRecord 2 imageGcsUri: missing imageGcsUri; the line and its 2 annotations are skipped.",
                "InvalidRecord 3 dataItemResourceLabels.aiplatform.googleapis.com/ml_use: 'tset' is not a split (training, validation, test, unassigned); the line and its 2 annotations are skipped.",
                "InvalidJson 4 : the line is not valid JSON (byte 90: 'N' is an invalid start of a value.); the line is skipped.",
                "InvalidRecord 5 imageGcsUri: missing imageGcsUri; the line is skipped.",
            },
            log.Issues.Select(i => $"{i.Code} {i.Line} {i.Field}: {i.Message}"));
        Assert.Equal(new[] { "gs://bucket/a.png" }, gt.Images.Select(i => i.FileName));
        Assert.Equal(new[] { 0 }, gt.Annotations.Image);
        // 2 + 2 + 2 + 1 + 1.
        Assert.Equal((8, 8), (gt.SkippedAnnotations, gt.InvalidRecords));
    }

    [Theory]
    [InlineData("TEST,gs://bucket/a.png,dog,0.6,0.4,,,0.5,0.6,,", "X_MAX", "X_MAX 0.5 is less than X_MIN 0.6")]
    [InlineData("TEST,gs://bucket/a.png,dog,0.5,0.6,,,0.6,0.4,,", "Y_MAX", "Y_MAX 0.4 is less than Y_MIN 0.6")]
    [InlineData("TEST,gs://bucket/a.png,dog,0.6,0.4,0.5,0.4,0.5,0.6,0.6,0.6", "X_MAX", "X_MAX 0.5 is less than X_MIN 0.6")]
    public void A_reversed_box_of_an_import_csv_is_rejected_as_the_jsonl_import_rejects_it(string reversedRow, string field, string reason)
    {
        // Two vertices with X reversed, with Y reversed, and four vertices (clockwise from the top left) with X reversed.
        // Before, the corners were swapped without a word and the box used.
        var path = Path.Combine(_directory, "reversed.csv");
        File.WriteAllText(path, string.Join("\n",
            "TEST,gs://bucket/a.png,cat,0.1,0.1,,,0.3,0.3,,",
            reversedRow,
            "TEST,gs://bucket/a.png,cat,0.6,0.6,,,0.8,0.8,,",
            "TEST,gs://bucket/b.png,dog,0.2,0.2,,,0.6,0.6,,"));
        var good = Path.Combine(_directory, "without-reversed.jsonl");
        File.WriteAllText(good, TwoImages(FirstCat + "," + SecondCat));
        var predictions = TwoImagePredictions();
        var log = new IssueLog();

        var withReversed = DetectionInputs.Evaluate(path, predictions, IouType.BoundingBox, null, log);
        var withoutIt = DetectionInputs.Evaluate(good, predictions, IouType.BoundingBox, null, new IssueLog());

        Assert.Equal(
            new[] { $"InvalidRecord 2 {field}: {reason}: the box is reversed (are the columns in Vertex AI's order?); the box is skipped." },
            log.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => $"{i.Code} {i.Line} {i.Field}: {i.Message}"));
        Assert.Equal((3, 1, 1), (withReversed.Counts.GroundTruthObjects, withReversed.Counts.GroundTruthSkipped, withReversed.Counts.GroundTruthInvalid));
        Assert.Equal(withoutIt.Stats.Ap, withReversed.Stats.Ap);
        Assert.Equal(withoutIt.Precision, withReversed.Precision);
    }

    [Fact]
    public void A_prediction_line_that_is_not_json_is_invalid_json_in_the_words_of_the_other_json_lines_readers()
    {
        // A bare NaN (what Python's json.dumps writes for a NaN score) is no JSON: InvalidJson, as the classification and
        // video readers report such a line, the reason in brackets (no ".;"), and its detections, which cannot be told, one.
        var gt = VertexObjectDetection.ReadImport(Path.Combine(_directory, "import.jsonl"));
        var path = Path.Combine(_directory, "nan-predictions.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"instance":{"content":"gs://bucket/a.png"},"prediction":{"displayNames":["cat"],"confidences":[NaN],"bboxes":[[0.1,0.3,0.5,0.9]]}}""",
            """{"instance":{"content":"gs://bucket/b.jpg"},"prediction":{"displayNames":["dog"],"confidences":[0.7],"bboxes":[[0.5,1,0,0.5]]}}"""));
        var log = new IssueLog();

        var read = VertexObjectDetection.ReadBatchPredictions(path, gt, log);

        var issue = Assert.Single(log.Issues);
        Assert.Equal(
            "InvalidJson 1 : the line is not valid JSON (byte 97: 'N' is an invalid start of a value.); the line is skipped.",
            $"{issue.Code} {issue.Line} {issue.Field}: {issue.Message}");
        Assert.Equal((1, 1), (read.Count, read.InvalidCount));
    }
}
