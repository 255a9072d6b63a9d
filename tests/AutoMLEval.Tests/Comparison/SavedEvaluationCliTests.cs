using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Tests.Cli;
using Xunit;

namespace AutoMLEval.Tests.Comparison;

/// <summary>A saved evaluation is what the CLI's <c>evaluate --format json</c> prints.</summary>
public sealed class SavedEvaluationCliTests
{
    [Fact]
    public void Save_writes_what_evaluate_prints()
    {
        // Export-ModelEvaluation saves through ClassificationJson.Save: the file must be the CLI's evaluate JSON.
        using var folder = new TempFolder();
        var run = ClassificationRun.Start(Fixture.Path("digits", "dataset.csv"), Fixture.Path("digits", "predictions.test.jsonl"), new ClassificationInputOptions(), new ClassificationOptions(), new IssueLog());
        var saved = Path.Combine(folder.Root, "saved.json");
        ClassificationJson.Save(saved, run.Evaluation, run.Inputs.Summary, run.Inputs.MlUse);
        var (code, printed, error) = CliRunner.RunIn(Fixture.Path("digits"), "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--format", "json");
        Assert.True(code == 0, error);
        Assert.Equal(printed.TrimEnd(), File.ReadAllText(saved).TrimEnd());
    }
}
