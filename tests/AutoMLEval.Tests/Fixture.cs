using System.Text.Json;

namespace AutoMLEval.Tests;

/// <summary>Locates the copied reference fixtures next to the test assembly.</summary>
internal static class Fixture
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine(new[] { AppContext.BaseDirectory, "Fixtures" }.Concat(parts).ToArray());

    public static JsonElement Json(params string[] parts)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path(parts)));
        return document.RootElement.Clone();
    }
}
