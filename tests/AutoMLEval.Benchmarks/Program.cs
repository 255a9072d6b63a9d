using System.Diagnostics;

namespace AutoMLEval.Benchmarks;

/// <summary>Lists or runs the benchmarks; each prints wall times and the process's peak memory.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var benchmarks = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && !t.IsInterface && !t.IsAbstract)
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToArray();
        var chosen = args.Length == 0 ? null : benchmarks.FirstOrDefault(b => b.Name == args[0]);
        if (chosen is null)
        {
            Console.WriteLine("Usage: dotnet run -c Release --project tests/AutoMLEval.Benchmarks -- NAME [args]");
            foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-22}{b.Description}");
            return args.Length == 0 ? 0 : 2;
        }
        Console.WriteLine($"{chosen.Name} on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        chosen.Run(args.Skip(1).ToArray());
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB");
        return 0;
    }
}
