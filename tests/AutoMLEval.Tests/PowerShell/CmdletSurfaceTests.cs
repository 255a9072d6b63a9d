using AutoMLEval.PowerShell;
using Xunit;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>
/// The module's public surface as a contract, read from the BUILT cmdlet assembly's metadata (no PowerShell here):
/// approved verbs, manifest exports, parameters as documented, output types, help and format views.
/// </summary>
public sealed class CmdletSurfaceTests : IClassFixture<BuiltModule>
{
    private const string Sma = "System.Management.Automation.";
    private const string AllSets = "__AllParameterSets";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>PowerShell's approved verbs (Get-Verb, PowerShell 7.4), all groups.</summary>
    private static readonly HashSet<string> ApprovedVerbs = new(StringComparer.Ordinal)
    {
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open", "Optimize",
        "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip", "Split", "Step", "Switch",
        "Undo", "Unlock", "Watch",
        "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
        "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand", "Export", "Group",
        "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update",
        "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
        "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke", "Register", "Request",
        "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
        "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
        "Use",
    };

    /// <summary>
    /// Every parameter as the help and docs/powershell.md document it: cmdlet, parameter, type, set, mandatory, position
    /// (-1: named), from the pipeline by value, by property name.
    /// </summary>
    public static TheoryData<string, string, string, string, bool, int, bool, bool> Parameters => new()
    {
        { "Get-ModelEvaluation", "GroundTruthPath", "System.String", "Path", true, 0, false, true },
        { "Get-ModelEvaluation", "PredictionPath", "System.String", "Path", true, 1, false, true },
        { "Get-ModelEvaluation", "GroundTruthPath", "System.String", "Model", true, 0, false, true },
        { "Get-ModelEvaluation", "ModelPath", "System.String", "Model", true, -1, false, false },
        { "Get-ModelEvaluation", "LabelPath", "System.String", "Model", false, -1, false, false },
        { "Get-ModelEvaluation", "BatchSize", "System.Int32", "Model", false, -1, false, false },
        { "Get-ModelEvaluation", "Preprocessing", "AutoMLEval.PowerShell.Commands.ModelPreprocessing", "Model", false, -1, false, false },
        { "Get-ModelEvaluation", "GroundTruthPath", "System.String", "InputObject", true, 0, false, false },
        { "Get-ModelEvaluation", "InputObject", "AutoMLEval.ModelPrediction", "InputObject", false, -1, true, false },
        { "Get-ModelEvaluation", "LiteralGroundTruthPath", "System.String", "LiteralPath", true, -1, false, true },
        { "Get-ModelEvaluation", "LiteralPredictionPath", "System.String", "LiteralPath", true, -1, false, true },
        { "Get-ModelEvaluation", "GroundTruthPath", "System.String", "LiteralPrediction", true, 0, false, true },
        { "Get-ModelEvaluation", "LiteralPredictionPath", "System.String", "LiteralPrediction", true, -1, false, true },
        { "Get-ModelEvaluation", "ImagePath", "System.String", "LiteralPrediction", false, -1, false, false },
        { "Get-ModelEvaluation", "ImagePath", "System.String", "Path", false, -1, false, false },
        { "Get-ModelEvaluation", "ImagePath", "System.String", "LiteralPath", false, -1, false, false },
        { "Get-ModelEvaluation", "MlUse", "System.String", AllSets, false, -1, false, true },
        { "Get-ModelEvaluation", "Threshold", "System.Double", AllSets, false, -1, false, true },
        { "Get-ModelEvaluation", "MultiLabel", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Get-ModelEvaluation", "SingleLabel", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Get-ModelEvaluation", "Strict", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Get-ModelEvaluation", "ConfidenceInterval", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Get-ModelEvaluation", "BootstrapSamples", "System.Int32", AllSets, false, -1, false, false },
        { "Get-ModelEvaluation", "Task", "System.String", AllSets, false, -1, false, true },
        { "Get-ModelEvaluation", "Unit", "System.String", AllSets, false, -1, false, true },
        { "Invoke-ThresholdSweep", "InputObject", "AutoMLEval.EvaluationResult", AllSets, true, 0, true, false },
        { "Invoke-ThresholdSweep", "Threshold", "System.Double[]", AllSets, false, -1, false, false },
        { "Invoke-ThresholdSweep", "Label", "System.String[]", "Label", true, -1, false, false },
        { "Invoke-ThresholdSweep", "PerLabel", Sma + "SwitchParameter", "PerLabel", true, -1, false, false },
        { "Invoke-ThresholdSweep", "IouThreshold", "System.Double", AllSets, false, -1, false, false },
        { "Get-MisclassifiedImage", "InputObject", "AutoMLEval.EvaluationResult", AllSets, true, -1, true, false },
        { "Get-MisclassifiedImage", "Label", "System.String[]", AllSets, false, 0, false, false },
        { "Get-MisclassifiedImage", "Kind", "System.String", AllSets, false, -1, false, false },
        { "Get-MisclassifiedImage", "Threshold", "System.Double", AllSets, false, -1, false, false },
        { "Get-MisclassifiedImage", "IouThreshold", "System.Double", AllSets, false, -1, false, false },
        { "Find-SimilarImage", "GroundTruthPath", "System.String", AllSets, true, 0, false, true },
        { "Find-SimilarImage", "EmbeddingPath", "System.String[]", AllSets, true, 1, false, true },
        { "Find-SimilarImage", "Distance", "System.String", AllSets, false, -1, false, false },
        { "Find-SimilarImage", "Count", "System.Int32", AllSets, false, -1, false, false },
        { "Find-SimilarImage", "MlUse", "System.String", AllSets, false, -1, false, false },
        { "Find-LabelIssue", "GroundTruthPath", "System.String", AllSets, true, 0, false, true },
        { "Find-LabelIssue", "EmbeddingPath", "System.String[]", AllSets, true, 1, false, true },
        { "Find-LabelIssue", "Distance", "System.String", AllSets, false, -1, false, false },
        { "Find-LabelIssue", "Count", "System.Int32", AllSets, false, -1, false, false },
        { "Find-LabelIssue", "MlUse", "System.String", AllSets, false, -1, false, false },
        { "Find-Outlier", "GroundTruthPath", "System.String", AllSets, true, 0, false, true },
        { "Find-Outlier", "EmbeddingPath", "System.String[]", AllSets, true, 1, false, true },
        { "Find-Outlier", "Distance", "System.String", AllSets, false, -1, false, false },
        { "Find-Outlier", "Count", "System.Int32", AllSets, false, -1, false, false },
        { "Find-Outlier", "MlUse", "System.String", AllSets, false, -1, false, false },
        { "Find-NearDuplicate", "GroundTruthPath", "System.String", AllSets, true, 0, false, true },
        { "Find-NearDuplicate", "EmbeddingPath", "System.String[]", AllSets, true, 1, false, true },
        { "Find-NearDuplicate", "Distance", "System.String", AllSets, false, -1, false, false },
        { "Find-NearDuplicate", "Count", "System.Int32", AllSets, false, -1, false, false },
        { "Find-NearDuplicate", "MlUse", "System.String", AllSets, false, -1, false, false },
        { "Find-SimilarImage", "ItemId", "System.String[]", AllSets, false, -1, false, true },
        { "Find-SimilarImage", "ReferenceMlUse", "System.String", AllSets, false, -1, false, false },
        { "Find-LabelIssue", "ReferenceMlUse", "System.String", AllSets, false, -1, false, false },
        { "Find-LabelIssue", "PredictionPath", "System.String[]", AllSets, false, -1, false, false },
        { "Find-LabelIssue", "ModelWeight", "System.Double", AllSets, false, -1, false, false },
        { "Find-Outlier", "ReferenceMlUse", "System.String", AllSets, false, -1, false, false },
        { "Find-Outlier", "Threshold", "System.Double", AllSets, false, -1, false, false },
        { "Find-Outlier", "All", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Find-NearDuplicate", "Threshold", "System.Double", AllSets, false, -1, false, false },
        { "Invoke-ModelPrediction", "ModelPath", "System.String", AllSets, true, -1, false, false },
        { "Invoke-ModelPrediction", "Path", "System.String[]", "Path", true, 0, true, false },
        { "Invoke-ModelPrediction", "LiteralPath", "System.String[]", "LiteralPath", true, -1, false, true },
        { "Invoke-ModelPrediction", "GroundTruthPath", "System.String", "GroundTruth", true, -1, false, false },
        { "Invoke-ModelPrediction", "MlUse", "System.String", "GroundTruth", false, -1, false, false },
        { "Invoke-ModelPrediction", "LabelPath", "System.String", AllSets, false, -1, false, false },
        { "Invoke-ModelPrediction", "BatchSize", "System.Int32", AllSets, false, -1, false, false },
        { "Invoke-ModelPrediction", "EmbeddingOutputName", "System.String", AllSets, false, -1, false, false },
        { "Invoke-ModelPrediction", "Preprocessing", "AutoMLEval.PowerShell.Commands.ModelPreprocessing", AllSets, false, -1, false, false },
        { "Export-ModelPrediction", "InputObject", "AutoMLEval.ModelPrediction", AllSets, true, -1, true, false },
        { "Export-ModelPrediction", "Path", "System.String", AllSets, true, 0, false, false },
        { "Export-ModelPrediction", "EmbeddingPath", "System.String", AllSets, false, -1, false, false },
        { "Export-ModelPrediction", "NoClobber", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Export-ModelPrediction", "PassThru", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Export-EvaluationReport", "InputObject", "AutoMLEval.EvaluationResult", AllSets, true, -1, true, false },
        { "Export-EvaluationReport", "Path", "System.String", AllSets, true, 0, false, false },
        { "Export-EvaluationReport", "Title", "System.String", AllSets, false, -1, false, false },
        { "Export-EvaluationReport", "EmbeddingPath", "System.String[]", AllSets, false, -1, false, false },
        { "Export-EvaluationReport", "ImagePath", "System.String", AllSets, false, -1, false, false },
        { "Export-EvaluationReport", "Baseline", "AutoMLEval.EvaluationResult", AllSets, false, -1, false, false },
        { "Export-EvaluationReport", "BootstrapSamples", "System.Int32", AllSets, false, -1, false, false },
        { "Export-EvaluationReport", "AllowImageOutsideData", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Export-EvaluationReport", "Open", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Export-EvaluationReport", "NoClobber", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Export-EvaluationReport", "PassThru", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Get-ModelEvaluation", "SliceBy", "System.String", AllSets, false, -1, false, false },
        { "Get-ModelEvaluation", "MetadataPath", "System.String", AllSets, false, -1, false, false },
        { "Get-ModelEvaluation", "SliceKey", "System.String", AllSets, false, -1, false, true },
        { "Compare-ModelEvaluation", "Reference", "AutoMLEval.EvaluationResult", AllSets, true, 0, false, false },
        { "Compare-ModelEvaluation", "Difference", "AutoMLEval.EvaluationResult", AllSets, true, 1, true, false },
        { "Compare-ModelEvaluation", "By", "System.String", AllSets, false, -1, false, false },
        { "Compare-ModelEvaluation", "Change", "AutoMLEval.ItemChangeKind[]", AllSets, false, -1, false, false },
        { "Compare-ModelEvaluation", "BootstrapSamples", "System.Int32", AllSets, false, -1, false, false },
        { "Compare-ModelEvaluation", "Seed", "System.Int32", AllSets, false, -1, false, false },
        { "Test-ModelEvaluation", "InputObject", "System.Object", AllSets, true, 0, true, false },
        { "Test-ModelEvaluation", "Minimum", "AutoMLEval.PowerShell.Commands.MetricLimits", AllSets, false, -1, false, false },
        { "Test-ModelEvaluation", "Maximum", "AutoMLEval.PowerShell.Commands.MetricLimits", AllSets, false, -1, false, false },
        { "Test-ModelEvaluation", "MaxDrop", "AutoMLEval.PowerShell.Commands.MetricLimits", AllSets, false, -1, false, false },
        { "Test-ModelEvaluation", "Baseline", "System.Object", AllSets, false, -1, false, false },
        { "Test-ModelEvaluation", "OnlySignificant", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Test-ModelEvaluation", "BootstrapSamples", "System.Int32", AllSets, false, -1, false, false },
        { "Test-ModelEvaluation", "Seed", "System.Int32", AllSets, false, -1, false, false },
        { "Test-ModelEvaluation", "Detailed", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Find-ErrorSlice", "InputObject", "AutoMLEval.EvaluationResult", AllSets, true, -1, true, false },
        { "Find-ErrorSlice", "EmbeddingPath", "System.String[]", AllSets, true, 0, false, false },
        { "Find-ErrorSlice", "MetadataPath", "System.String", AllSets, false, -1, false, false },
        { "Find-ErrorSlice", "MaxSlices", "System.Int32", AllSets, false, -1, false, false },
        { "Find-ErrorSlice", "Size", "System.Int32[]", AllSets, false, -1, false, false },
        { "Get-ModelEvaluation", "AsPartial", Sma + "SwitchParameter", "Path", false, -1, false, false },
        { "Get-ModelEvaluation", "AsPartial", Sma + "SwitchParameter", "LiteralPath", false, -1, false, false },
        { "Get-ModelEvaluation", "AsPartial", Sma + "SwitchParameter", "LiteralPrediction", false, -1, false, false },
        { "Get-ModelEvaluation", "PredictionFiles", "System.String[]", "Path", false, -1, false, true },
        { "Merge-ModelEvaluation", "InputObject", Sma + "PSObject[]", "InputObject", true, 0, true, false },
        { "Merge-ModelEvaluation", "Path", "System.String[]", "Path", true, -1, false, false },
        { "Merge-ModelEvaluation", "LiteralPath", "System.String[]", "LiteralPath", true, -1, false, true },
        { "Export-ModelEvaluation", "InputObject", "AutoMLEval.EvaluationResult", AllSets, true, -1, true, false },
        { "Export-ModelEvaluation", "Path", "System.String", AllSets, true, 0, false, false },
        { "Export-ModelEvaluation", "NoClobber", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Export-ModelEvaluation", "PassThru", Sma + "SwitchParameter", AllSets, false, -1, false, false },
        { "Import-ModelEvaluation", "Path", "System.String[]", "Path", true, 0, true, false },
        { "Import-ModelEvaluation", "LiteralPath", "System.String[]", "LiteralPath", true, -1, false, true },
    };

    /// <summary>
    /// The old names kept as aliases (where they name one thing) and the aliases that bind output properties back:
    /// cmdlet, parameter, alias. docs/powershell-parameters.md lists the same.
    /// </summary>
    public static TheoryData<string, string, string> Aliases => new()
    {
        { "Get-ModelEvaluation", "GroundTruthPath", "GroundTruth" },
        { "Get-ModelEvaluation", "PredictionPath", "Prediction" },
        { "Get-ModelEvaluation", "LiteralGroundTruthPath", "LiteralGroundTruth" },
        { "Get-ModelEvaluation", "LiteralPredictionPath", "LiteralPrediction" },
        { "Get-ModelEvaluation", "LiteralPredictionPath", "PSPath" },
        { "Get-ModelEvaluation", "LiteralPredictionPath", "LP" },
        { "Get-ModelEvaluation", "ModelPath", "Model" },
        { "Invoke-ModelPrediction", "ModelPath", "Model" },
        { "Invoke-ModelPrediction", "GroundTruthPath", "GroundTruth" },
        { "Invoke-ModelPrediction", "EmbeddingOutputName", "EmbeddingOutput" },
        { "Invoke-ModelPrediction", "LiteralPath", "PSPath" },
        { "Invoke-ModelPrediction", "LiteralPath", "LP" },
        { "Merge-ModelEvaluation", "LiteralPath", "PSPath" },
        { "Merge-ModelEvaluation", "LiteralPath", "LP" },
        { "Find-SimilarImage", "GroundTruthPath", "GroundTruth" },
        { "Find-SimilarImage", "EmbeddingPath", "Embedding" },
        { "Find-SimilarImage", "EmbeddingPath", "PSPath" },
        { "Find-Outlier", "EmbeddingPath", "PSPath" },
        { "Find-LabelIssue", "PredictionPath", "Prediction" },
        { "Export-EvaluationReport", "EmbeddingPath", "Embedding" },
        { "Invoke-ThresholdSweep", "InputObject", "Evaluation" },
        { "Compare-ModelEvaluation", "Reference", "Baseline" },
        { "Compare-ModelEvaluation", "Difference", "Candidate" },
        { "Test-ModelEvaluation", "InputObject", "Evaluation" },
        { "Find-ErrorSlice", "InputObject", "Evaluation" },
        { "Find-ErrorSlice", "EmbeddingPath", "Embedding" },
        { "Export-ModelEvaluation", "InputObject", "Evaluation" },
        { "Import-ModelEvaluation", "LiteralPath", "PSPath" },
        { "Import-ModelEvaluation", "LiteralPath", "LP" },
    };

    private static readonly string[] ExpectedCmdlets = { "Compare-ModelEvaluation", "Export-EvaluationReport", "Export-ModelEvaluation", "Export-ModelPrediction", "Find-ErrorSlice", "Find-LabelIssue", "Find-NearDuplicate", "Find-Outlier", "Find-SimilarImage", "Get-MisclassifiedImage", "Get-ModelEvaluation", "Import-ModelEvaluation", "Invoke-ModelPrediction", "Invoke-ThresholdSweep", "Merge-ModelEvaluation", "Test-ModelEvaluation" };
    private static readonly string[] BothEditions = { "Desktop", "Core" };
    private static readonly string[] DependencyAssemblies = { "AutoMLEval.Engine", "AutoMLEval.Reports", "AutoMLEval.Inference", "Microsoft.ML.OnnxRuntime", "NetVips" };

    private readonly BuiltModule _module;

    public CmdletSurfaceTests(BuiltModule module) => _module = module;

    [Fact]
    public void EveryCmdletUsesAnApprovedVerb()
    {
        Assert.NotEmpty(_module.CmdletTypes);
        foreach (var name in _module.CmdletTypes.Keys) Assert.Contains(name.Split('-')[0], ApprovedVerbs);
    }

    [Fact]
    public void EveryCmdletThatRunsTheEngineStopsOnCtrlC()
    {
        // EngineCmdlet runs engine passes on a worker thread and cancels them on Ctrl+C; a PSCmdlet running one on the
        // pipeline thread cannot be stopped until it ends (Invoke-ThresholdSweep -Threshold re-evaluated for seconds).
        // Only these read or write one file and run no engine pass (Export-ModelPrediction stops its writer itself).
        var fileOnly = new[] { "Export-ModelEvaluation", "Export-ModelPrediction", "Import-ModelEvaluation" };
        foreach (var (name, type) in _module.CmdletTypes)
        {
            var isEngineCmdlet = false;
            for (var t = type.BaseType; t is not null; t = t.BaseType) isEngineCmdlet |= t.FullName == "AutoMLEval.PowerShell.EngineCmdlet";
            Assert.True(isEngineCmdlet || fileOnly.Contains(name), $"{name} runs engine work on the pipeline thread (derive it from EngineCmdlet)");
        }
    }

    [Fact]
    public void ManifestExportsExactlyTheCmdlets()
    {
        Assert.Equal(_module.CmdletTypes.Keys.OrderBy(n => n, StringComparer.Ordinal), _module.ManifestList("CmdletsToExport").OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(ExpectedCmdlets, _module.CmdletTypes.Keys.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void ManifestIsARealManifest()
    {
        Assert.Equal("5.1", _module.ManifestValue("PowerShellVersion"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", _module.ManifestValue("ModuleVersion"));
        Assert.True(Guid.TryParse(_module.ManifestValue("GUID"), out _));
        Assert.False(string.IsNullOrWhiteSpace(_module.ManifestValue("Description")));
        Assert.Equal(BothEditions, _module.ManifestList("CompatiblePSEditions"));
        Assert.Empty(_module.ManifestList("FunctionsToExport"));
        Assert.Empty(_module.ManifestList("AliasesToExport"));
        Assert.Empty(_module.ManifestList("VariablesToExport"));
        foreach (var format in _module.ManifestList("FormatsToProcess").Concat(_module.ManifestList("TypesToProcess"))) Assert.True(File.Exists(Path.Combine(_module.Directory, format)), format);
        Assert.Equal(File.ReadAllText(Path.Combine(_module.RepositoryRoot, "AutoMLEval.psd1")), _module.ManifestText);
    }

    [Fact]
    public void TypeDataNamesTypesOfTheEngineOrOutputTypes()
    {
        // A renamed type would leave its type data (an engine type serialized as its name, an output type's alias of a
        // former property name) silently unused.
        var types = XDocument.Load(Path.Combine(_module.Directory, "AutoMLEval.Types.ps1xml")).Descendants("Type").Select(t => (string)t.Element("Name")!).ToArray();
        Assert.NotEmpty(types);
        foreach (var name in types)
            Assert.NotNull(typeof(AutoMLEval.Engine.Classification.ClassificationEvaluation).Assembly.GetType(name) ?? typeof(EvaluationResult).Assembly.GetType(name));
    }

    [Fact]
    public void ManifestLoadsTheBuildOfTheRunningEdition()
    {
        // The one conditional a manifest may hold ($PSEdition is allowed there): Core is PowerShell 7, anything else Windows PowerShell.
        var rootModule = Regex.Match(_module.ManifestText, @"RootModule\s*=\s*if \(\$PSEdition -eq 'Core'\) \{ '(?<core>[^']+)' \} else \{ '(?<desktop>[^']+)' \}", RegexOptions.CultureInvariant);
        Assert.True(rootModule.Success, "RootModule does not choose by $PSEdition");
        Assert.Equal(BuiltModule.CoreFolder + "/" + BuiltModule.CmdletAssemblyFile, rootModule.Groups["core"].Value);
        Assert.Equal(BuiltModule.DesktopFolder + "/" + BuiltModule.CmdletAssemblyFile, rootModule.Groups["desktop"].Value);
        Assert.Equal(".NETCoreApp,Version=v8.0", TargetFramework(Path.Combine(_module.Directory, rootModule.Groups["core"].Value)));
        Assert.Equal(".NETFramework,Version=v4.7.2", TargetFramework(Path.Combine(_module.Directory, rootModule.Groups["desktop"].Value)));
    }

    [Fact]
    public void ModuleFolderKeepsTheEngineInItsDependencyFoldersAndShipsNoPowerShell()
    {
        foreach (var edition in BothEditions)
        {
            var folder = Path.Combine(_module.Directory, edition);
            foreach (var assembly in new[] { "AutoMLEval.Engine", "AutoMLEval.Reports", "AutoMLEval.Inference", "Microsoft.ML.OnnxRuntime", "NetVips", "System.Text.Json" })
            {
                Assert.True(File.Exists(Path.Combine(folder, "Dependencies", assembly + ".dll")), $"{edition}/Dependencies/{assembly}.dll");
            }
            Assert.False(File.Exists(Path.Combine(folder, "AutoMLEval.Engine.dll")), "the engine beside the cmdlets would load into the default context");
        }
        // The .NET Framework build of NetVips beside the .NET one: each edition loads its own.
        Assert.Equal(".NETFramework,Version=v4.6.2", TargetFramework(Path.Combine(_module.Directory, "Desktop", "Dependencies", "NetVips.dll")));
        Assert.Equal(".NETCoreApp,Version=v6.0", TargetFramework(Path.Combine(_module.CoreDependencies, "NetVips.dll")));
        Assert.True(File.Exists(Path.Combine(_module.CoreDirectory, "AutoMLEval.PowerShell.Isolation.dll")));
        Assert.Empty(Directory.GetFiles(_module.Directory, "System.Management.Automation.dll", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_module.Directory, "*.dll", SearchOption.TopDirectoryOnly));
        Assert.True(File.Exists(Path.Combine(_module.Directory, "demo", "digits", "dataset.csv")));
        Assert.True(File.Exists(Path.Combine(_module.Directory, "demo", "digits", "predictions.test.jsonl")));
    }

    [Theory]
    // Names as the packages ship them: Microsoft.ML.OnnxRuntime 1.31.1 and NetVips.Native 8.18.7 (libvips built for NetVips).
    [InlineData("linux-x64", "libonnxruntime.so")]
    [InlineData("linux-x64", "libvips.so.42")]
    [InlineData("linux-arm64", "libonnxruntime.so")]
    [InlineData("linux-arm64", "libvips.so.42")]
    [InlineData("osx-arm64", "libonnxruntime.dylib")]
    [InlineData("osx-arm64", "libvips.42.dylib")]
    [InlineData("win-x64", "onnxruntime.dll")]
    [InlineData("win-x64", "libvips-42.dll")]
    [InlineData("win-arm64", "onnxruntime.dll")]
    [InlineData("win-arm64", "libvips-42.dll")]
    public void PowerShell7ShipsTheNativesPerPlatformInsideItsDependencyFolder(string runtimeIdentifier, string file) =>
        Assert.True(File.Exists(Path.Combine(_module.CoreDependencies, "runtimes", runtimeIdentifier, "native", file)), $"{runtimeIdentifier}/native/{file}");

    [Fact]
    public void WindowsPowerShellGetsOnnxRuntimeBesideItsAssemblies()
    {
        // .NET Framework has no load-context hook for natives: P/Invoke looks beside the calling assembly first.
        Assert.True(File.Exists(Path.Combine(_module.Directory, "Desktop", "Dependencies", "onnxruntime.dll")));
        Assert.False(Directory.Exists(Path.Combine(_module.Directory, "Desktop", "Dependencies", "runtimes")));
    }

    [Theory]
    // Each edition's ConvertTo-Json skips a property by its own serializer's attribute: PowerShell 7 by Newtonsoft's,
    // Windows PowerShell 5.1 by JavaScriptSerializer's; [Hidden] keeps it out of neither.
    [InlineData(BuiltModule.CoreFolder, "Newtonsoft.Json.JsonIgnoreAttribute")]
    [InlineData(BuiltModule.DesktopFolder, "System.Web.Script.Serialization.ScriptIgnoreAttribute")]
    public void ConvertToJsonLeavesOutTheEvaluatedDataInBothEditions(string edition, string ignoreAttribute)
    {
        var assembly = Path.Combine(_module.Directory, edition, BuiltModule.CmdletAssemblyFile);
        foreach (var type in new[] { "ModelEvaluation", "VideoEvaluation", "DetectionModelEvaluation" })
        {
            Assert.Contains(ignoreAttribute, PropertyAttributes(assembly, "AutoMLEval." + type, "Evaluation"));
        }
    }

    [Fact]
    public void TheModuleContextFindsThisPlatformsNativesInTheModuleFolder()
    {
        var rid = AutoMLEval.PowerShell.Isolation.DependencyPolicy.CurrentRuntimeIdentifier();
        var natives = Path.Combine(_module.CoreDependencies, "runtimes", rid, "native");
        var windows = OperatingSystem.IsWindows();
        // The names the libraries are imported by: ONNX Runtime's [DllImport("onnxruntime")], NetVips' remapped libvips name.
        Assert.Equal(Path.Combine(natives, windows ? "onnxruntime.dll" : "libonnxruntime.so"), AutoMLEval.PowerShell.Isolation.DependencyPolicy.NativeLibraryFile(_module.CoreDependencies, "onnxruntime", rid));
        var libvips = windows ? "libvips-42.dll" : OperatingSystem.IsMacOS() ? "libvips.42.dylib" : "libvips.so.42";
        Assert.Equal(Path.Combine(natives, libvips), AutoMLEval.PowerShell.Isolation.DependencyPolicy.NativeLibraryFile(_module.CoreDependencies, libvips, rid));
    }

    [Theory]
    [MemberData(nameof(Parameters))]
    public void ParameterIsAsDocumented(string cmdlet, string parameter, string type, string set, bool mandatory, int position, bool byValue, bool byPropertyName)
    {
        var property = _module.CmdletTypes[cmdlet].GetProperty(parameter);
        Assert.NotNull(property);
        Assert.Equal(type, ValueType(property!.PropertyType).FullName);
        var attribute = BuiltModule.CustomAttributes(property, Sma + "ParameterAttribute")
            .SingleOrDefault(a => ((string?)BuiltModule.Named(a, "ParameterSetName") ?? AllSets) == set);
        Assert.NotNull(attribute);
        Assert.Equal(mandatory, (bool?)BuiltModule.Named(attribute!, "Mandatory") ?? false);
        Assert.Equal(position, (int?)BuiltModule.Named(attribute!, "Position") ?? -1);
        Assert.Equal(byValue, (bool?)BuiltModule.Named(attribute!, "ValueFromPipeline") ?? false);
        Assert.Equal(byPropertyName, (bool?)BuiltModule.Named(attribute!, "ValueFromPipelineByPropertyName") ?? false);
    }

    [Fact]
    public void NoParameterIsUndocumented()
    {
        var documented = Parameters.Select(row => $"{row[0]} -{row[1]}").ToHashSet(StringComparer.Ordinal);
        var actual = _module.CmdletTypes.SelectMany(c => ParameterProperties(c.Value).Select(p => $"{c.Key} -{p.Name}"));
        Assert.Equal(documented.OrderBy(n => n, StringComparer.Ordinal), actual.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void ParameterSetNamesAreConstantsOfTheCmdlet()
    {
        foreach (var (name, type) in _module.CmdletTypes)
        {
            var constants = type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType.FullName == "System.String").Select(f => (string?)f.GetRawConstantValue()).ToHashSet();
            var sets = ParameterProperties(type)
                .SelectMany(p => BuiltModule.CustomAttributes(p, Sma + "ParameterAttribute"))
                .Select(a => (string?)BuiltModule.Named(a, "ParameterSetName"))
                .Append((string?)BuiltModule.Named(BuiltModule.CustomAttribute(type, Sma + "CmdletAttribute")!, "DefaultParameterSetName"))
                .Where(s => s is not null && s != AllSets);
            foreach (var set in sets) Assert.True(constants.Contains(set), $"{name}: parameter set '{set}' is not a public constant of {type.Name}");
        }
    }

    [Fact]
    public void EveryCmdletDeclaresPublicOutputTypesOfTheModule()
    {
        foreach (var (name, type) in _module.CmdletTypes)
        {
            var outputs = DeclaredOutputTypes(type);
            Assert.True(outputs.Length > 0, $"{name} has no [OutputType]");
            // A primitive is PowerShell's own answer (Test-ModelEvaluation's $true or $false, as Test-Path's).
            foreach (var output in outputs.Where(o => !o.IsPrimitive))
            {
                Assert.True(output.IsPublic, output.FullName);
                Assert.Equal(_module.Cmdlets.FullName, output.Assembly.FullName);
            }
        }
    }

    [Fact]
    public void HelpOutputsAreTheDeclaredOutputTypes()
    {
        // PowerShell completes properties after a pipe from [OutputType], and Get-Help -Full lists the Outputs: both name
        // every kind of object a cmdlet writes (Get-ModelEvaluation -AsPartial's parts, a merge of video parts, a report's
        // -PassThru of a detection evaluation).
        foreach (var (name, type) in _module.CmdletTypes)
        {
            var declared = DeclaredOutputTypes(type).Select(t => t.FullName!).OrderBy(t => t, StringComparer.Ordinal);
            var documented = HelpCommand(name).Element(Command + "returnValues")!.Elements(Command + "returnValue")
                .Select(r => (string)r.Element(Dev + "type")!.Element(Maml + "name")!).OrderBy(t => t, StringComparer.Ordinal);
            Assert.True(declared.SequenceEqual(documented), $"{name}: [OutputType] {string.Join(", ", declared)}; help Outputs {string.Join(", ", documented)}");
        }
    }

    private static Type[] DeclaredOutputTypes(Type cmdlet) =>
        BuiltModule.CustomAttributes(cmdlet, Sma + "OutputTypeAttribute").SelectMany(a => (IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(a => (Type)a.Value!).ToArray();

    [Theory]
    [MemberData(nameof(Aliases))]
    public void AliasIsAsDocumented(string cmdlet, string parameter, string alias)
    {
        var attribute = BuiltModule.CustomAttribute(_module.CmdletTypes[cmdlet].GetProperty(parameter)!, Sma + "AliasAttribute");
        Assert.NotNull(attribute);
        var names = ((IEnumerable<CustomAttributeTypedArgument>)attribute!.ConstructorArguments[0].Value!).Select(a => (string)a.Value!);
        Assert.Contains(alias, names);
    }

    [Fact]
    public void OneParameterVocabulary()
    {
        // docs/powershell-parameters.md: -Label is label names everywhere; a file or folder is a -…Path; the old names
        // of files (-GroundTruth, -Prediction, -Embedding, -Model) live on only as aliases.
        string[] fileNames = { "GroundTruth", "Prediction", "Embedding", "Model", "LiteralGroundTruth", "LiteralPrediction" };
        foreach (var (name, type) in _module.CmdletTypes)
        {
            foreach (var parameter in ParameterProperties(type))
            {
                Assert.DoesNotContain(parameter.Name, fileNames);
                if (parameter.Name == "Label") Assert.Equal("System.String[]", parameter.PropertyType.FullName);
            }
        }
    }

    [Fact]
    public void OutputPropertiesAreNotNamedLikeArrayMembers()
    {
        // On an array of results PowerShell's member enumeration gives the array's own member first: $rows.Rank is 1
        // and $cells.Count the number of cells, whatever the objects hold.
        string[] arrayMembers = { "Count", "Length", "LongLength", "Rank", "SyncRoot", "IsReadOnly", "IsFixedSize", "IsSynchronized", "Capacity", "Item" };
        foreach (var type in OutputTypes())
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)) Assert.DoesNotContain(property.Name, arrayMembers);
        }
    }

    [Fact]
    public void EveryOutputTypeSaysWhatItIsInToString()
    {
        foreach (var type in OutputTypes().Append(_module.Cmdlets.GetType("AutoMLEval.ResultList`1")!))
        {
            Assert.True(type.GetMethod("ToString", Type.EmptyTypes)!.DeclaringType == type, $"{type.Name}.ToString() is the type name");
        }
    }

    [Fact]
    public void OutputTypesExportFlatToCsv()
    {
        // Export-Csv writes every non-hidden property with ToString(): scalars, strings, enums, the lists whose
        // ToString() lists their items (ResultList) and the module's own output types, whose ToString() says what they
        // hold (ModelEvaluation.Calibration: "ECE 0.0500 MCE 0.2000 Brier 0.1662"); a raw array would write its type name.
        foreach (var type in OutputTypes())
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (BuiltModule.CustomAttribute(property, Sma + "HiddenAttribute") is not null) continue;
                var valueType = ValueType(property.PropertyType);
                bool listsItems = valueType.IsGenericType && valueType.GetGenericTypeDefinition().FullName == "AutoMLEval.ResultList`1";
                bool saysWhatItHolds = OutputTypes().Contains(valueType);
                Assert.True(valueType.IsPrimitive || valueType.IsEnum || valueType.FullName == "System.String" || listsItems || saysWhatItHolds, $"{type.Name}.{property.Name} is a {property.PropertyType.FullName}: make it a ResultList, or hide it and add a joined-string twin");
            }
        }
    }

    [Fact]
    public void ResultListsAreVisible()
    {
        // Per-label slices, the confusion matrix and the intervals are what users look for in Get-Member and tab completion.
        foreach (var type in OutputTypes())
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition().FullName == "AutoMLEval.ResultList`1"))
            {
                Assert.Null(BuiltModule.CustomAttribute(property, Sma + "HiddenAttribute"));
            }
        }
    }

    [Fact]
    public void HelpSyntaxShowsEveryParameterSet()
    {
        // Get-Help prints the syntax from the help file: each parameter set of the compiled cmdlet must be there, with
        // exactly its parameters, whether each is required and its position (build/Update-Help.ps1 writes them).
        foreach (var (name, type) in _module.CmdletTypes)
        {
            var command = HelpCommand(name);
            var documented = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem")
                .Select(item => string.Join(" ", item.Elements(Command + "parameter")
                    .Select(p => $"{(string)p.Element(Maml + "name")!}:{(string)p.Attribute("required")!}:{(string)p.Attribute("position")!}")
                    .OrderBy(n => n, StringComparer.Ordinal)))
                .OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(ParameterSets(type).OrderBy(n => n, StringComparer.Ordinal), documented);
        }
    }

    [Fact]
    public void HelpGivesEveryParameterItsCompiledType()
    {
        foreach (var (name, type) in _module.CmdletTypes)
        {
            var documented = HelpCommand(name).Element(Command + "parameters")!.Elements(Command + "parameter")
                .ToDictionary(p => (string)p.Element(Maml + "name")!, p => (string)p.Element(Dev + "type")!.Element(Maml + "name")!, StringComparer.Ordinal);
            foreach (var parameter in ParameterProperties(type))
            {
                Assert.True(documented.TryGetValue(parameter.Name, out var typeName), $"{name} -{parameter.Name} is not in the help's parameters");
                Assert.Equal(ValueType(parameter.PropertyType).Name, typeName);
            }
            foreach (var shouldProcess in ShouldProcessParameters(type))
            {
                Assert.True(documented.TryGetValue(shouldProcess, out var typeName), $"{name} -{shouldProcess} is not in the help's parameters");
                Assert.Equal("SwitchParameter", typeName);
            }
            Assert.Equal(ParameterProperties(type).Count() + ShouldProcessParameters(type).Length, documented.Count);
        }
    }

    /// <summary>Each parameter set of a cmdlet as its sorted "Name:required:position" entries (position "named" or a number).</summary>
    private static IEnumerable<string> ParameterSets(Type cmdlet)
    {
        var entries = ParameterProperties(cmdlet)
            .SelectMany(p => BuiltModule.CustomAttributes(p, Sma + "ParameterAttribute").Select(a => (
                Set: (string?)BuiltModule.Named(a, "ParameterSetName") ?? AllSets,
                Entry: $"{p.Name}:{((bool?)BuiltModule.Named(a, "Mandatory") ?? false).ToString().ToLowerInvariant()}:{((int?)BuiltModule.Named(a, "Position") is int position ? position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named")}")))
            .ToArray();
        // A set of only common parameters exists as the default set (Invoke-ThresholdSweep's Micro).
        var defaultSet = (string?)BuiltModule.Named(BuiltModule.CustomAttribute(cmdlet, Sma + "CmdletAttribute")!, "DefaultParameterSetName");
        var sets = entries.Select(e => e.Set).Append(defaultSet ?? AllSets).Where(s => s != AllSets).Distinct().DefaultIfEmpty(AllSets);
        var shouldProcess = ShouldProcessParameters(cmdlet).Select(p => $"{p}:false:named");
        return sets.Select(set => string.Join(" ", entries.Where(e => e.Set == set || e.Set == AllSets).Select(e => e.Entry).Concat(shouldProcess).OrderBy(n => n, StringComparer.Ordinal)));
    }

    /// <summary>-WhatIf and -Confirm, which PowerShell adds to a cmdlet that supports ShouldProcess and its help documents, as PowerShell's own does.</summary>
    private static string[] ShouldProcessParameters(Type cmdlet) =>
        (bool?)BuiltModule.Named(BuiltModule.CustomAttribute(cmdlet, Sma + "CmdletAttribute")!, "SupportsShouldProcess") == true
            ? new[] { "WhatIf", "Confirm" }
            : System.Array.Empty<string>();

    private XElement HelpCommand(string name) =>
        _module.Help.Root!.Elements(Command + "command").Single(c => (string)c.Element(Command + "details")!.Element(Command + "name")! == name);

    [Fact]
    public void PublicTypesLoadWithoutTheEngine()
    {
        // PowerShell enumerates the module's public types before its initializer can point the loader at
        // Dependencies/: their base types, interfaces and fields must not need the engine, inference or ONNX Runtime assemblies.
        foreach (var type in _module.Cmdlets.GetExportedTypes())
        {
            var needed = new[] { type.BaseType }.Concat(type.GetInterfaces())
                .Concat(type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static).Select(f => f.FieldType))
                .Where(t => t is not null);
            foreach (var t in needed.SelectMany(t => t!.IsGenericType ? t.GetGenericArguments().Append(t) : new[] { t }))
            {
                Assert.DoesNotContain(t.Assembly.GetName().Name, DependencyAssemblies);
            }
        }
    }

    [Fact]
    public void EveryCmdletAndParameterIsDocumentedWithExamples()
    {
        var help = _module.Help.Root!.Elements(Command + "command").ToDictionary(c => (string)c.Element(Command + "details")!.Element(Command + "name")!, StringComparer.Ordinal);
        foreach (var (name, type) in _module.CmdletTypes)
        {
            Assert.True(help.TryGetValue(name, out var command), $"{name} has no help");
            Assert.False(string.IsNullOrWhiteSpace((string?)command!.Element(Command + "details")!.Element(Maml + "description")), $"{name}: no synopsis");
            Assert.False(string.IsNullOrWhiteSpace((string?)command.Element(Maml + "description")), $"{name}: no description");
            var documented = command.Element(Command + "parameters")!.Elements(Command + "parameter")
                .ToDictionary(p => (string)p.Element(Maml + "name")!, p => (string?)p.Element(Maml + "description"), StringComparer.Ordinal);
            foreach (var parameter in ParameterProperties(type))
            {
                Assert.True(documented.TryGetValue(parameter.Name, out var text) && !string.IsNullOrWhiteSpace(text), $"{name} -{parameter.Name} is not documented");
            }
            var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToArray();
            Assert.Contains(examples, e => ((string?)e.Element(Dev + "code") ?? string.Empty).Contains(name, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ExportEvaluationReportHelp_DescribesThePageItWrites()
    {
        // The classification page draws two charts (ClassificationReportPart's figcaptions) and looks every figure up in
        // the embedded sweep; the help once promised ROC curves and a slider that "recomputes" the figures in the page.
        var description = string.Join(" ", HelpCommand("Export-EvaluationReport").Element(Maml + "description")!.Elements(Maml + "para").Select(p => p.Value));
        Assert.Contains("precision-recall and precision, recall and F1 by threshold curves", description, StringComparison.Ordinal);
        Assert.Contains("the page computes nothing", description, StringComparison.Ordinal);
        Assert.DoesNotContain("ROC", description, StringComparison.Ordinal);
        Assert.DoesNotContain("recompute", description, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOutputTypeHasAFormatView()
    {
        var viewed = _module.Format.Descendants("ViewSelectedBy").Elements("TypeName").Select(t => t.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var type in OutputTypes()) Assert.Contains(type.FullName!, viewed);
    }

    [Fact]
    public void TableViewsFitEightyColumns()
    {
        // Every column has a set width no narrower than its header (else the header wraps), but for the columns that take
        // what the set widths leave (identifiers, and the video error table's Video path, which wraps rather than cut):
        // at 80 columns PowerShell gives each of those at least its header (ListViewText.FillColumnWidth), so that
        // Out-String -Width 80 drops none.
        foreach (var table in _module.Format.Descendants("TableControl"))
        {
            var headers = table.Element("TableHeaders")!.Elements("TableColumnHeader").ToArray();
            var type = table.Parent!.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
            var widths = headers.Select(h => (int?)h.Element("Width")).ToArray();
            int setWidths = widths.Sum(w => w ?? 0);
            var fill = Enumerable.Range(0, headers.Length).Where(i => widths[i] is null).ToArray();
            // Else PowerShell sizes every column to the objects it has within 300 ms (OutCommandInner.ProcessObject).
            Assert.True(widths[0] is not null, $"{type}: the first column has no set width");
            Assert.True(setWidths + headers.Length - 1 + fill.Length <= 79, $"{type}: {setWidths + headers.Length - 1} columns wide and {fill.Length} without a width");
            var items = table.Descendants("TableColumnItem").ToArray();
            for (int i = 0; i < headers.Length; i++)
            {
                var label = (string)headers[i].Element("Label")!;
                int width = widths[i] ?? ListViewText.FillColumnWidth(80, setWidths, headers.Length, fill.Length, Array.IndexOf(fill, i));
                Assert.True(label.Length <= width, $"{type}: header {label} is wider than {width}");
                // A script block that keeps an identifier's end is told the view's own figures, which a changed width
                // elsewhere in the view would leave stale.
                var call = Regex.Match((string?)items[i].Element("ScriptBlock") ?? string.Empty, @"EndKeptToFitConsole\(.*, \$Host, (\d+), (\d+)\)$");
                if (!call.Success) continue;
                var told = call.Groups.Cast<Group>().Skip(1).Select(g => int.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                Assert.True(new[] { setWidths, headers.Length }.SequenceEqual(told), $"{type}: {label} is told {string.Join(", ", told)}");
                // It takes itself for the view's one column without a set width.
                Assert.True(fill.SequenceEqual(new[] { i }), $"{type}: {label} is not the view's one column without a set width");
            }
        }
    }

    [Fact]
    public void FormatViewsShowOnlyRealProperties()
    {
        // A misspelt PropertyName shows as an empty column in PowerShell, silently.
        // A view's entry for one of its types (EntrySelectedBy) is checked against that type, else the view's first.
        var entries = _module.Format.Descendants("View").SelectMany(view =>
            view.Descendants("ListEntry").Any()
                ? view.Descendants("ListEntry").Select(e => (Entry: e, TypeName: ((string?)e.Element("EntrySelectedBy")?.Element("TypeName")) ?? view.Element("ViewSelectedBy")!.Element("TypeName")!.Value))
                : new[] { (Entry: view, TypeName: view.Element("ViewSelectedBy")!.Element("TypeName")!.Value) });
        foreach (var (entry, typeName) in entries)
        {
            var type = _module.Cmdlets.GetType(typeName);
            Assert.True(type is not null, $"view of unknown type {typeName}");
            // Script blocks too: $_.Missing is $null there, as silently ($_.Missing(…), a method, an error in an empty cell).
            var scripted = entry.Descendants("ScriptBlock").SelectMany(b => Regex.Matches(b.Value, @"\$_\.(\w+)(\()?").Select(m => (Name: m.Groups[1].Value, IsMethod: m.Groups[2].Success)));
            foreach (var (name, isMethod) in entry.Descendants("PropertyName").Select(p => (Name: p.Value, IsMethod: false)).Concat(scripted))
            {
                if (isMethod) Assert.True(type!.GetMethods().Any(m => m.Name == name), $"{typeName} has no method {name}");
                else Assert.True(type!.GetProperty(name) is not null, $"{typeName} has no property {name}");
            }
        }
    }

    /// <summary>The declared output types and the public types they expose (labels, matrix cells, intervals); not their abstract base, which is never an object.</summary>
    private IEnumerable<Type> OutputTypes() =>
        _module.Cmdlets.GetExportedTypes().Where(t => t.Namespace == "AutoMLEval" && t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition);

    /// <summary>T of a Nullable&lt;T&gt; (compared by name: these types come from a metadata load context), else the type.</summary>
    /// <summary>The TargetFrameworkAttribute of a built assembly, read from its metadata (a .NET Framework assembly cannot be loaded here).</summary>
    private static string? TargetFramework(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var type = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (type.Kind != HandleKind.TypeReference || metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)type).Name) != "TargetFrameworkAttribute") continue;
            var value = metadata.GetBlobReader(attribute.Value);
            // The blob starts with the custom attribute prolog (0x0001), then the constructor's string argument.
            value.ReadUInt16();
            return value.ReadSerializedString();
        }
        return null;
    }

    /// <summary>The full names of the attributes on a property of a built assembly, read from its metadata (either edition's).</summary>
    private static List<string> PropertyAttributes(string path, string typeFullName, string propertyName)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        var type = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
            .Single(t => metadata.GetString(t.Namespace) + "." + metadata.GetString(t.Name) == typeFullName);
        var property = type.GetProperties().Select(metadata.GetPropertyDefinition).Single(p => metadata.GetString(p.Name) == propertyName);
        var names = new List<string>();
        foreach (var handle in property.GetCustomAttributes())
        {
            var constructor = metadata.GetCustomAttribute(handle).Constructor;
            var parent = constructor.Kind == HandleKind.MemberReference ? metadata.GetMemberReference((MemberReferenceHandle)constructor).Parent : default;
            if (parent.Kind != HandleKind.TypeReference) continue;
            var reference = metadata.GetTypeReference((TypeReferenceHandle)parent);
            names.Add(metadata.GetString(reference.Namespace) + "." + metadata.GetString(reference.Name));
        }
        return names;
    }

    private static Type ValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0] : type;

    private static IEnumerable<PropertyInfo> ParameterProperties(Type cmdlet) =>
        cmdlet.GetProperties().Where(p => BuiltModule.CustomAttribute(p, Sma + "ParameterAttribute") is not null);
}
