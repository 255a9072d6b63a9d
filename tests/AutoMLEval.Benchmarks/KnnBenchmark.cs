using System.Diagnostics;
using System.Globalization;
using AutoMLEval.Engine.Embeddings;

namespace AutoMLEval.Benchmarks;

/// <summary>
/// Exact k-NN: 10,000 queries × 100,000 references, 512 dimensions, k = 10, uniform random values from a fixed
/// seed. Target: no slower than numpy's <c>Q @ R.T</c> + <c>argpartition</c> (anchors/knn_numpy.py), under 1 GB.
/// </summary>
internal sealed class KnnBenchmark : IBenchmark
{
    public string Name => "knn";

    public string Description => "exact k-NN, 10k x 100k x 512, k=10 (args: [queries references dimension k cosine|euclidean])";

    public void Run(IReadOnlyList<string> args)
    {
        int Arg(int index, int fallback) => args.Count > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
        int queries = Arg(0, 10_000), references = Arg(1, 100_000), dimension = Arg(2, 512), k = Arg(3, 10);
        var metric = args.Count > 4 && args[4] == "euclidean" ? DistanceMetric.Euclidean : DistanceMetric.Cosine;
        var options = new NeighborSearchOptions { Count = k, Metric = metric };

        // JIT warm-up on a small problem so that the timing below is of compiled code.
        NearestNeighborSearch.Search(Random(64, dimension, 3, "w"), Random(256, dimension, 4, "v"), options);

        var watch = Stopwatch.StartNew();
        var querySet = Random(queries, dimension, 1, "q");
        var referenceSet = Random(references, dimension, 2, "r");
        Console.WriteLine($"generate: {watch.Elapsed.TotalSeconds:F2} s ({queries} queries, {references} references, {dimension} dims)");
        // Every kernel this machine runs, in one run; Portable (Vector<T>, a multiply then an add) is what Windows
        // PowerShell 5.1's netstandard2.0 build runs, the others need the net8.0 build and the processor's FMA.
        // The default first, so that the process's peak memory at that point is one search's (the others leave garbage behind).
        var seconds = new Dictionary<DotProductKernel, double> { [DotProductKernels.Fastest] = Time(DotProductKernels.Fastest, options) };
        Console.WriteLine($"peak working set after the default kernel's search: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB");
        foreach (var kernel in DotProductKernels.Supported.Where(k => k != DotProductKernels.Fastest)) seconds[kernel] = Time(kernel, options with { Kernel = kernel });
        Console.WriteLine($"default kernel: {DotProductKernels.Fastest}; speed against Portable: {string.Join(", ", seconds.Select(p => $"{p.Key} {seconds[DotProductKernel.Portable] / p.Value:F2}x"))}");
        // The anchor in the same run (cosine only: it normalises its rows).
        if (metric == DistanceMetric.Cosine && PythonAnchor.Run("knn_numpy.py", new[] { queries, references, dimension, k }.Select(a => a.ToString(CultureInfo.InvariantCulture))) is { } anchor)
        {
            Console.WriteLine($"numpy + OpenBLAS / default kernel (wall): {anchor / seconds[DotProductKernels.Fastest]:F2}x");
        }

        double Time(DotProductKernel kernel, NeighborSearchOptions kernelOptions)
        {
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var timer = Stopwatch.StartNew();
            var table = NearestNeighborSearch.Search(querySet, referenceSet, kernelOptions);
            var seconds = timer.Elapsed.TotalSeconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            double pairs = (double)queries * references;
            Console.WriteLine($"search {kernel} ({metric}, k={k}): {seconds:F2} s wall, {cpu:F2} s cpu, {pairs * dimension * 2 / seconds / 1e9:F1} GFLOP/s, nearest of query 0: row {table.NeighborsOf(0)[0].ReferenceIndex} at {table.NeighborsOf(0)[0].Distance:F6}");
            return seconds;
        }
    }

    private static EmbeddingSet Random(int count, int dimension, int seed, string prefix)
    {
        var random = new Random(seed);
        var values = new float[(long)count * dimension];
        for (long i = 0; i < values.LongLength; i++) values[i] = (float)random.NextDouble();
        var ids = new string[count];
        for (int i = 0; i < count; i++) ids[i] = prefix + i.ToString(CultureInfo.InvariantCulture);
        return new EmbeddingSet(ids, values, dimension);
    }
}
