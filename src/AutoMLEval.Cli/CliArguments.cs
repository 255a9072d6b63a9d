using System.Globalization;

namespace AutoMLEval.Cli;

/// <summary>
/// The options of one verb: <c>--name value</c> pairs and <c>--flag</c> switches. Every option a verb reads
/// is recorded, so that a misspelt or unknown option is an error instead of being silently ignored.
/// </summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<string> _operands = new();
    private bool _operandsRead;

    private CliArguments()
    {
    }

    /// <summary>Parses the arguments after the verb; an option is a value option when the next token is not an option.</summary>
    public static CliArguments Parse(IReadOnlyList<string> tokens)
    {
        var parsed = new CliArguments();
        for (int i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                // An operand (merge's files); a verb that takes none rejects it in RejectUnknown.
                parsed._operands.Add(token);
                continue;
            }
            var name = token.Substring(2);
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parsed.AddValue(name.Substring(0, equals), name.Substring(equals + 1));
            }
            else if (i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                parsed.AddValue(name, tokens[++i]);
            }
            else
            {
                parsed._flags.Add(name);
            }
        }
        return parsed;
    }

    /// <summary>The value of <c>--name</c>, or null when absent.</summary>
    public string? Value(string name)
    {
        _read.Add(name);
        if (_flags.Contains(name)) throw new CliUsageException($"Option --{name} needs a value.");
        return _values.TryGetValue(name, out var list) ? list[list.Count - 1] : null;
    }

    /// <summary>Every value given for a repeatable option.</summary>
    public IReadOnlyList<string> Values(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var list) ? list : Array.Empty<string>();
    }

    /// <summary>Whether the switch <c>--name</c> is present.</summary>
    public bool Flag(string name)
    {
        _read.Add(name);
        if (_values.ContainsKey(name)) throw new CliUsageException($"Option --{name} is a switch and takes no value.");
        return _flags.Contains(name);
    }

    /// <summary>A number option, parsed with the invariant culture ("0.5" everywhere).</summary>
    public double Number(string name, double defaultValue, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        var text = Value(name);
        if (text is null) return defaultValue;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value))
        {
            throw new CliUsageException($"Option --{name} needs a number, got '{text}'.");
        }
        if (value < min || value > max) throw new CliUsageException($"Option --{name} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, got {text}.");
        return value;
    }

    /// <summary>A whole-number option.</summary>
    public int Integer(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Value(name);
        if (text is null) return defaultValue;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) throw new CliUsageException($"Option --{name} needs a whole number, got '{text}'.");
        if (value < min || value > max) throw new CliUsageException($"Option --{name} must be between {min} and {max}, got {value}.");
        return value;
    }

    /// <summary>One of a fixed set of words (case-insensitive); returns it in the set's spelling.</summary>
    public string Choice(string name, string defaultValue, params string[] choices)
    {
        var text = Value(name);
        if (text is null) return defaultValue;
        foreach (var choice in choices)
        {
            if (string.Equals(choice, text, StringComparison.OrdinalIgnoreCase)) return choice;
        }
        throw new CliUsageException($"Option --{name} must be one of {string.Join(", ", choices)}; got '{text}'.");
    }

    /// <summary>The arguments that are not options (a verb's files), in order.</summary>
    public IReadOnlyList<string> Operands()
    {
        _operandsRead = true;
        return _operands;
    }

    /// <summary>
    /// Reads an earlier spelling of an option as <paramref name="name"/>, so that command lines written for it keep working;
    /// giving both spellings is an error.
    /// </summary>
    public void Alias(string name, string oldName)
    {
        _read.Add(oldName);
        if (_flags.Remove(oldName)) _flags.Add(name);
        if (!_values.Remove(oldName, out var oldValues)) return;
        if (_values.ContainsKey(name)) throw new CliUsageException($"--{oldName} is the earlier name of --{name}; give one of them.");
        _values[name] = oldValues;
    }

    /// <summary>Every option value given (to name the input files of a run that failed unexpectedly).</summary>
    public IEnumerable<string> AllValues => _values.Values.SelectMany(v => v);

    /// <summary>Throws for any option that no part of the verb asked for, and for operands of a verb that takes none.</summary>
    public void RejectUnknown()
    {
        if (!_operandsRead && _operands.Count > 0) throw new CliUsageException($"Unexpected argument '{_operands[0]}'; options have the form --name value.");
        var unknown = _values.Keys.Concat(_flags).Where(n => !_read.Contains(n)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0) throw new CliUsageException($"Unknown option{(unknown.Length > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }

    private void AddValue(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list)) _values[name] = list = new List<string>();
        list.Add(value);
    }
}

/// <summary>The command line is wrong: printed with the verb's usage, exit code 2.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }

    /// <summary>The usage to print instead of the verb's whole usage (for example that of the task in effect).</summary>
    public string? Usage { get; init; }
}
