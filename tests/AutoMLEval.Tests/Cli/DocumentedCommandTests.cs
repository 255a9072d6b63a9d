using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>
/// Every CLI command shown in README.md and docs/*.md runs as written from the repository root, ends with the exit
/// code shown (0 unless the block shows <c>echo $?</c>), and prints the lines pasted under it.
/// </summary>
public sealed class DocumentedCommandTests
{
    /// <summary>Commands that cannot run here, by the text they start with (after variable expansion), and why.</summary>
    private static readonly Dictionary<string, string> NotRunHere = new()
    {
        ["automl-eval compare --ground-truth dataset.csv --predictions new.jsonl"] = "a template over the reader's own files",
        ["automl-eval check --ground-truth dataset.csv --predictions new.jsonl"] = "a template over the reader's own files",
        ["automl-eval evaluate --ground-truth dataset.jsonl --predictions new.jsonl"] = "a template over the reader's own files (a slice key the demo lacks)",
        ["automl-eval evaluate --ground-truth dataset.csv --predictions new.jsonl"] = "a template over the reader's own files (a slice key the demo lacks)",
        ["automl-eval evaluate --ground-truth gt.jsonl --predictions \"$f\""] = "the body of a shell loop over the reader's shards",
        ["automl-eval merge parts"] = "merges the partial evaluations the loop above it writes",
        ["automl-eval report --ground-truth gt.csv"] = "a template over the reader's own files",
        ["automl-eval report --task video --unit one-second --ground-truth gt.jsonl"] = "a template over the reader's own files",
        ["automl-eval sweep --task detection ..."] = "an elided command line (its options are the block above it)",
        ["automl-eval errors --task detection ..."] = "an elided command line (its options are the block above it)",
    };

    [Fact]
    public void EveryDocumentedCommandRunsAsWritten()
    {
        var root = RepositoryRoot();
        var commands = DocumentedCommand.ReadAll(root);
        Assert.True(commands.Count >= 15, $"Only {commands.Count} CLI commands found in README.md and docs/*.md: the extraction is broken.");

        var failures = new List<string>();
        var skipsUsed = new HashSet<string>();
        foreach (var command in commands)
        {
            var skip = NotRunHere.Keys.FirstOrDefault(command.Text.StartsWith);
            if (skip is not null)
            {
                skipsUsed.Add(skip);
                continue;
            }

            var (exitCode, output, error) = CliRunner.RunIn(root, command.Arguments.ToArray());
            if (exitCode != command.ExpectedExitCode)
            {
                failures.Add($"{command.Location}: {command.Text}\n  exit {exitCode}, documented {command.ExpectedExitCode}\n  {error.Trim()}");
                continue;
            }

            var missing = command.ShownOutput.FirstOrDefault(line => !Shows(output, error, line));
            if (missing is not null)
                failures.Add($"{command.Location}: {command.Text}\n  the documented line\n    {missing}\n  is not in what it printed:\n{output}{error}");
        }

        var staleSkips = NotRunHere.Keys.Except(skipsUsed).ToList();
        Assert.True(staleSkips.Count == 0, "Skipped commands no longer in the docs: " + string.Join("; ", staleSkips));
        Assert.True(failures.Count == 0, $"{failures.Count} documented commands fail as written:\n\n" + string.Join("\n\n", failures));
    }

    [Fact]
    public void ExtractionJoinsContinuationsExpandsVariablesAndReadsSessions()
    {
        var commands = DocumentedCommand.Parse("x.md",
        [
            "```sh",
            "D=module/demo/digits",
            "dotnet run --project src/AutoMLEval.Cli -- evaluate \\",
            "    --ground-truth $D/dataset.csv   # a comment",
            "dotnet pack src/AutoMLEval.Cli",
            "```",
            "```text",
            "$ automl-eval check --min 'auPrc=0.99'; echo $?",
            "gate  value",
            "4",
            "```",
        ]);

        Assert.Equal(2, commands.Count);
        Assert.Equal(["evaluate", "--ground-truth", "module/demo/digits/dataset.csv"], commands[0].Arguments);
        Assert.Equal("x.md:3", commands[0].Location);
        Assert.Equal(["check", "--min", "auPrc=0.99"], commands[1].Arguments);
        Assert.Equal(4, commands[1].ExpectedExitCode);
        Assert.Equal(["gate  value"], commands[1].ShownOutput);
    }

    /// <summary>
    /// A shown line is in standard output, or in standard error (where the session interleaves a diagnostic); a line
    /// trimmed with "…" matches any printed line it begins; a lone "…" stands for lines left out.
    /// </summary>
    private static bool Shows(string output, string error, string shown)
    {
        if (shown.Trim() == "…") return true;
        var printed = (output + "\n" + error).Split('\n').Select(line => line.TrimEnd());
        var ellipsis = shown.IndexOf('…');
        return ellipsis < 0
            ? printed.Contains(shown.TrimEnd())
            : printed.Any(line => line.StartsWith(shown[..ellipsis], StringComparison.Ordinal));
    }

