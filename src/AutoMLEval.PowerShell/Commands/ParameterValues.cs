using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Slices;
using AutoMLEval.Tasks;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// For parameters bound from pipeline records: an empty or blank string (an empty Import-Csv cell) becomes null, the
/// "not given" of the parameter, before PowerShell converts it (to 0 for a number) or validates it. Pair it with
/// [AllowNull] and a nullable parameter type.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EmptyAsNotGivenAttribute : ArgumentTransformationAttribute
{
    /// <summary>Null for a blank string (wrapped or not), the value itself otherwise.</summary>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is string text && string.IsNullOrWhiteSpace(text) ? null : inputData;
}

/// <summary>
/// A number a user gives as text (a pipeline record's cell, a gate's limit): read in the invariant culture, then in the
/// session's, so that what a German session's Export-Csv wrote ("0,5") reads back; the session's group separator is never
/// read, so "0,5" stays no number in en-US rather than 5.
/// </summary>
internal static class NumberText
{
    /// <summary>Whether <paramref name="text"/> spells a number, and which.</summary>
    public static bool TryRead(string text, out double number) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out number)
        || double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.CurrentCulture, out number);
}

/// <summary>
/// For a number bound from pipeline records: a blank string is not given (as <see cref="EmptyAsNotGivenAttribute"/>),
/// other text is read as <see cref="NumberText"/> reads it, and text that is no number is an error naming it. Without it a record
/// whose cell PowerShell cannot convert would bind nothing, silently: by property name, PowerShell skips a value that
/// fails to convert, and the record would be evaluated at the default.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NumberIfGivenAttribute : ArgumentTransformationAttribute
{
    /// <summary>Null for a blank string, the number a string spells, the value itself when it is no string.</summary>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if ((inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is not string text) return inputData;
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (NumberText.TryRead(text, out var number)) return number;
        throw new ArgumentTransformationMetadataException($"'{text}' is not a number (write a number with a point, as 0.8).");
    }
}

/// <summary>
/// [ValidateSet] whose values Tab offers in the order given, with [ArgumentCompleter(typeof(ValidValuesCompleter))]:
/// PowerShell completes a ValidateSet itself, sorted, and no completer beside it is asked (the splits came as all, test,
/// training, …, the default last but one). The values are matched ignoring case.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public class ValidateValuesAttribute : ValidateArgumentsAttribute
{
    /// <summary>The values accepted.</summary>
    public ValidateValuesAttribute(params string[] validValues) => ValidValues = validValues;

    /// <summary>The values accepted, in the order Tab offers them.</summary>
    public IReadOnlyList<string> ValidValues { get; }

    /// <summary>Whether null (not given) passes.</summary>
    private protected virtual bool NotGivenPasses => false;

    /// <summary>Throws unless the value is one of <see cref="ValidValues"/> (or null, where not given passes).</summary>
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var text = arguments is PSObject wrapped ? wrapped.BaseObject?.ToString() : arguments?.ToString();
        if ((text is null && NotGivenPasses) || (text is not null && ValidValues.Contains(text, StringComparer.OrdinalIgnoreCase))) return;
        throw new ValidationMetadataException($"'{text}' is not one of: {string.Join(", ", ValidValues)}{(NotGivenPasses ? " (an empty value means the default)" : string.Empty)}.");
    }
}

/// <summary>
/// <see cref="ValidateValuesAttribute"/> of a split (Vertex AI's ML_USE), test first as the default, then
/// <c>all</c> where <paramref name="withAll"/> (every split at once): the one list of every split parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ValidateSplitAttribute(bool withAll = true) : ValidateValuesAttribute(Splits(withAll))
{
    private static string[] Splits(bool withAll) =>
        withAll
            ? new[] { MlUse.Test, MlUse.Validation, MlUse.Training, MlUse.Unassigned, MlUse.All }
            : new[] { MlUse.Test, MlUse.Validation, MlUse.Training, MlUse.Unassigned };
}

