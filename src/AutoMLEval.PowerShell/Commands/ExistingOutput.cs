using System.Management.Automation;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// The checks of the commands that write files, made before any work: with -NoClobber a file that exists already is
/// refused, as Export-Csv -NoClobber refuses it; and an output that is one of the inputs or another output is refused
/// always (<see cref="OutputPaths.Conflict"/>, the check automl-eval makes).
/// </summary>
internal static class ExistingOutput
{
    /// <summary>Stops <paramref name="cmdlet"/> (a terminating NoClobber error) when <paramref name="noClobber"/> is set and one of <paramref name="files"/> exists.</summary>
    public static void Refuse(PSCmdlet cmdlet, SwitchParameter noClobber, params string?[] files)
    {
        if (!noClobber.IsPresent) return;
        foreach (var file in files)
        {
            if (file is null || !File.Exists(file)) continue;
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new IOException($"'{file}' already exists, and -NoClobber keeps it; leave -NoClobber out to replace it."),
                "NoClobber",
                ErrorCategory.ResourceExists,
                file));
        }
    }

    /// <summary>
    /// Stops <paramref name="cmdlet"/> (a terminating OutputPathConflict error) when one of <paramref name="outputs"/>
    /// (each a parameter, -Path, and a full path) is one of <paramref name="inputs"/> (-EmbeddingPath, the evaluation's
    /// GroundTruthPath) or another output: writing it would replace that file.
    /// </summary>
    public static void RefuseConflict(PSCmdlet cmdlet, IEnumerable<(string Parameter, string? Path)> outputs, IEnumerable<(string Parameter, string? Path)> inputs)
    {
        var conflict = OutputPaths.Conflict(
            outputs.Where(o => o.Path is not null).Select(o => (o.Parameter, o.Path!)),
            inputs.Where(i => i.Path is not null).Select(i => (i.Parameter, i.Path!)));
        if (conflict is null) return;
        cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException(conflict), "OutputPathConflict", ErrorCategory.InvalidArgument, outputs.First().Path));
    }

    /// <summary>The files an evaluation was made from: its ground truth and its predictions (each shard of a merge).</summary>
    public static IEnumerable<(string Parameter, string? Path)> InputsOf(EvaluationResult evaluation, string name) =>
        new[] { ($"{name}'s GroundTruthPath", (string?)evaluation.GroundTruthPath) }
            .Concat((evaluation.PredictionFiles ?? [evaluation.PredictionPath]).Select(f => ($"{name}'s PredictionPath", (string?)f)));
}
