using System.Globalization;
using System.Text.Json;
using Xunit;

namespace AutoMLEval.Tests;

/// <summary>Compares two JSON documents: same shape, names and strings; numbers equal to a tolerance (relative above 1).</summary>
internal static class JsonAssert
{
    public static void Close(JsonElement expected, JsonElement actual, double tolerance, string path = "$")
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {expected.ValueKind} expected, {actual.ValueKind} found");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name), actual.EnumerateObject().Select(p => p.Name));
                foreach (var property in expected.EnumerateObject()) Close(property.Value, actual.GetProperty(property.Name), tolerance, path + "." + property.Name);
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: {expected.GetArrayLength()} elements expected, {actual.GetArrayLength()} found");
                for (int i = 0; i < expected.GetArrayLength(); i++) Close(expected[i], actual[i], tolerance, $"{path}[{i}]");
                break;
            case JsonValueKind.Number:
                double e = expected.GetDouble(), a = actual.GetDouble();
                Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)), $"{path}: {e.ToString("R", CultureInfo.InvariantCulture)} expected, {a.ToString("R", CultureInfo.InvariantCulture)} found");
                break;
            default:
                Assert.Equal(expected.ToString(), actual.ToString());
                break;
        }
    }

    public static void Close(string expected, string actual, double tolerance)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Close(e.RootElement, a.RootElement, tolerance);
    }
}
