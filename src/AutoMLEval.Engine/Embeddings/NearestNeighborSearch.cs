using System.Numerics;
using System.Runtime.CompilerServices;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Embeddings;

/// <summary>
/// Exact k-nearest-neighbour search (brute force, no approximation) over two <see cref="EmbeddingSet"/>s.
/// </summary>
/// <remarks>
/// <para>How: both sets are copied once into a padded layout (rows padded to a multiple of 4, columns to a
/// multiple of the kernel's register width; cosine rows normalised to unit length). Queries are cut into
/// blocks processed in parallel on every core; each block walks the references in cache-sized blocks and
/// computes a (query block × reference block) tile of dot products with a 4 × 4 register-blocked SIMD kernel:
/// 256-bit fused multiply-adds where the build (net8.0) and the processor have them, else <see cref="Vector{T}"/>
/// (512-bit registers were measured no faster on the AMD EPYC it was tuned on, which splits them in two). The ranking
/// key is <c>1 − q̂·r̂</c> (cosine) or <c>‖r‖² − 2 q·r</c>
/// (Euclidean; <c>‖q‖²</c> is the same for every reference of a query; both sets are scaled by one power of two when
/// their largest norm is above 2⁶² or at most ½, which leaves every key's rounding as it was, so that no square
/// overflows or underflows a float); each query keeps a bounded max-heap of its k + <see cref="RerankMargin"/> best
/// keys. Finally the distances of those candidates are recomputed exactly in double precision from the original
/// vectors, sorted (ties by lower reference row) and the k nearest kept: the candidates are chosen in single precision,
/// and the margin takes in the neighbours that float rounding (about 1e-7 of the squared norms) ranks behind others,
/// so a true neighbour is missed only when more than <see cref="RerankMargin"/> other references lie within float
/// rounding of its distance (exact copies of one vector tie in float as in double, and keep the lower rows). The
/// distances reported do not suffer from the cancellation of the <c>‖q‖² + ‖r‖² − 2 q·r</c> form.</para>
/// <para>Cost: O(queries × references × dimension) time; the exact re-ranking, O(queries × (k + margin) ×
/// dimension), is next to nothing beside it. Memory: the padded copies (4 bytes per value of both sets), 8 bytes per
/// (query, candidate) of heaps, and per worker one tile of <c>QueryBlockSize × reference-block rows</c> floats
/// (256 KiB with the defaults); never a full distance matrix.</para>
/// </remarks>
public static class NearestNeighborSearch
{
    private const int Tile = 4;

    /// <summary>
    /// Candidates kept beyond k per query for the exact re-ranking: a true neighbour is lost only when more references
    /// than this come within float rounding of it. Inserting into a heap of k + 16 rather than k costs nothing measurable,
    /// the per-reference test against the worst kept key being the same.
    /// </summary>
    internal const int RerankMargin = 16;

    /// <summary>Largest norm the packed Euclidean rows may have: a square (at most 2¹²⁴) and 2 q·r (2¹²⁵) stay in a float.</summary>
    private const int LargestNormExponent = 62;

