using System.Management.Automation;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// The -NoClobber switch of the commands that write files: a file that exists already is refused before any work is
/// done, as Export-Csv -NoClobber refuses it.
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
}