    private static string RepositoryRoot() =>
        typeof(DocumentedCommandTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
}

/// <summary>One CLI command from a documentation code block, with the exit code and the output lines shown for it.</summary>
internal sealed record DocumentedCommand(string Location, string Text, IReadOnlyList<string> Arguments, int ExpectedExitCode, IReadOnlyList<string> ShownOutput)
{
    private const string InstalledTool = "automl-eval ";
    private static readonly Regex FromSource = new(@"^dotnet run (-c \w+ )?--project src/AutoMLEval\.Cli -- ");
    private static readonly Regex Assignment = new(@"^\$? ?([A-Za-z_][A-Za-z0-9_]*)=(\S+)$");
    private static readonly Regex Variable = new(@"\$([A-Za-z_][A-Za-z0-9_]*)");

    public static List<DocumentedCommand> ReadAll(string root) =>
        Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal).Prepend(Path.Combine(root, "README.md"))
            .SelectMany(file => Parse(Path.GetRelativePath(root, file).Replace('\\', '/'), File.ReadAllLines(file)))
            .ToList();

    /// <summary>
    /// Shell blocks (<c>sh</c>, <c>bash</c>): every line is a command. Other blocks: lines starting with "$ " are commands
    /// and the lines after each, up to the next, its output. Only commands of the CLI are kept.
    /// </summary>
    public static List<DocumentedCommand> Parse(string file, IReadOnlyList<string> lines)
    {
        var commands = new List<DocumentedCommand>();
        for (var start = 0; start < lines.Count; start++)
        {
            if (!lines[start].StartsWith("```", StringComparison.Ordinal)) continue;
            var language = lines[start][3..].Trim();
            var end = start + 1;
            while (end < lines.Count && !lines[end].StartsWith("```", StringComparison.Ordinal)) end++;
            ParseBlock(file, lines, start + 1, end, language is "sh" or "bash", commands);
            start = end;
        }

        return commands;
    }

    private static void ParseBlock(string file, IReadOnlyList<string> lines, int first, int end, bool shell, List<DocumentedCommand> commands)
    {
        var variables = new Dictionary<string, string>();
        for (var i = first; i < end; i++)
        {
            var line = lines[i];
            if (!shell && !line.StartsWith("$ ", StringComparison.Ordinal)) continue;
            var lineNumber = i + 1;
            var text = shell ? line : line[2..];
            while (text.EndsWith('\\') && i + 1 < end) text = text[..^1] + " " + lines[++i].Trim();
            text = WithoutComment(text).Trim();
            var assignment = Assignment.Match(text);
            if (assignment.Success)
            {
                variables[assignment.Groups[1].Value] = assignment.Groups[2].Value;
                continue;
            }

            var output = new List<string>();
            while (!shell && i + 1 < end && !lines[i + 1].StartsWith("$ ", StringComparison.Ordinal)) output.Add(lines[++i]);
            while (output.Count > 0 && output[^1].Trim().Length == 0) output.RemoveAt(output.Count - 1);

            var expectedExitCode = 0;
            var statements = text.Split(';', StringSplitOptions.TrimEntries);
            if (statements.Length == 2 && statements[1] == "echo $?" && output.Count > 0 && int.TryParse(output[^1], out var shownCode))
            {
                expectedExitCode = shownCode;
                output.RemoveAt(output.Count - 1);
                text = statements[0];
            }

            text = Variable.Replace(text, match => variables.GetValueOrDefault(match.Groups[1].Value, match.Value));
            var cli = FromSource.Match(text);
            var arguments = cli.Success ? text[cli.Length..] : text.StartsWith(InstalledTool, StringComparison.Ordinal) ? text[InstalledTool.Length..] : null;
            if (arguments is null) continue;
            commands.Add(new DocumentedCommand($"{file}:{lineNumber}", InstalledTool + arguments, Words(arguments),
                expectedExitCode, output.Where(shown => shown.Trim().Length > 0).ToList()));
        }
    }

    /// <summary>The line up to a "#" that starts a word outside quotes.</summary>
    private static string WithoutComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            if (quote is not null) { if (line[i] == quote) quote = null; }
            else if (line[i] is '\'' or '"') quote = line[i];
            else if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }

        return line;
    }

    /// <summary>Shell words: split at blanks outside quotes, quotes removed.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is not null) { if (c == quote) quote = null; else word.Append(c); }
            else if (c is '\'' or '"') { quote = c; inWord = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else { word.Append(c); inWord = true; }
        }

        if (inWord) words.Add(word.ToString());
        return words;
    }
}
