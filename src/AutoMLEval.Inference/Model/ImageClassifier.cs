using System.Collections.Concurrent;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Inference.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace AutoMLEval.Inference.Model;

/// <summary>
/// An image classifier held as an ONNX model, run with ONNX Runtime. <see cref="Predict"/> streams one
/// <see cref="ImagePrediction"/> per decodable image, in input order, while images are decoded on every core
/// ahead of the model. Memory is bounded by the batch size (a few batches of decoded images in flight),
/// not by the number of images.
/// </summary>
public sealed class ImageClassifier : IDisposable
{

    /// <summary>The code of the warning that the classes are named by their indices (no labels given or stored).</summary>
    public const string IndexLabelsCode = "LabelsAreIndices";

    private readonly InferenceSession _session;
    private readonly InferenceOptions _options;
    private readonly string _scoresOutput;
    private readonly Dictionary<string, string> _metadata;
    private readonly string _modelPath;

    /// <summary>Loads the model and resolves its input and scores output from its metadata and <paramref name="options"/>.</summary>
    /// <exception cref="ModelUnusableException">ONNX Runtime cannot read the model, or it is not an image classifier this class can feed (see <see cref="ModelInput.Resolve(string, Type, IReadOnlyList{int}, PreprocessingOptions)"/>) and read (see <see cref="ClassScores"/>), or a named output does not exist.</exception>
    public ImageClassifier(string modelPath, InferenceOptions? options = null)
    {
        _options = options ?? new InferenceOptions();
        _modelPath = modelPath;
        if (_options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.BatchSize, "The batch size must be at least 1.");
        _session = CreateSession(modelPath);
        try
        {
            if (_session.InputMetadata.Count != 1)
            {
                throw new InvalidOperationException($"The model takes {_session.InputMetadata.Count} inputs; an image classifier takes one.");
            }
            var input = _session.InputMetadata.First();
            Input = ModelInput.Resolve(input.Key, input.Value, _options.Preprocessing);
            _scoresOutput = _options.ScoresOutput ?? _session.OutputMetadata.Keys.First();
            RequireOutput(_scoresOutput);
            if (ClassScores.Problem(_scoresOutput, _session.OutputMetadata[_scoresOutput]) is { } problem) throw new InvalidOperationException(problem + OtherOutputsHint());
            if (_options.EmbeddingOutput is not null) RequireOutput(_options.EmbeddingOutput);
            _metadata = _session.ModelMetadata.CustomMetadataMap;
            BatchSize = Input.FixedBatchSize ?? _options.BatchSize;
        }
        catch (InvalidOperationException e)
        {
            _session.Dispose();
            throw new ModelUnusableException(ModelUnusableException.LoadFailedCode, modelPath, e.Message, e);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The resolved image input.</summary>
    public ModelInput Input { get; }

    /// <summary>Images per run: the model's fixed batch size, else the requested one.</summary>
    public int BatchSize { get; }

    /// <summary>The names of the model's outputs.</summary>
    public IReadOnlyList<string> OutputNames => _session.OutputMetadata.Keys.ToArray();

    /// <summary>The ONNX Runtime version in use.</summary>
    public static string OnnxRuntimeVersion => OnnxRuntimeEnvironment.Instance.GetVersionString();

    /// <summary>
    /// Predicts every image. Images that cannot be decoded are reported to <paramref name="issues"/> as
    /// <see cref="SkippedImages.UnreadableImageCode"/> errors naming the file (<see cref="SkippedImages.ImageTooLargeCode"/> for one over the size
    /// limit), counted in the progress, and skipped.
    /// </summary>
    /// <param name="items">The images, enumerated once, lazily.</param>
    /// <param name="issues">Receives one issue per unreadable image, on the enumerating thread.</param>
    /// <param name="progress">Told after each batch and each failure, on the enumerating thread.</param>
    /// <param name="cancellationToken">Stops decoding and the running inference; enumeration then throws <see cref="OperationCanceledException"/>.</param>
    public IEnumerable<ImagePrediction> Predict(IEnumerable<ImageItem> items, IIssueSink issues, IProgress<InferenceProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        int? total = items switch
        {
            ICollection<ImageItem> collection => collection.Count,
            IReadOnlyCollection<ImageItem> collection => collection.Count,
            _ => null,
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var threads = Math.Max(1, _options.DecodeThreads ?? Environment.ProcessorCount);
        // Enough decoded images to fill the next batch while the current one runs.
        using var decoded = new BlockingCollection<DecodedItem>(BatchSize + 2 * threads);
        var producer = Task.Run(() => DecodeAll(items, decoded, threads, stop.Token), stop.Token);
        using var runOptions = new RunOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        using var runner = new BatchRunner();
        using var terminate = cancellationToken.Register(() => runOptions.Terminate = true);
        var batch = new List<DecodedItem>(BatchSize);
        // The next batch's images are written into one buffer while the running batch is read from the other.
        var inputBuffers = new[] { new float[BatchSize * Input.ImageLength], new float[BatchSize * Input.ImageLength] };
        var filling = 0;
        var skipped = default(SkippedImages);
        var decisions = new RunDecisions { ApplySoftmax = _options.Softmax switch { SoftmaxMode.Always => true, SoftmaxMode.Never => false, _ => null } };
        if (_options.Labels is null && !_metadata.ContainsKey(LabelSource.MetadataKey))
        {
            // Said before any image: predictions named 0, 1, … match no named ground truth, and nothing else would tell.
            issues.Report(new DataIssue(IndexLabelsCode, IssueSeverity.Warning, _modelPath, 0, LabelSource.MetadataKey, "the model stores no class names and no labels file was given: the classes are named by their indices 0, 1, …; give the labels file (-LabelPath, --labels) to evaluate against named labels"));
        }
        // One batch runs in ONNX Runtime while the one before it is ranked and handed to the caller (who writes it out):
        // that work would otherwise leave the model idle between batches. An unreadable image is reported right after the
        // prediction of the image before it, in input order, though its decoding failed a batch or more ahead.
        BatchRun? running = null;
        var unreadable = new Queue<(DecodedItem Item, int ImagesBefore)>();
        // handedOver counts the batches' images in input order, those skipped for a non-finite output too.
        int readable = 0, handedOver = 0;
        void ReportUnreadable(DecodedItem item)
        {
            skipped = skipped.Add(item.Error!.Code);
            issues.Report(new DataIssue(item.Error.Code, IssueSeverity.Error, item.Item.FilePath, 0, string.Empty, item.Error.Message));
            progress?.Report(new InferenceProgress(handedOver - skipped.NonFiniteOutput, skipped, total));
        }
        // A finished batch's predictions to the caller, each followed by the unreadable images that came after it.
        IEnumerable<ImagePrediction> HandOver(BatchRun finished)
        {
            foreach (var prediction in Rank(finished, decisions))
            {
                // One image's NaN (preprocessing that divides by 0, a model that overflows) is that image's error, not the run's.
                if (prediction.IsFinite)
                {
                    yield return prediction;
                }
                else
                {
                    skipped = skipped.Add(SkippedImages.NonFiniteScoresCode);
                    issues.Report(new DataIssue(SkippedImages.NonFiniteScoresCode, IssueSeverity.Error, prediction.Item.FilePath, 0, string.Empty,
                        "the model's output for this image holds NaN or infinity; the image is skipped (check the preprocessing: scale, mean and std)"));
                }
                handedOver++;
                while (unreadable.Count > 0 && unreadable.Peek().ImagesBefore == handedOver) ReportUnreadable(unreadable.Dequeue().Item);
            }
            progress?.Report(new InferenceProgress(handedOver - skipped.NonFiniteOutput, skipped, total));
        }
        try
        {
            foreach (var item in decoded.GetConsumingEnumerable(stop.Token))
            {
                if (item.Error is not null)
                {
                    if (readable == handedOver) ReportUnreadable(item);
                    else unreadable.Enqueue((item, readable));
                    continue;
                }
                readable++;
                ImageTensor.Write(item.Image!, Input, _options.Preprocessing, inputBuffers[filling].AsSpan(batch.Count * Input.ImageLength, Input.ImageLength));
                batch.Add(item);
                if (batch.Count < BatchSize) continue;
                var finished = running;
                running = StartBatch(batch, finished, inputBuffers[filling], runner, runOptions, cancellationToken);
                filling = 1 - filling;
                batch = new List<DecodedItem>(BatchSize);
                if (finished is null) continue;
                foreach (var prediction in HandOver(finished)) yield return prediction;
            }
            var last = running;
            running = batch.Count > 0 ? StartBatch(batch, last, inputBuffers[filling], runner, runOptions, cancellationToken) : null;
            foreach (var finished in new[] { last, running })
            {
                if (finished is null) continue;
                foreach (var prediction in HandOver(finished)) yield return prediction;
            }
            running = null;
            // Surfaces a failure of the decoding thread (other than cancellation).
            producer.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            if (running is not null && !running.Scores.IsCompleted)
            {
                // Abandoned (the caller stopped enumerating, or a failure): stop the run, which holds the input buffer.
                runOptions.Terminate = true;
                try
                {
                    running.Scores.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // Terminated on purpose.
                }
            }
            try
            {
                producer.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Stopped on purpose (cancelled or abandoned), or already rethrown above by GetResult.
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private static InferenceSession CreateSession(string modelPath)
    {
        if (Directory.Exists(modelPath)) throw new FileNotFoundException($"'{modelPath}' is a folder; give the model's .onnx file.", modelPath);
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"The model file '{modelPath}' does not exist.", modelPath);
        _ = OnnxRuntimeEnvironment.Instance;
        // A failure is the exception's to say: ONNX Runtime's own log line went to standard error beside the tool's.
        using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        // ONNX Runtime's idle threads spin between operators by default, taking the cores the decoders need.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        try
        {
            return new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelUnusableException(ModelUnusableException.LoadFailedCode, modelPath, $"ONNX Runtime cannot load the model: {e.Message}", e);
        }
    }

    private void RequireOutput(string name)
    {
        if (!_session.OutputMetadata.ContainsKey(name))
        {
            throw new InvalidOperationException($"The model has no output '{name}'; its outputs are {string.Join(", ", _session.OutputMetadata.Keys)}.");
        }
    }

    /// <summary>When the scores output was taken as the first by default and the model has others, how to name another.</summary>
    private string OtherOutputsHint() =>
        _options.ScoresOutput is null && _session.OutputMetadata.Count > 1
            ? $" The model's outputs are {string.Join(", ", _session.OutputMetadata.Keys)}: name the one holding the class scores (--scores-output, or ScoresOutputName in -Preprocessing)."
            : string.Empty;

    private ModelUnusableException RunFailed(string reason, Exception? innerException = null) =>
        new(ModelUnusableException.RunFailedCode, _modelPath, reason, innerException);

    private void DecodeAll(IEnumerable<ImageItem> items, BlockingCollection<DecodedItem> decoded, int threads, CancellationToken token)
    {
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = token };
            // Chunks of a few images per thread keep every core busy while preserving input order.
            foreach (var chunk in Chunks(items, 2 * threads))
            {
                var results = new DecodedItem[chunk.Count];
                Parallel.For(0, chunk.Count, parallel, i => results[i] = Decode(chunk[i]));
                foreach (var result in results) decoded.Add(result, token);
            }
        }
        finally
        {
            decoded.CompleteAdding();
        }
    }

    private DecodedItem Decode(ImageItem item)
    {
        try
        {
            return new DecodedItem(item, ImageDecoder.DecodeFile(item.FilePath, Input.Width, Input.Height, Input.Channels, _options.Preprocessing.ResizeMode), null);
        }
        catch (ImageDecodeException e)
        {
            return new DecodedItem(item, null, e);
        }
    }

    /// <summary>
    /// Waits for <paramref name="previous"/> to finish (one run at a time; the batch after this one is then written into
    /// the buffer <paramref name="previous"/> read), then starts <paramref name="batch"/>, whose images are in
    /// <paramref name="inputBuffer"/>, on <paramref name="runner"/>'s thread.
    /// </summary>
    private BatchRun StartBatch(List<DecodedItem> batch, BatchRun? previous, float[] inputBuffer, BatchRunner runner, RunOptions runOptions, CancellationToken cancellationToken)
    {
        // A failed or cancelled run throws its own exception here.
        previous?.Scores.GetAwaiter().GetResult();
        var imageLength = Input.ImageLength;
        // A model with a fixed batch size gets a zero-padded last batch; a dynamic one gets exactly the images.
        var rows = Input.FixedBatchSize ?? batch.Count;
        if (rows > batch.Count) Array.Clear(inputBuffer, batch.Count * imageLength, (rows - batch.Count) * imageLength);
        var scores = runner.Run(() => Run(inputBuffer, rows, runOptions, cancellationToken));
        return new BatchRun(batch, rows, scores);
    }

    private BatchScores Run(float[] inputBuffer, int rows, RunOptions runOptions, CancellationToken cancellationToken)
    {
        var outputNames = _options.EmbeddingOutput is null ? new[] { _scoresOutput } : new[] { _scoresOutput, _options.EmbeddingOutput };
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputBuffer.AsMemory(0, rows * Input.ImageLength), Input.Shape(rows));
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = _session.Run(runOptions, new[] { Input.Name }, new[] { inputValue }, outputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            // Said as the model's failure in a type of this assembly's callers: the module's cmdlets do not load ONNX Runtime's.
            throw RunFailed($"The model failed to run: {e.Message}", e);
        }
        using (outputs)
        {
            // The declared shape may have left dimensions open (or been left out): the real one is checked, on every run.
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            if (ClassScores.ShapeProblem(_scoresOutput, shape) is { } problem) throw RunFailed(problem + OtherOutputsHint());
            if (shape[0] != rows) throw RunFailed($"The model's output '{_scoresOutput}' has {shape[0]} rows for a batch of {rows} images; class scores have one row per image.");
            return new BatchScores(outputs[0].GetTensorDataAsSpan<float>().ToArray(), (int)shape[1], outputs.Count > 1 ? outputs[1].GetTensorDataAsSpan<float>().ToArray() : null);
        }
    }

    /// <summary>A finished batch's predictions: scores made confidences (the first batch decides the labels and the softmax), labels ranked.</summary>
    private List<ImagePrediction> Rank(BatchRun batch, RunDecisions decisions)
    {
        var (scores, classes, embeddings) = batch.Scores.GetAwaiter().GetResult();
        var items = batch.Items;
        var labels = decisions.Labels ??= Labels(classes);
        var used = scores.AsSpan(0, items.Count * classes);
        decisions.ApplySoftmax ??= ScoreTransform.LooksLikeLogits(used, classes);
        if (decisions.ApplySoftmax.Value) ScoreTransform.SoftmaxRows(used, classes);
        var embeddingLength = embeddings is null ? 0 : embeddings.Length / batch.Rows;
        var predictions = new List<ImagePrediction>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            var embedding = embeddings?.AsSpan(i * embeddingLength, embeddingLength).ToArray();
            predictions.Add(new ImagePrediction(items[i].Item, labels, used.Slice(i * classes, classes), embedding));
        }
        return predictions;
    }

    /// <summary>The class names for an output of <paramref name="classes"/> scores per image; given or stored names of another count are the model's failure.</summary>
    private IReadOnlyList<string> Labels(int classes)
    {
        try
        {
            return LabelSource.Resolve(_options.Labels, _options.LabelsPath, _metadata, classes);
        }
        catch (InvalidOperationException e)
        {
            throw RunFailed(e.Message, e);
        }
    }

    private static IEnumerable<List<ImageItem>> Chunks(IEnumerable<ImageItem> items, int size)
    {
        var chunk = new List<ImageItem>(size);
        foreach (var item in items)
        {
            chunk.Add(item);
            if (chunk.Count == size)
            {
                yield return chunk;
                chunk = new List<ImageItem>(size);
            }
        }
        if (chunk.Count > 0) yield return chunk;
    }

    /// <summary>An image decoded and resized, or why it could not be.</summary>
    private sealed record DecodedItem(ImageItem Item, DecodedImage? Image, ImageDecodeException? Error);

    /// <summary>
    /// One thread of its own that runs the batches in turn: not the pool's, which the decoders may hold, and not a new
    /// thread per batch, which costs more than a batch of one image gains.
    /// </summary>
    private sealed class BatchRunner : IDisposable
    {
        private readonly BlockingCollection<Action> _work = new(boundedCapacity: 1);
        private readonly Thread _thread;

        public BatchRunner()
        {
            _thread = new Thread(() =>
            {
                foreach (var work in _work.GetConsumingEnumerable()) work();
            })
            {
                IsBackground = true,
                Name = "AutoMLEval inference",
            };
            _thread.Start();
        }

        public Task<T> Run<T>(Func<T> work)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _work.Add(() =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            });
            return done.Task;
        }

        /// <summary>Lets the thread finish the batch it may be running (the caller has terminated it) and end.</summary>
        public void Dispose()
        {
            _work.CompleteAdding();
            _thread.Join();
            _work.Dispose();
        }
    }

    /// <summary>A batch in ONNX Runtime: its images, the rows it was run with (padded to a fixed batch size), and its outputs to come.</summary>
    private sealed record BatchRun(List<DecodedItem> Items, int Rows, Task<BatchScores> Scores);

    /// <summary>One run's outputs: the scores (Classes a row), and the embeddings when asked for, row by row.</summary>
    private sealed record BatchScores(float[] Scores, int Classes, float[]? Embeddings);

    /// <summary>What the first batch decides for the whole run: the labels and whether to apply a softmax.</summary>
    private sealed class RunDecisions
    {
        public bool? ApplySoftmax { get; set; }

        public IReadOnlyList<string>? Labels { get; set; }
    }
}
