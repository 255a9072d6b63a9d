# The cmdlets' one error path for what nobody planned for (docs/cli.md, "Errors"): an exception of the engine work
# that no cmdlet turns into its own error record ends the command with one ErrorRecord (ErrorId UnexpectedError, the
# exception's kind and message), not a stack trace; -Verbose writes the exception with its stack trace. The failure is
# planted through a test cmdlet derived from the module's EngineCmdlet whose engine work throws on the worker thread.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # The module is compiled against PowerShellStandard's System.Management.Automation 3.0: compiling against it here
    # warns (CS1701) that PowerShell's own is assumed to match, which it does.
    $planted = Add-Type -IgnoreWarnings -WarningAction SilentlyContinue -PassThru `
        -ReferencedAssemblies ([AutoMLEval.PowerShell.EngineCmdlet].Assembly.Location), ([psobject].Assembly.Location) -TypeDefinition @'
using System;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.ExceptionServices;

[Cmdlet(VerbsDiagnostic.Test, "PlantedEngineFailure")]
public sealed class TestPlantedEngineFailureCommand : AutoMLEval.PowerShell.EngineCmdlet
{
    public static object Fail(object calls) { throw new IndexOutOfRangeException("Index was outside the bounds of the array (planted)."); }

    protected override void EndProcessing()
    {
        // RunEngine and its EngineCalls are internal: reached by reflection.
        var calls = typeof(AutoMLEval.PowerShell.EngineCmdlet).Assembly.GetType("AutoMLEval.PowerShell.EngineCalls", true);
        var work = Delegate.CreateDelegate(typeof(Func<,>).MakeGenericType(calls, typeof(object)), typeof(TestPlantedEngineFailureCommand).GetMethod("Fail"));
        var run = typeof(AutoMLEval.PowerShell.EngineCmdlet).GetMethod("RunEngine", BindingFlags.Instance | BindingFlags.NonPublic).MakeGenericMethod(typeof(object));
        try { run.Invoke(this, new object[] { work }); }
        catch (TargetInvocationException e) { ExceptionDispatchInfo.Capture(e.InnerException).Throw(); }
    }
}
'@
    Import-Module -Assembly $planted[0].Assembly
}

Describe 'An unexpected engine failure' {
    It 'ends the command with one UnexpectedError record saying what failed' {
        $failure = $null
        try { Test-PlantedEngineFailure } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeExactly 'UnexpectedError,TestPlantedEngineFailureCommand'
        $failure.Exception | Should -BeOfType [IndexOutOfRangeException]
        $failure.ErrorDetails.Message | Should -BeExactly 'Test-PlantedEngineFailure failed unexpectedly: IndexOutOfRangeException: Index was outside the bounds of the array (planted); -Verbose shows the details.'
        "$failure" | Should -Not -BeLike '*   at *'
    }

    It 'writes the exception with its stack trace to the verbose stream, shown with -Verbose only' {
        @(try { Test-PlantedEngineFailure 4>&1 } catch { }) | Should -BeNullOrEmpty
        $verbose = @(try { Test-PlantedEngineFailure -Verbose 4>&1 } catch { })
        $verbose.Count | Should -Be 1
        $verbose[0].Message | Should -BeLike 'System.IndexOutOfRangeException: Index was outside the bounds of the array (planted).*   at TestPlantedEngineFailureCommand.Fail*'
    }
}
