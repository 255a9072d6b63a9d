using System.Reflection;
using System.Runtime.Versioning;
using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests;

/// <summary>This project runs the shared tests against the engine's netstandard2.0 build, not the net8.0 one.</summary>
public class EngineBuildTests
{
    [Fact]
    public void The_engine_loaded_is_the_netstandard2_0_build()
    {
        var framework = typeof(ClassificationEvaluator).Assembly.GetCustomAttribute<TargetFrameworkAttribute>();
        Assert.Equal(".NETStandard,Version=v2.0", framework?.FrameworkName);
    }
}
