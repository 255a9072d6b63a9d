using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace AutoMLEval.Inference.Model;

/// <summary>
/// The process's ONNX Runtime, started with its telemetry off. The official builds send usage events to Microsoft
/// by default (the 1DS SDK; on Linux and macOS with a device id and an event queue under
/// <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime</c>); an offline evaluation tool must not. The runtime reads
/// <see cref="DisableTelemetryVariable"/> from the native environment when it starts, so it is set there first
/// (unless the user set it: their value stands), and <c>DisableTelemetryEvents</c> then turns off what the API controls.
/// </summary>
internal static class OnnxRuntimeEnvironment
{
    /// <summary>ONNX Runtime's switch: <c>1</c> stops the uploader, the events and the device id for the process.</summary>
    public const string DisableTelemetryVariable = "ORT_DISABLE_TELEMETRY";

    private static readonly Lazy<OrtEnv> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>ONNX Runtime's environment; every use of ONNX Runtime goes through here first.</summary>
    public static OrtEnv Instance => Started.Value;

    private static OrtEnv Start()
    {
        if (Environment.GetEnvironmentVariable(DisableTelemetryVariable) is null)
        {
            // .NET on Unix keeps its own copy of the environment, which native code never sees.
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) _ = Libc.setenv(DisableTelemetryVariable, "1", 0);
            Environment.SetEnvironmentVariable(DisableTelemetryVariable, "1");
        }
        var environment = OrtEnv.Instance();
        environment.DisableTelemetryEvents();
        return environment;
    }

    private static class Libc
    {
        [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int setenv(string name, string value, int overwrite);
    }
}
