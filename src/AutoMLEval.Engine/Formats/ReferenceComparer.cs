using System.Runtime.CompilerServices;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Strings told apart by instance, not text: for strings interned as read, a lookup that does not hash their characters.
/// (.NET's ReferenceEqualityComparer is not in netstandard2.0.)
/// </summary>
internal sealed class ReferenceComparer : IEqualityComparer<string>
{
    public static readonly ReferenceComparer Instance = new();

    public bool Equals(string? x, string? y) => ReferenceEquals(x, y);

    public int GetHashCode(string obj) => RuntimeHelpers.GetHashCode(obj);
}
