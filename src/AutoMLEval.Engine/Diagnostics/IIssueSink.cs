namespace AutoMLEval.Engine.Diagnostics;

/// <summary>
/// Where readers and evaluators report problems as they find them. The cmdlets turn reports into
/// non-terminating errors and warnings, the CLI prints them to standard error; the engine never prints.
/// </summary>
public interface IIssueSink
{
    /// <summary>Reports one problem; processing goes on.</summary>
    void Report(DataIssue issue);
}
