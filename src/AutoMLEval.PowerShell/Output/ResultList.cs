using System.Collections.ObjectModel;

namespace AutoMLEval;

/// <summary>
/// A read-only list property of an output object (per-label slices, confusion-matrix cells, intervals): visible to
/// Get-Member and tab completion, indexable and enumerable like an array, and with a <see cref="ToString"/> that
/// lists its items, so that Export-Csv and string expansion show the items rather than a type name.
/// </summary>
/// <typeparam name="T">An output type whose own ToString() says what it is.</typeparam>
public sealed class ResultList<T> : ReadOnlyCollection<T>
{
    internal ResultList(IList<T> items)
        : base(items)
    {
    }

    /// <summary>The items' own texts joined by "; ", e.g. "zero: precision 1.0000 recall 0.9815; one: …".</summary>
    public override string ToString() => string.Join("; ", this.Select(i => i?.ToString()));
}
