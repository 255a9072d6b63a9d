namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// A file of a prediction set and the field its item paths are in (<c>instance.content</c>, or a CSV's path column as
/// its header spells it), from row <paramref name="FirstRow"/> of the set on.
/// </summary>
internal readonly record struct PredictionShard(int FirstRow, string Source, string PathField)
{
    /// <summary>The field of a JSON Lines record that holds the item's path.</summary>
    public const string JsonPathField = "instance.content";

    /// <summary>
    /// The field of the item paths of the predictions file <paramref name="source"/> as a part names it (a part keeps no
    /// CSV header): a CSV's path column, by its usual name "path", else <see cref="JsonPathField"/>.
    /// </summary>
    public static string PathFieldOf(string source) => InputFile.HasExtension(source, ".csv") ? "path" : JsonPathField;

    /// <summary>The shard of <paramref name="shards"/> (in row order, the first from row 0) that holds <paramref name="row"/>.</summary>
    public static PredictionShard Of(IReadOnlyList<PredictionShard> shards, int row)
    {
        int low = 0, high = shards.Count - 1;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (shards[middle].FirstRow <= row) low = middle;
            else high = middle - 1;
        }
        return shards[low];
    }
}
