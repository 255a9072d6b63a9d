using System.Numerics;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace AutoMLEval.Engine.Embeddings;

/// <summary>The register types the k-NN kernel can run on.</summary>
internal enum DotProductKernel
{
    /// <summary><see cref="PortableLanes"/>.</summary>
    Portable,

    /// <summary>256-bit fused multiply-add (FusedLanes; net8.0 build only).</summary>
    Fused256,
}

internal static class DotProductKernels
{
    /// <summary>Every kernel this build can run on this processor.</summary>
    public static IReadOnlyList<DotProductKernel> Supported { get; } = new[]
    {
        DotProductKernel.Portable,
#if NET8_0_OR_GREATER
        FusedLanes.IsSupported ? DotProductKernel.Fused256 : DotProductKernel.Portable,
#endif
    }.Distinct().ToArray();

    /// <summary>The kernel a search uses by default.</summary>
    public static DotProductKernel Fastest { get; } = Supported.Contains(DotProductKernel.Fused256) ? DotProductKernel.Fused256 : DotProductKernel.Portable;

    /// <summary>Floats per register of <paramref name="kernel"/>: the padding of a packed row.</summary>
    public static int Width(DotProductKernel kernel) => kernel switch
    {
#if NET8_0_OR_GREATER
        DotProductKernel.Fused256 => default(FusedLanes).Count,
#endif
        _ => default(PortableLanes).Count,
    };
}

/// <summary>
/// The SIMD operations the k-NN kernel needs, over one register type. A struct implementing it is a generic
/// argument, so the JIT compiles one kernel per register type with every call inlined: one kernel source serves
/// the portable build and the fused multiply-add build.
/// </summary>
internal interface IDotProductLanes<TLane>
    where TLane : struct
{
    /// <summary>Floats per register.</summary>
    int Count { get; }

    unsafe TLane Load(float* source);

    /// <summary><paramref name="a"/> × <paramref name="b"/> + <paramref name="addend"/>.</summary>
    TLane MultiplyAdd(TLane a, TLane b, TLane addend);

    /// <summary>Writes the sums of the lanes of <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/> and <paramref name="d"/> to output[0..3].</summary>
    unsafe void StoreSums(TLane a, TLane b, TLane c, TLane d, float* output);
}

/// <summary><see cref="Vector{T}"/>: every platform and Windows PowerShell 5.1; a multiply and an add (no FMA in its API).</summary>
internal readonly struct PortableLanes : IDotProductLanes<Vector<float>>
{
    public int Count => Vector<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe Vector<float> Load(float* source) => Unsafe.Read<Vector<float>>(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> addend) => (a * b) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void StoreSums(Vector<float> a, Vector<float> b, Vector<float> c, Vector<float> d, float* output)
    {
        var one = Vector<float>.One;
        output[0] = Vector.Dot(a, one);
        output[1] = Vector.Dot(b, one);
        output[2] = Vector.Dot(c, one);
        output[3] = Vector.Dot(d, one);
    }
}

#if NET8_0_OR_GREATER
/// <summary>256-bit registers with fused multiply-add (x86 with AVX2 and FMA): twice the flops per instruction of a multiply and an add.</summary>
internal readonly struct FusedLanes : IDotProductLanes<Vector256<float>>
{
    public static bool IsSupported => Fma.IsSupported && Vector256.IsHardwareAccelerated;

    public int Count => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe Vector256<float> Load(float* source) => Avx.LoadVector256(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => Fma.MultiplyAdd(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void StoreSums(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d, float* output)
    {
        // Pairwise horizontal adds leave a's, b's, c's and d's half-sums in the two 128-bit halves: 4 sums in 5 instructions.
        var pairs = Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d));
        Sse.Store(output, Sse.Add(pairs.GetLower(), pairs.GetUpper()));
    }
}
#endif
