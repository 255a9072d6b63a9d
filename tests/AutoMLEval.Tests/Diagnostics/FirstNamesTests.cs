using AutoMLEval.Engine.Diagnostics;
using Xunit;

namespace AutoMLEval.Tests.Diagnostics;

public sealed class FirstNamesTests
{
    [Fact]
    public void A_list_gives_its_first_three_names_and_counts_the_rest()
    {
        Assert.Equal(" (a, b, c and 2 more)", FirstNames.InParentheses(new[] { "a", "b", "c", "d", "e" }));
        Assert.Equal(" (a, b)", FirstNames.InParentheses(new[] { "a", "b" }));
        Assert.Equal(string.Empty, FirstNames.InParentheses(Array.Empty<string>()));
    }

    [Fact]
    public void A_list_of_which_only_the_first_names_were_kept_counts_the_rest_from_its_total()
    {
        // The folder reader keeps three names of 10 files: the other 7 are counted, not named.
        Assert.Equal("a, b, c and 7 more", FirstNames.Of(new[] { "a", "b", "c" }, 10));
        Assert.Equal("a, b", FirstNames.Of(new[] { "a", "b" }, 2));
    }
}
