using System.Runtime.CompilerServices;

namespace AutoMLEval.Engine;

/// <summary>
/// <c>MethodImplOptions.AggressiveOptimization</c> (512; not named in netstandard2.0): the hot loops of reading,
/// sorting and matching run once per file in a command-line process, so they are compiled optimised at once instead of
/// starting in tier-0 code.
/// </summary>
internal static class JitHints
{
    public const MethodImplOptions Optimized = (MethodImplOptions)512;
}
