using System.Text.Json;
using AutoMLEval.Engine.Detection;
using Xunit;

namespace AutoMLEval.Tests.Detection;

/// <summary>
/// The error analysis against TIDE's reference code (tidecv 1.0.1) on every bbox case of Fixtures/coco: the count of
/// each kind, TIDE's AP and the dAP of each kind (Fixtures/tide, made as its README says).
/// </summary>
public sealed class TideParityTests
{
    private const double Tolerance = 1e-12;

    private static readonly (string Name, DetectionErrorKind Kind)[] Kinds =
    {
        ("wrongLabel", DetectionErrorKind.WrongLabel),
        ("localisation", DetectionErrorKind.Localisation),
        ("wrongLabelAndLocalisation", DetectionErrorKind.WrongLabelAndLocalisation),
        ("duplicate", DetectionErrorKind.Duplicate),
        ("background", DetectionErrorKind.Background),
        ("missed", DetectionErrorKind.Missed),
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Fixture.Path("tide"), "*.json").OrderBy(f => f, StringComparer.Ordinal)) data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Counts_ap_and_delta_ap_equal_tidecv(string name)
    {
        var expected = Fixture.Json("tide", name + ".json");
        var errors = DetectionErrorAnalysis.Analyze(CocoParityTests.Evaluate(name, out _), 0.5, 0.1);
        Assert.Equal(expected.GetProperty("ap50").GetDouble() / 100, errors.Ap, Tolerance);
        foreach (var (field, kind) in Kinds)
        {
            Assert.True(expected.GetProperty("counts").GetProperty(field).GetInt32() == errors.CountOf(kind), $"{name} {field}: expected {expected.GetProperty("counts").GetProperty(field)}, got {errors.CountOf(kind)}");
            var delta = expected.GetProperty("deltaAp").GetProperty(field).GetDouble() / 100;
            Assert.True(Math.Abs(delta - errors.DeltaAp(kind)) <= Tolerance, $"{name} dAP {field}: expected {delta:R}, got {errors.DeltaAp(kind):R}");
        }
    }

    [Fact]
    public void There_is_a_reference_for_every_bbox_case()
    {
        Assert.Equal(11, Directory.GetFiles(Fixture.Path("tide"), "*.json").Length);
    }
}