    /// <summary>
    /// Finds, for every query, its <c>options.Count</c> nearest references; the queries done are reported to
    /// <paramref name="progress"/>, and the search stops (<see cref="OperationCanceledException"/>) within one reference
    /// block of <paramref name="cancellationToken"/> being cancelled.
    /// </summary>
    public static NeighborTable Search(
        EmbeddingSet queries, EmbeddingSet references, NeighborSearchOptions options, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (queries is null) throw new ArgumentNullException(nameof(queries));
        if (references is null) throw new ArgumentNullException(nameof(references));
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.Count < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Count, "Count (k) must be at least 1.");
        if (queries.Dimension != references.Dimension)
        {
            throw new ArgumentException($"Queries have dimension {queries.Dimension}, references {references.Dimension}.", nameof(references));
        }
        var search = new SearchRun(queries, references, options);
        return search.Run(progress, cancellationToken);
    }

    /// <summary>State of one search; workers share the read-only packed data and own disjoint heap rows.</summary>
    private sealed class SearchRun
    {
        private readonly EmbeddingSet _queries;
        private readonly EmbeddingSet _references;
        private readonly NeighborSearchOptions _options;
        private readonly int _k;
        private readonly int _candidates;
        private readonly DotProductKernel _kernel;
        private readonly int _stride;
        private readonly float[] _packedQueries;
        private readonly float[] _packedReferences;
        private readonly float[] _referenceTerm;
        private readonly float _dotScale;
        private readonly double[] _queryNorms;
        private readonly double[] _referenceNorms;
        private readonly int[] _excludedReference;
        private readonly float[] _heapKeys;
        private readonly int[] _heapRows;
        private readonly int[] _heapCounts;
        private readonly int[] _neighborCounts;
        private readonly Neighbor[] _result;

        public SearchRun(EmbeddingSet queries, EmbeddingSet references, NeighborSearchOptions options)
        {
            _queries = queries;
            _references = references;
            _options = options;
            _k = Math.Min(options.Count, Math.Max(references.Count, 1));
            _candidates = (int)Math.Min((long)_k + RerankMargin, Math.Max(references.Count, 1));
            if (!DotProductKernels.Supported.Contains(options.Kernel)) throw new PlatformNotSupportedException($"The {options.Kernel} k-NN kernel does not run on this build or processor.");
            _kernel = options.Kernel;
            int width = DotProductKernels.Width(_kernel);
            _stride = (queries.Dimension + width - 1) / width * width;
            bool cosine = options.Metric == DistanceMetric.Cosine;
            _queryNorms = Norms(queries);
            _referenceNorms = Norms(references);
            double euclideanScale = cosine ? 1.0 : EuclideanScale(Math.Max(Largest(_queryNorms), Largest(_referenceNorms)));
            _packedQueries = Pack(queries, _queryNorms, cosine, euclideanScale);
            _packedReferences = Pack(references, _referenceNorms, cosine, euclideanScale);
            _referenceTerm = new float[references.Count];
            for (int r = 0; r < references.Count; r++)
            {
                double norm = _referenceNorms[r] * euclideanScale;
                _referenceTerm[r] = cosine ? 1f : (float)(norm * norm);
            }
            _dotScale = cosine ? 1f : 2f;
            _excludedReference = new int[queries.Count];
            for (int q = 0; q < queries.Count; q++)
            {
                _excludedReference[q] = options.ExcludeSameItem ? references.IndexOf(queries.ItemIds[q]) : -1;
            }
            _heapKeys = new float[(long)queries.Count * _candidates];
            _heapRows = new int[(long)queries.Count * _candidates];
            _heapCounts = new int[queries.Count];
            _neighborCounts = new int[queries.Count];
            _result = new Neighbor[(long)queries.Count * _k];
        }

        public NeighborTable Run(IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
        {
            int queryCount = _queries.Count;
            int workers = _options.MaxDegreeOfParallelism > 0 ? _options.MaxDegreeOfParallelism : Environment.ProcessorCount;
            // Enough blocks for every worker to get several (load balance), none larger than asked.
            int perBlock = Math.Min(Math.Max(_options.QueryBlockSize, Tile), Math.Max(Tile, (queryCount + (workers * 4) - 1) / (workers * 4)));
            perBlock = RoundUp(perBlock, Tile);
            int referenceBlock = Math.Max(Tile, _options.ReferenceBlockBytes / (_stride * sizeof(float)) / Tile * Tile);
            referenceBlock = Math.Min(referenceBlock, Math.Max(Tile, RoundUp(_references.Count, Tile)));
            int blocks = (queryCount + perBlock - 1) / perBlock;
            var searched = new ProgressCounter(progress, "Finding nearest neighbours", queryCount);
            Parallel.For(
                0,
                blocks,
                new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken },
                () => new WorkerBuffers(new float[perBlock * referenceBlock], new Neighbor[_candidates]),
                (block, _, buffers) =>
                {
                    var tile = buffers.Tile;
                    int first = block * perBlock;
                    int end = Math.Min(first + perBlock, queryCount);
                    for (int r = 0; r < _references.Count; r += referenceBlock)
                    {
                        // A block of queries against many references can take long: give up the block, the search throws below.
                        if (cancellationToken.IsCancellationRequested) return buffers;
                        int rEnd = Math.Min(r + referenceBlock, _references.Count);
                        ComputeTile(first, end, r, rEnd, tile, referenceBlock);
                        UpdateHeaps(first, end, r, rEnd, tile, referenceBlock);
                    }
                    for (int q = first; q < end; q++) Finish(q, buffers.Candidates);
                    searched.Add(end - first);
                    return buffers;
                },
                _ => { });
            cancellationToken.ThrowIfCancellationRequested();
            return new NeighborTable(_result, _neighborCounts, _k, _options.Metric);
        }

        /// <summary>tile[(q − first) × tileWidth + (r − rFirst)] = q·r for the padded rows of both blocks.</summary>
        private void ComputeTile(int first, int end, int rFirst, int rEnd, float[] tile, int tileWidth)
        {
            switch (_kernel)
            {
#if NET8_0_OR_GREATER
                case DotProductKernel.Fused256:
                    ComputeTile<System.Runtime.Intrinsics.Vector256<float>, FusedLanes>(first, end, rFirst, rEnd, tile, tileWidth);
                    break;
#endif
                default:
                    ComputeTile<Vector<float>, PortableLanes>(first, end, rFirst, rEnd, tile, tileWidth);
                    break;
            }
        }

        private unsafe void ComputeTile<TLane, TLanes>(int first, int end, int rFirst, int rEnd, float[] tile, int tileWidth)
            where TLane : struct
            where TLanes : struct, IDotProductLanes<TLane>
        {
            int stride = _stride;
            int queryRows = RoundUp(end, Tile);
            int referenceRows = RoundUp(rEnd, Tile);
            fixed (float* queries = _packedQueries)
            fixed (float* references = _packedReferences)
            fixed (float* output = tile)
            {
                for (int q = first; q < queryRows; q += Tile)
                {
                    float* queryRow = queries + ((long)q * stride);
                    float* outputRow = output + ((long)(q - first) * tileWidth) - rFirst;
                    for (int r = rFirst; r < referenceRows; r += Tile)
                    {
                        Dot4x4<TLane, TLanes>(queryRow, references + ((long)r * stride), stride, outputRow + r, tileWidth);
                    }
                }
            }
        }

        /// <summary>The 16 dot products of 4 query rows with 4 reference rows, accumulated in SIMD registers.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void Dot4x4<TLane, TLanes>(float* q, float* r, int stride, float* output, int outputStride)
            where TLane : struct
            where TLanes : struct, IDotProductLanes<TLane>
        {
            var lanes = default(TLanes);
            TLane a00 = default, a01 = default, a02 = default, a03 = default;
            TLane a10 = default, a11 = default, a12 = default, a13 = default;
            TLane a20 = default, a21 = default, a22 = default, a23 = default;
            TLane a30 = default, a31 = default, a32 = default, a33 = default;
            // Row pointers hoisted out of the loop: the JIT does not, and the address arithmetic would cost as much as the loads.
            float* q0 = q, q1 = q + stride, q2 = q + (2 * stride), q3 = q + (3 * stride);
            float* r0 = r, r1 = r + stride, r2 = r + (2 * stride), r3 = r + (3 * stride);
            int width = lanes.Count;
            for (int t = 0; t < stride; t += width)
            {
                var x0 = lanes.Load(q0 + t);
                var x1 = lanes.Load(q1 + t);
                var x2 = lanes.Load(q2 + t);
                var x3 = lanes.Load(q3 + t);
                var y = lanes.Load(r0 + t);
                a00 = lanes.MultiplyAdd(x0, y, a00); a10 = lanes.MultiplyAdd(x1, y, a10); a20 = lanes.MultiplyAdd(x2, y, a20); a30 = lanes.MultiplyAdd(x3, y, a30);
                y = lanes.Load(r1 + t);
                a01 = lanes.MultiplyAdd(x0, y, a01); a11 = lanes.MultiplyAdd(x1, y, a11); a21 = lanes.MultiplyAdd(x2, y, a21); a31 = lanes.MultiplyAdd(x3, y, a31);
                y = lanes.Load(r2 + t);
                a02 = lanes.MultiplyAdd(x0, y, a02); a12 = lanes.MultiplyAdd(x1, y, a12); a22 = lanes.MultiplyAdd(x2, y, a22); a32 = lanes.MultiplyAdd(x3, y, a32);
                y = lanes.Load(r3 + t);
                a03 = lanes.MultiplyAdd(x0, y, a03); a13 = lanes.MultiplyAdd(x1, y, a13); a23 = lanes.MultiplyAdd(x2, y, a23); a33 = lanes.MultiplyAdd(x3, y, a33);
            }
            lanes.StoreSums(a00, a01, a02, a03, output);
            lanes.StoreSums(a10, a11, a12, a13, output + outputStride);
            lanes.StoreSums(a20, a21, a22, a23, output + (2 * outputStride));
            lanes.StoreSums(a30, a31, a32, a33, output + (3 * outputStride));
        }

        /// <summary>Offers each reference of the block to each query's bounded max-heap (root = worst kept).</summary>
        private void UpdateHeaps(int first, int end, int rFirst, int rEnd, float[] tile, int tileWidth)
        {
            int k = _candidates;
            for (int q = first; q < end; q++)
            {
                int heap = q * k;
                int count = _heapCounts[q];
                int excluded = _excludedReference[q];
                int rowStart = (q - first) * tileWidth - rFirst;
                float worst = count < k ? float.PositiveInfinity : _heapKeys[heap];
                for (int r = rFirst; r < rEnd; r++)
                {
                    float key = _referenceTerm[r] - (_dotScale * tile[rowStart + r]);
                    // References arrive in increasing row order, so on a tie the one already kept has the lower row and stays.
                    if (key >= worst) continue;
                    if (r == excluded) continue;
                    if (count < k)
                    {
                        SiftUp(heap, count, key, r);
                        count++;
                        if (count == k) worst = _heapKeys[heap];
                    }
                    else
                    {
                        SiftDown(heap, k, key, r);
                        worst = _heapKeys[heap];
                    }
                }
                _heapCounts[q] = count;
            }
        }

        private void SiftUp(int heap, int position, float key, int row)
        {
            while (position > 0)
            {
                int parent = (position - 1) / 2;
                if (!Worse(key, row, _heapKeys[heap + parent], _heapRows[heap + parent])) break;
                _heapKeys[heap + position] = _heapKeys[heap + parent];
                _heapRows[heap + position] = _heapRows[heap + parent];
                position = parent;
            }
            _heapKeys[heap + position] = key;
            _heapRows[heap + position] = row;
        }

        /// <summary>Replaces the root (the worst kept) by (key, row) and restores the heap order.</summary>
        private void SiftDown(int heap, int count, float key, int row)
        {
            int position = 0;
            while (true)
            {
                int child = (2 * position) + 1;
                if (child >= count) break;
                if (child + 1 < count && Worse(_heapKeys[heap + child + 1], _heapRows[heap + child + 1], _heapKeys[heap + child], _heapRows[heap + child])) child++;
                if (!Worse(_heapKeys[heap + child], _heapRows[heap + child], key, row)) break;
                _heapKeys[heap + position] = _heapKeys[heap + child];
                _heapRows[heap + position] = _heapRows[heap + child];
                position = child;
            }
            _heapKeys[heap + position] = key;
            _heapRows[heap + position] = row;
        }

        private static bool Worse(float key, int row, float otherKey, int otherRow) => key > otherKey || (key == otherKey && row > otherRow);

        /// <summary>Recomputes the candidates' distances exactly, sorts them nearest first and keeps the k nearest.</summary>
        private void Finish(int q, Neighbor[] candidates)
        {
            int heap = q * _candidates;
            int count = _heapCounts[q];
            var query = _queries.VectorAt(q);
            for (int i = 0; i < count; i++)
            {
                int r = _heapRows[heap + i];
                candidates[i] = new Neighbor(r, ExactDistance(query, _queryNorms[q], _references.VectorAt(r), _referenceNorms[r], _options.Metric));
            }
            Array.Sort(candidates, 0, count, NeighborOrder.Instance);
            int kept = Math.Min(count, _k);
            Array.Copy(candidates, 0, _result, (long)q * _k, kept);
            _neighborCounts[q] = kept;
        }

        private static double[] Norms(EmbeddingSet set)
        {
            var norms = new double[set.Count];
            for (int i = 0; i < set.Count; i++)
            {
                double sum = 0;
                foreach (var v in set.VectorAt(i)) sum += (double)v * v;
                norms[i] = Math.Sqrt(sum);
            }
            return norms;
        }

        private float[] Pack(EmbeddingSet set, double[] norms, bool normalise, double euclideanScale)
        {
            var packed = new float[(long)RoundUp(set.Count, Tile) * _stride];
            for (int i = 0; i < set.Count; i++)
            {
                var source = set.VectorAt(i);
                var target = new Span<float>(packed, i * _stride, source.Length);
                double scale = !normalise ? euclideanScale : norms[i] > 0 ? 1.0 / norms[i] : 1.0;
                for (int j = 0; j < source.Length; j++) target[j] = (float)(source[j] * scale);
            }
            return packed;
        }
    }

    /// <summary>
    /// The distance between two vectors in double precision (the definition the search is checked against). A cosine
    /// distance within <see cref="CosineRoundingBound"/> of 0 is 0, as the Euclidean distance of identical vectors is.
    /// </summary>
    internal static double ExactDistance(ReadOnlySpan<float> a, double normA, ReadOnlySpan<float> b, double normB, DistanceMetric metric)
    {
        if (metric == DistanceMetric.Cosine)
        {
            if (normA == 0 || normB == 0) return 1.0;
            double dot = 0;
            for (int i = 0; i < a.Length; i++) dot += (double)a[i] * b[i];
            double cosine = dot / (normA * normB);
            double distance = 1.0 - Math.Max(-1.0, Math.Min(1.0, cosine));
            return distance <= CosineRoundingBound(a.Length) ? 0 : distance;
        }
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// A bound on the rounding error of a cosine distance computed as above, (d + 2) · 2⁻⁵² for d values: the products of
    /// two floats are exact in double; the sums of the dot product and of each squared norm err by at most (d − 1) · 2⁻⁵³
    /// relatively (the norms' halved by the square roots); the square roots, the product of the norms and the division
    /// add 2⁻⁵³ each: (2d + 2) · 2⁻⁵³ in all. Identical vectors (and vectors pointing the same way) come out within it, not
    /// at 0 (about 1e-16): a distance this small cannot be told from 0 and is reported as 0, so that a robust scale of
    /// duplicated data is 0 under cosine, as under Euclidean, rather than rounding noise.
    /// </summary>
    internal static double CosineRoundingBound(int dimension) => (dimension + 2) * 2.220446049250313E-16;

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static double Largest(double[] values) => values.Length == 0 ? 0 : values.Max();

    /// <summary>
    /// The power of two that brings the largest norm of the Euclidean rows into (½, 2⁶²] (1 when it is there, or 0):
    /// above, a square or a dot product overflows a float (vectors of 1e20 gave infinite keys and wrong neighbours);
    /// at most ½, tiny vectors' squares near float's smallest normal lose their digits. Being a power of two, it changes no rounding.
    /// </summary>
    internal static double EuclideanScale(double largestNorm)
    {
        if (largestNorm == 0) return 1.0;
        int exponent = (int)Math.Ceiling(Math.Log(largestNorm, 2));
        int target = Math.Max(0, Math.Min(LargestNormExponent, exponent));
        return PowerOfTwo(target - exponent);
    }

    /// <summary>2ⁿ, exactly, for n in double's normal range.</summary>
    private static double PowerOfTwo(int exponent) => BitConverter.Int64BitsToDouble((long)(exponent + 1023) << 52);

    /// <summary>A worker's own buffers: its tile of dot products, and one query's candidates for the re-ranking.</summary>
    private sealed record WorkerBuffers(float[] Tile, Neighbor[] Candidates);

    private sealed class NeighborOrder : IComparer<Neighbor>
    {
        public static readonly NeighborOrder Instance = new();

        public int Compare(Neighbor x, Neighbor y)
        {
            int byDistance = x.Distance.CompareTo(y.Distance);
            return byDistance != 0 ? byDistance : x.ReferenceIndex.CompareTo(y.ReferenceIndex);
        }
    }
}