/// <summary>
/// <see cref="ValidateValuesAttribute"/> for parameters bound from pipeline records: null (not given: see
/// <see cref="EmptyAsNotGivenAttribute"/>) passes.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ValidateSetIfGivenAttribute : ValidateValuesAttribute
{
    /// <summary>The values accepted besides null.</summary>
    public ValidateSetIfGivenAttribute(params string[] validValues)
        : base(validValues)
    {
    }

    private protected override bool NotGivenPasses => true;
}

/// <summary>
/// For a parameter that takes the name of a value of an enum as text, so that its own completer rather than PowerShell's
/// enum completion decides what Tab offers: one of the names, any case (numbers are refused, as they name no kind).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ValidateEnumNameAttribute : ValidateArgumentsAttribute
{
    /// <summary>The enum whose names are accepted.</summary>
    public ValidateEnumNameAttribute(Type enumType) => EnumType = enumType;

    /// <summary>The enum whose names are accepted.</summary>
    public Type EnumType { get; }

    /// <summary>Throws unless the value is one of the enum's names.</summary>
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var text = arguments is PSObject wrapped ? wrapped.BaseObject?.ToString() : arguments?.ToString();
        var names = Enum.GetNames(EnumType);
        if (text is not null && names.Contains(text, StringComparer.OrdinalIgnoreCase)) return;
        throw new ValidationMetadataException($"'{text}' is not one of: {string.Join(", ", names)}.");
    }
}

/// <summary>
/// [ValidateRange] in the module's one wording ("1.5 is not between 0 and 1."; PowerShell's own is "The 1.5 argument is
/// greater than the maximum allowed range of 1. …"): a number, or each of an array's; null (not given, of a nullable
/// number bound from pipeline records) passes.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ValidateBetweenAttribute : ValidateArgumentsAttribute
{
    /// <summary>The inclusive range of a given value; <see cref="double.MaxValue"/> as the maximum: no upper limit.</summary>
    public ValidateBetweenAttribute(double minimum, double maximum)
    {
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>The smallest value accepted.</summary>
    public double Minimum { get; }

    /// <summary>The largest value accepted.</summary>
    public double Maximum { get; }

    /// <summary>Throws unless the value is null or a number in the range, or an array of them.</summary>
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (value is IEnumerable values and not string)
        {
            foreach (var element in values) Validate(element, engineIntrinsics);
            return;
        }
        if (value is null) return;
        double number = value is IConvertible and not (string or bool) ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
        if (number >= Minimum && number <= Maximum) return;
        var range = double.IsNaN(number) || double.IsInfinity(number) ? "a finite number" : Maximum == double.MaxValue ? "at least {1}" : "between {1} and {2}";
        throw new ValidationMetadataException(string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0} is not " + range + ".", value, Minimum, Maximum));
    }
}

/// <summary>
/// An IoU threshold COCO evaluation matched at (0.5, 0.55 … 0.95: the engine's rule, <see cref="CocoParams.IouIndex"/>):
/// every evaluation has these ten, so another value is refused when bound, before any input is taken.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ValidateEvaluatedIouThresholdAttribute : ValidateArgumentsAttribute
{
    /// <summary>Throws unless the value is one of the evaluated IoU thresholds.</summary>
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        try
        {
            CocoParams.Default(IouType.BoundingBox).IouIndex(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ValidationMetadataException(e.Message);
        }
    }
}

/// <summary>Tab completion of a parameter's <see cref="ValidateValuesAttribute"/> values, in their order, read from the cmdlet class itself.</summary>
public sealed class ValidValuesCompleter : IArgumentCompleter
{
    /// <summary>The valid values that start with what was typed.</summary>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Complete(ValidValues(commandName, parameterName), wordToComplete);

