using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace AutoMLEval.Cli;

/// <summary>
/// Declares the options of <c>automl-eval</c> for System.CommandLine, which parses them, completes them in a shell
/// and rejects unknown ones; help and usage errors list them (<see cref="CliHelp"/>). Every value is checked as it
/// is parsed (numbers with the invariant culture, "0.5" everywhere), so a wrong value is a usage error before any work.
/// An option without a value given is null: the verb that reads it supplies its own default.
/// </summary>
internal static class CliOption
{
    /// <summary>A text or path option (<c>--name VALUE</c>).</summary>
    public static Option<string> Text(string name, string helpName, string description) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = result => Single(result, text => text),
        };

    /// <summary>A repeatable text or path option: every value given, in order.</summary>
    public static Option<string[]> Repeatable(string name, string helpName, string description) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = result => result.Tokens.Select(t => NotAnOption(result, t.Value)).ToArray(),
        };

    /// <summary>A switch (<c>--name</c>, no value).</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>A finite number option, parsed with the invariant culture, within [min, max] (an unbounded end takes any finite number).</summary>
    public static Option<double?> Number(string name, string helpName, string description, double min = double.NegativeInfinity, double max = double.PositiveInfinity) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = result => Single(result, text =>
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value))
                {
                    return Fail<double?>(result, $"Option {name} needs a finite number, got '{text}'.");
                }
                return value < min || value > max
                    ? Fail<double?>(result, OutOfRange(name, min.ToString(CultureInfo.InvariantCulture), double.IsPositiveInfinity(max) ? null : max.ToString(CultureInfo.InvariantCulture), text))
                    : value;
            }),
        };

    /// <summary>A whole-number option within [min, max].</summary>
    public static Option<int?> Integer(string name, string helpName, string description, int min = int.MinValue, int max = int.MaxValue) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = result => Single(result, text =>
            {
                // A whole number too large for an int is out of range, not "not a whole number".
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return Fail<int?>(result, $"Option {name} needs a whole number, got '{text}'.");
                return value < min || value > max
                    ? Fail<int?>(result, OutOfRange(name, min.ToString(CultureInfo.InvariantCulture), max == int.MaxValue ? null : max.ToString(CultureInfo.InvariantCulture), text))
                    : (int)value;
            }),
        };

    // An unbounded maximum is not named: "at least 1", never "between 1 and 2147483647" or "between 0 and Infinity".
    private static string OutOfRange(string name, string min, string? max, string got) =>
        max is null ? $"Option {name} must be at least {min}, got {got}." : $"Option {name} must be between {min} and {max}, got {got}.";

    /// <summary>One of a fixed set of words (case-insensitive), read in the set's spelling; completed in a shell.</summary>
    public static Option<string> Choice(string name, string description, params string[] choices)
    {
        var option = new Option<string>(name)
        {
            HelpName = string.Join("|", choices),
            Description = description,
            CustomParser = result => Single(result, text => MatchChoice(text, choices) ?? Fail<string>(result, ChoiceMessage(name, text, choices))),
        };
        option.CompletionSources.Add(choices);
        return option;
    }

    /// <summary>
    /// An earlier spelling of an option, kept so that command lines written for it keep working: hidden from help and
    /// completion, and read with <see cref="EitherName{T}"/>.
    /// </summary>
    public static Option<T> EarlierName<T>(Option<T> option, string earlierName)
    {
        var earlier = new Option<T>(earlierName) { Hidden = true, HelpName = option.HelpName, Description = $"the earlier name of {option.Name}" };
        if (option.CustomParser is { } parser) earlier.CustomParser = parser;
        return earlier;
    }

    /// <summary>The value of an option or of its earlier name (null when neither is given); giving both is a usage error.</summary>
    public static T? EitherName<T>(this ParseResult parse, Option<T> option, Option<T> earlier)
    {
        if (parse.GetResult(earlier) is null) return parse.GetValue(option);
        if (parse.GetResult(option) is not null) throw new CliUsageException($"{earlier.Name} is the earlier name of {option.Name}; give one of them.");
        return parse.GetValue(earlier);
    }

    /// <summary>
    /// The value of a text option that must be one of <paramref name="choices"/> here (the choices of a shared option
    /// that differ by task, such as <c>--kind</c>): the default when absent, else the choice in its own spelling.
    /// </summary>
    public static string Choice(this ParseResult parse, Option<string> option, string defaultValue, params string[] choices)
    {
        var text = parse.GetValue(option);
        if (text is null) return defaultValue;
        return MatchChoice(text, choices) ?? throw new CliUsageException(ChoiceMessage(option.Name, text, choices));
    }

    /// <summary>Whether the option was given on the command line.</summary>
    public static bool Given(this ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static string? MatchChoice(string text, string[] choices) =>
        choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));

    private static string ChoiceMessage(string name, string text, string[] choices) =>
        $"Option {name} must be one of {string.Join(", ", choices)}; got '{text}'.";

    // System.CommandLine itself refuses a single-value option given twice.
    private static T? Single<T>(ArgumentResult result, Func<string, T?> parse) =>
        result.Tokens.Count == 0 ? default : parse(NotAnOption(result, result.Tokens[0].Value));

    /// <summary>The words of the error of an option whose value is missing (another option follows it).</summary>
    internal const string NeedsAValue = " needs a value, got the option ";

    // "--ground-truth --strict" is a missing value, not a file named "--strict".
    private static string NotAnOption(ArgumentResult result, string value)
    {
        if (value.StartsWith("--", StringComparison.Ordinal) && value.Length > 2) result.AddError($"Option {((OptionResult)result.Parent!).Option.Name}{NeedsAValue}{value}.");
        return value;
    }

    private static T? Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }
}

/// <summary>The command line is wrong: printed with the verb's usage (for the task in effect), exit code 2.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }
}
