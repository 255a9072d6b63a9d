using System.Diagnostics;
using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Inference;

/// <summary>
/// ONNX Runtime's official builds record and send usage telemetry unless ORT_DISABLE_TELEMETRY=1 is in the native
/// environment when the runtime starts; on Linux and macOS they keep a device id and an event queue in
/// $XDG_CACHE_HOME (or ~/.cache)/Microsoft/DeveloperTools/.onnxruntime. The runtime starts once per process, so
/// this runs the built CLI in fresh processes with a private cache folder.
/// </summary>
public sealed class OnnxRuntimeTelemetryTests
{
    [Fact]
    public void Predicting_leaves_no_telemetry_behind_unless_the_user_turns_it_on()
    {
        using var folder = new TempFolder();

        var quiet = PredictOneImage(Path.Combine(folder.Root, "default"), userSetting: null);
        // The control: the user's own ORT_DISABLE_TELEMETRY=0 is respected, and then ONNX Runtime does write its folder,
        // so the first run's missing folder means telemetry was off, not that it is kept elsewhere.
        var optedIn = PredictOneImage(Path.Combine(folder.Root, "opted-in"), userSetting: "0");

        Assert.False(Directory.Exists(quiet), quiet);
        Assert.True(Directory.Exists(optedIn), optedIn);
    }

    /// <summary>Runs <c>automl-eval predict</c> on one demo image; returns where ONNX Runtime would keep its telemetry.</summary>
    private static string PredictOneImage(string cache, string? userSetting)
    {
        Directory.CreateDirectory(cache);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var demo = CliContext.DemoDirectory;
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "automl-eval.dll"), "predict", "--model", Path.Combine(demo, "model.onnx"), "--images", Path.Combine(demo, "images", "test", "1193.png") })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["HOME"] = cache;
        start.Environment["XDG_CACHE_HOME"] = cache;
        start.Environment.Remove("ORT_DISABLE_TELEMETRY");
        // ONNX Runtime records nothing where a CI variable is set (as on this project's CI): the control would see nothing.
        foreach (var ci in new[] { "CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "BUILD_ID" }) start.Environment.Remove(ci);
        if (userSetting is not null) start.Environment["ORT_DISABLE_TELEMETRY"] = userSetting;
        using var cli = Process.Start(start)!;
        var error = cli.StandardError.ReadToEndAsync();
        var output = cli.StandardOutput.ReadToEnd();
        cli.WaitForExit();
        Assert.True(cli.ExitCode == 0, $"automl-eval predict exited with {cli.ExitCode}\n{output}\n{error.Result}");
        return Path.Combine(cache, "Microsoft", "DeveloperTools", ".onnxruntime");
    }
}
