namespace AutoMLEval.Engine.Classification;

/// <summary>
/// A sum of per-item terms that does not depend on the order they are added in (or on how ranges of items are merged),
/// so that the same input in another line order gives bit-identical log loss, Brier score and label-ranking AP.
/// Floating-point addition is not associative; here each term is rounded once to a multiple of 2⁻⁶² and the multiples
/// are added as integers, which is exact and so order-free. The rounding (at most 2⁻⁶³ a term) is below a double's
/// precision for any mean of terms above 2⁻¹⁰, and the integer part holds any realistic count of items (the terms
/// here are at most −ln 2⁻⁵² ≈ 36). O(1) a term, no allocation.
/// </summary>
internal struct FixedPointSum
{
    private const int FractionBits = 62;
    private const long FractionMask = (1L << FractionBits) - 1;
    private const double FractionScale = 4611686018427387904.0; // 2^62

    // The sum is _whole + _fraction · 2⁻⁶², with 0 ≤ _fraction < 2⁶².
    private long _whole;
    private long _fraction;

    /// <summary>The sum of the terms so far, from the exact fixed-point total (one rounding to a double).</summary>
    public readonly double Value => _whole + (_fraction / FractionScale);

    /// <summary>Adds a finite term.</summary>
    public void Add(double term)
    {
        var whole = Math.Floor(term);
        // term − ⌊term⌋ is exact (both share term's exponent or finer), in [0, 1): scaled, it is below 2⁶².
        AddUnits((long)whole, (long)Math.Round((term - whole) * FractionScale));
    }

    /// <summary>Adds another sum (of another range of items).</summary>
    public void Add(FixedPointSum other) => AddUnits(other._whole, other._fraction);

    private void AddUnits(long whole, long fraction)
    {
        // Both fractions are at most 2⁶², so their sum fits a long; the carry moves to the whole part.
        var sum = _fraction + fraction;
        _whole += whole + (sum >> FractionBits);
        _fraction = sum & FractionMask;
    }

    /// <summary>A sum holding <paramref name="value"/> (a sum read back from a partial evaluation, or rescaled).</summary>
    public static FixedPointSum Of(double value)
    {
        var sum = default(FixedPointSum);
        sum.Add(value);
        return sum;
    }
}
