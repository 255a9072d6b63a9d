using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>The CLI's own guards on what a user types and what the data makes it print.</summary>
public sealed class CliInputGuardTests
{
    [Fact]
    public void Thresholds_grids_are_bounded()
    {
        var e = Assert.Throws<CliUsageException>(() => ThresholdGrid.Parse("0:1:1e-9"));
        Assert.Contains("at most", e.Message, StringComparison.Ordinal);
        Assert.Equal(11, ThresholdGrid.Parse("0:1:0.1").Count);
    }

    [Fact]
    public void Control_characters_from_the_data_are_escaped_for_the_terminal()
    {
        Assert.Equal("cat\\x1b[2Jdog\\x0a\\u202e", TerminalText.Escape("cat\u001b[2Jdog\n\u202e"));
        Assert.Equal("plain label, é", TerminalText.Escape("plain label, é"));
    }
}
