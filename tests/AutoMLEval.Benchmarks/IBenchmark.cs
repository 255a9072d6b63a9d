namespace AutoMLEval.Benchmarks;

/// <summary>One measurement, run by name: <c>dotnet run -c Release --project tests/AutoMLEval.Benchmarks -- NAME [args]</c>.</summary>
internal interface IBenchmark
{
    /// <summary>The name typed on the command line.</summary>
    string Name { get; }

    /// <summary>What it measures, and its target.</summary>
    string Description { get; }

    /// <summary>Runs the measurement and prints its numbers.</summary>
    void Run(IReadOnlyList<string> args);
}
