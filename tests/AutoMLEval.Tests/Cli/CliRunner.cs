using AutoMLEval.Cli;

namespace AutoMLEval.Tests.Cli;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args) => RunIn(Directory.GetCurrentDirectory(), args);

    public static (int ExitCode, string Output, string Error) RunIn(string workingDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(args, new CliContext(output, error, workingDirectory));
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Text with every run of spaces and line breaks made one space: a summary's value reads as one sentence however it was wrapped.</summary>
    public static string Unwrapped(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
}