    /// <summary>The <see cref="ValidateValuesAttribute"/> values of a parameter of this module's cmdlet <paramref name="commandName"/>.</summary>
    internal static IReadOnlyList<string> ValidValues(string commandName, string parameterName)
    {
        var noun = commandName.Substring(commandName.LastIndexOf('\\') + 1);
        var cmdlet = typeof(ValidValuesCompleter).Assembly.GetTypes()
            .FirstOrDefault(t => t.GetCustomAttribute<CmdletAttribute>() is { } a && string.Equals(a.VerbName + "-" + a.NounName, noun, StringComparison.OrdinalIgnoreCase));
        return cmdlet?.GetProperty(parameterName)?.GetCustomAttribute<ValidateValuesAttribute>()?.ValidValues ?? Array.Empty<string>();
    }

    /// <summary>The values that start with what was typed (quotes aside), as completions.</summary>
    internal static IEnumerable<CompletionResult> Complete(IEnumerable<string> values, string? wordToComplete)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return values.Where(v => v.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, v));
    }
}

/// <summary>
/// Tab completion of Get-ModelEvaluation -SliceBy: the metadata keys of the -MetadataPath already on the command line,
/// else of its -GroundTruthPath (a JSON Lines' dataItemResourceLabels, a CSV's columns), read as slicing reads them but
/// from the file's start only, as a Tab must not wait for a large file (<see cref="MetadataSlices.KeysOf"/>: a CSV's
/// header, or the keys of the first 1,000 lines or 1 MiB); nothing when neither is given, or one is no single readable
/// file. Never the current folder's files, which PowerShell offers when a completer has nothing: a key is not a file.
/// </summary>
public sealed class MetadataKeyCompleter : IArgumentCompleter
{
    /// <summary>The keys that start with what was typed, quoted where needed.</summary>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var metadataPath = ProviderPathOf(fakeBoundParameters?["MetadataPath"]);
            // A -MetadataPath that names no file is what the command would read (and refuse), not the ground truth.
            if (metadataPath is null && fakeBoundParameters?.Contains("MetadataPath") == true) return Array.Empty<CompletionResult>();
            var keys = MetadataSlices.KeysOf(metadataPath, ProviderPathOf(fakeBoundParameters?["GroundTruthPath"]));
            return CompletedNames.StartingWith(keys, wordToComplete);
        }
        catch (Exception)
        {
            // A file that cannot be read offers nothing; the command itself will say what is wrong with it.
            return Array.Empty<CompletionResult>();
        }
    }

    // The file a path typed on the command line names (relative to the current location, wildcards resolved), or null
    // unless it names one file. Resolved by Convert-Path in the session, which a completer has no other way to reach.
    private static string? ProviderPathOf(object? typed)
    {
        if (typed is not string path || path.Length == 0) return null;
        using var shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        var resolved = shell.AddCommand(@"Microsoft.PowerShell.Management\Convert-Path").AddParameter("Path", path).Invoke<string>();
        return !shell.HadErrors && resolved.Count == 1 && File.Exists(resolved[0]) ? resolved[0] : null;
    }
}

/// <summary>
/// Tab completion of Get-ModelEvaluation -MlUse: its valid splits, without "all" once -Task names a task other than
/// Video (the only one that takes it; -Unit alone means Video), as the command would refuse it.
/// </summary>
public sealed class MlUseCompleter : IArgumentCompleter
{
    /// <summary>The splits that start with what was typed and that the task bound so far takes.</summary>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var task = fakeBoundParameters?["Task"] is { } given ? PSObject.AsPSObject(given).BaseObject?.ToString() : null;
        bool takesAll = string.IsNullOrWhiteSpace(task) || string.Equals(task, EvaluationTasks.Video, StringComparison.OrdinalIgnoreCase);
        var values = ValidValuesCompleter.ValidValues(commandName, parameterName).Where(v => takesAll || v != Engine.Formats.Classification.MlUse.All);
        return ValidValuesCompleter.Complete(values, wordToComplete);
    }
}
