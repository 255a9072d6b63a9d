using AutoMLEval.PowerShell;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

public class ListViewTextTests
{
    [Theory]
    // The video fixture's labels: 49 characters up to "swimming;", 56 with "talking", so the break falls before it.
    [InlineData("cooking;dancing;driving;reading;running;swimming;talking", 53, "cooking;dancing;driving;reading;running;swimming;\ntalking")]
    // A name with a space stays whole ("boat;" would end the first line at 60 of 59 characters).
    [InlineData("person;bicycle;car;motorcycle;airplane;bus;train;truck;boat;traffic light", 59, "person;bicycle;car;motorcycle;airplane;bus;train;truck;\nboat;traffic light")]
    // Exactly the width fits; a name longer than the width has its own line.
    [InlineData("ab;cd", 5, "ab;cd")]
    [InlineData("ab;averylongname;cd", 5, "ab;\naverylongname;\ncd")]
    [InlineData("walk;talk", 53, "walk;talk")]
    [InlineData("", 53, "")]
    public void BrokenBetweenNames_BreaksOnlyAfterASeparator_AndKeepsTheText(string joined, int width, string expected)
    {
        var broken = ListViewText.BrokenBetweenNames(joined, width);
        Assert.Equal(expected, broken);
        Assert.Equal(joined, broken.Replace("\n", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void BrokenBetweenNames_MeasuresWithTheCellsGiven()
    {
        // Two cells a character, as a console shows Chinese: "ab;" takes 6 of 9, "cd" 4 more; counted by characters,
        // both fit in 5.
        Assert.Equal("ab;\ncd", ListViewText.BrokenBetweenNames("ab;cd", 9, text => 2 * text.Length));
        Assert.Equal("ab;cd", ListViewText.BrokenBetweenNames("ab;cd", 5));
    }
}
