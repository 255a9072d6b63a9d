namespace AutoMLEval.Cli;

/// <summary>
/// What <c>evaluate --partial OUT</c> wrote, printed in the form <c>--format</c> asks for: the table form is one sentence
/// (<paramref name="Sentence"/>); JSON is one object and CSV one row, both with the fields of PowerShell's
/// <c>PartialModelEvaluation</c> in camelCase (<c>Get-ModelEvaluation -AsPartial</c>), so that a script reads the same
/// names from either front end.
/// </summary>
/// <param name="Path">The part's file, absolute (the sentence names it as given to <c>--partial</c>).</param>
/// <param name="Task">The <c>--task</c> evaluated: classification, detection, segmentation or video.</param>
/// <param name="MlUse">The evaluated split; empty for a COCO ground truth, which has none (written as null).</param>
/// <param name="Items">Items of the shard evaluated; of detection, the images the shard predicts.</param>
/// <param name="GroundTruthItems">Ground-truth items of the split in all; of detection its images, of video its videos.</param>
/// <param name="GroundTruthPath">The ground-truth file, as the part records it (absolute).</param>
/// <param name="PredictionPath">The shard's predictions (a file, folder or pattern), absolute.</param>
/// <param name="Sentence">The table form's line.</param>
internal sealed record PartialWritten(string Path, string Task, string MlUse, long Items, long GroundTruthItems, string GroundTruthPath, string PredictionPath, string Sentence)
{
    private static readonly string[] Headers = { "path", "task", "mlUse", "items", "groundTruthItems", "groundTruthPath", "predictionPath" };

    /// <summary>Writes what was written to standard output in <paramref name="format"/>.</summary>
    public void WriteTo(TextWriter output, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Json:
                TabularOutput.WriteJson(output, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("path", Path);
                    w.WriteString("task", Task);
                    if (MlUse.Length == 0) w.WriteNull("mlUse");
                    else w.WriteString("mlUse", MlUse);
                    w.WriteNumber("items", Items);
                    w.WriteNumber("groundTruthItems", GroundTruthItems);
                    w.WriteString("groundTruthPath", GroundTruthPath);
                    w.WriteString("predictionPath", PredictionPath);
                    w.WriteEndObject();
                });
                break;
            case OutputFormat.Csv:
                TabularOutput.WriteCsv(output, Headers, new[] { (IReadOnlyList<object?>)new object?[] { Path, Task, MlUse.Length == 0 ? null : MlUse, Items, GroundTruthItems, GroundTruthPath, PredictionPath } });
                break;
            default:
                output.WriteLine(Sentence);
                break;
        }
    }
}
