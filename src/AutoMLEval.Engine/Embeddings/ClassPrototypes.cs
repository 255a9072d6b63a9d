namespace AutoMLEval.Engine.Embeddings;

/// <summary>
/// Out-of-sample label probabilities from class prototypes: the mean vector of each label's reference items
/// (unit vectors for the cosine distance), the item itself left out of its own label's mean. With d_l the distance
/// from an item to label l's prototype, <c>p(l) = exp(−d_l / T) / Σ_m exp(−d_m / T)</c>, the temperature T fitted by
/// maximum likelihood of the given labels (temperature scaling), so that no scale has to be chosen.
/// Used only for single-label references in which every label has at least <see cref="MinimumItemsPerLabel"/> items.
/// Cost: O(items × labels × dimension); memory O(items × labels).
/// </summary>
internal sealed class ClassPrototypes
{
    /// <summary>A mean of fewer items is too noisy to judge a label by (EasyDL's "only indicative" bound).</summary>
    public const int MinimumItemsPerLabel = 10;

    // The temperature is fitted on at most this many items, spread evenly over the ranked ones.
    private const int FitItems = 4096;

    private readonly Dictionary<string, int> _labelIndex;
    private readonly double[] _probabilities;

    private ClassPrototypes(Dictionary<string, int> labelIndex, double[] probabilities)
    {
        _labelIndex = labelIndex;
        _probabilities = probabilities;
    }

    /// <summary>The prototype probabilities of every ranked item, or null when the references do not qualify.</summary>
    public static ClassPrototypes? Build(SplitSelection ranked, SplitSelection references, DistanceMetric metric)
    {
        if (references.Items.Any(i => i.Labels.Count != 1) || ranked.Items.Any(i => i.Labels.Count > 1)) return null;
        var labels = references.Items.Select(i => i.Labels[0]).Distinct(StringComparer.Ordinal).OrderBy(l => l, StringComparer.Ordinal).ToArray();
        if (labels.Length < 2) return null;
        var labelIndex = labels.Select((label, index) => (label, index)).ToDictionary(p => p.label, p => p.index, StringComparer.Ordinal);
        int dimension = references.Vectors.Dimension, labelCount = labels.Length;
        var sums = new double[labelCount * dimension];
        var counts = new int[labelCount];
        var vector = new double[dimension];
        for (int r = 0; r < references.Items.Length; r++)
        {
            int label = labelIndex[references.Items[r].Labels[0]];
            counts[label]++;
            Load(references.Vectors.VectorAt(r), metric, vector);
            for (int k = 0; k < dimension; k++) sums[(label * dimension) + k] += vector[k];
        }
        if (counts.Any(c => c < MinimumItemsPerLabel)) return null;
        var sumNorms = new double[labelCount];
        for (int l = 0; l < labelCount; l++) sumNorms[l] = Dot(sums, l * dimension, sums, l * dimension, dimension);

        int n = ranked.Items.Length;
        var distances = new double[n * labelCount];
        Parallel.For(0, n, () => new double[dimension], (q, _, x) =>
        {
            Load(ranked.Vectors.VectorAt(q), metric, x);
            var item = ranked.Items[q];
            // Left out of its own label's mean when the item is one of the references.
            int own = item.Labels.Count == 1 && references.Vectors.Contains(item.ItemId) && labelIndex.TryGetValue(item.Labels[0], out var o) ? o : -1;
            double xx = Dot(x, 0, x, 0, dimension);
            for (int l = 0; l < labelCount; l++)
            {
                double xs = Dot(x, 0, sums, l * dimension, dimension), ss = sumNorms[l];
                double count = counts[l];
                if (l == own)
                {
                    ss += xx - (2 * xs);
                    xs -= xx;
                    count--;
                }
                distances[(q * labelCount) + l] = metric == DistanceMetric.Cosine
                    ? (ss > 0 && xx > 0 ? 1 - (xs / Math.Sqrt(ss * xx)) : 1)
                    : Math.Sqrt(Math.Max(0, xx - (2 * xs / count) + (ss / (count * count))));
            }
            return x;
        }, _ => { });
        double temperature = FitTemperature(distances, ranked.Items.Select(i => i.Labels.Count == 1 && labelIndex.TryGetValue(i.Labels[0], out var l) ? l : -1).ToArray(), labelCount);
        var probabilities = new double[distances.Length];
        for (int q = 0; q < n; q++) Softmax(distances, q * labelCount, labelCount, temperature, probabilities);
        return new ClassPrototypes(labelIndex, probabilities);
    }

