namespace System.Runtime.CompilerServices;

/// <summary>Lets netstandard2.0 code use records and init-only setters (the compiler needs the type to exist).</summary>
internal static class IsExternalInit
{
}
