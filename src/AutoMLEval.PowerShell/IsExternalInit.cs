#if NETFRAMEWORK
namespace System.Runtime.CompilerServices;

/// <summary>Lets the .NET Framework build use records and init-only setters (the compiler needs the type to exist; .NET has it).</summary>
internal static class IsExternalInit
{
}
#endif