    /// <summary>The labels that have a prototype.</summary>
    public IEnumerable<string> Labels => _labelIndex.Keys;

    /// <summary>p(<paramref name="label"/>) for ranked item <paramref name="item"/>; 0 for a label without a prototype.</summary>
    public double Probability(int item, string label) =>
        _labelIndex.TryGetValue(label, out var l) ? _probabilities[(item * _labelIndex.Count) + l] : 0;

    /// <summary>The temperature that minimises the mean −ln p(given label), by golden-section search over ln T.</summary>
    private static double FitTemperature(double[] distances, int[] given, int labelCount)
    {
        var items = Enumerable.Range(0, given.Length).Where(q => given[q] >= 0).ToArray();
        if (items.Length > FitItems) items = Enumerable.Range(0, FitItems).Select(i => items[(int)((long)i * items.Length / FitItems)]).ToArray();
        var finite = items.SelectMany(q => Enumerable.Range(0, labelCount).Select(l => distances[(q * labelCount) + l])).Where(d => d > 0).ToList();
        double scale = finite.Count == 0 ? 1 : Statistics.Median(finite);
        var buffer = new double[distances.Length];
        double Loss(double logT)
        {
            double t = Math.Exp(logT), sum = 0;
            foreach (var q in items)
            {
                Softmax(distances, q * labelCount, labelCount, t, buffer);
                sum -= Math.Log(Math.Max(buffer[(q * labelCount) + given[q]], double.Epsilon));
            }
            return sum;
        }
        double low = Math.Log(scale * 1e-4), high = Math.Log(scale * 10);
        double ratio = (Math.Sqrt(5) - 1) / 2;
        double a = high - (ratio * (high - low)), b = low + (ratio * (high - low));
        double fa = Loss(a), fb = Loss(b);
        for (int iteration = 0; iteration < 60; iteration++)
        {
            if (fa <= fb)
            {
                high = b;
                (b, fb) = (a, fa);
                a = high - (ratio * (high - low));
                fa = Loss(a);
            }
            else
            {
                low = a;
                (a, fa) = (b, fb);
                b = low + (ratio * (high - low));
                fb = Loss(b);
            }
        }
        return Math.Exp((low + high) / 2);
    }

    private static void Softmax(double[] distances, int offset, int count, double temperature, double[] output)
    {
        double nearest = double.PositiveInfinity;
        for (int l = 0; l < count; l++) nearest = Math.Min(nearest, distances[offset + l]);
        double total = 0;
        for (int l = 0; l < count; l++)
        {
            // Shifted by the nearest distance, so the largest term is exp(0) and nothing underflows to 0/0.
            output[offset + l] = Math.Exp(-(distances[offset + l] - nearest) / temperature);
            total += output[offset + l];
        }
        for (int l = 0; l < count; l++) output[offset + l] /= total;
    }

    /// <summary>Copies a vector into doubles, scaled to unit length for the cosine distance (a zero vector stays zero).</summary>
    private static void Load(ReadOnlySpan<float> source, DistanceMetric metric, double[] target)
    {
        double norm = 0;
        for (int k = 0; k < source.Length; k++)
        {
            target[k] = source[k];
            norm += target[k] * target[k];
        }
        if (metric != DistanceMetric.Cosine || norm == 0) return;
        double scale = 1 / Math.Sqrt(norm);
        for (int k = 0; k < target.Length; k++) target[k] *= scale;
    }

    private static double Dot(double[] a, int aOffset, double[] b, int bOffset, int length)
    {
        double sum = 0;
        for (int k = 0; k < length; k++) sum += a[aOffset + k] * b[bOffset + k];
        return sum;
    }
}
