using Xunit;
using System.Text.Json;
using System.Text.RegularExpressions;
using AutoMLEval.Reports;

namespace AutoMLEval.Tests.Reports;

public class ReportHtmlTests
{
    [Theory]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#39;d&#39;")]
    [InlineData("&amp;", "&amp;amp;")]
    [InlineData("plain label", "plain label")]
    [InlineData("", "")]
    public void Escape_ReplacesEveryMarkupCharacter(string text, string expected) =>
        Assert.Equal(expected, HtmlText.Escape(text));

    [Fact]
    public void HostileLabels_AppearOnlyEscaped()
    {
        var html = ReportRuns.Html(ReportRuns.Hostile());
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg onload", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold", html, StringComparison.Ordinal);
        // The labels are in the select lists, HTML-escaped.
        Assert.Contains(">&lt;img src=x onerror=alert(1)&gt;</option>", html, StringComparison.Ordinal);
        Assert.Contains(">&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</option>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedJson_CannotCloseItsScriptElement_AndRoundTripsTheStrings()
    {
        var json = ReportRuns.DataJson(ReportRuns.Html(ReportRuns.Hostile()));
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.DoesNotContain(">", json, StringComparison.Ordinal);
        Assert.DoesNotContain("&", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\u2028", json, StringComparison.Ordinal);
        Assert.Contains("\\u003C/script\\u003E", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var data = document.RootElement.GetProperty("classification");
        Assert.Equal(new[] { ReportRuns.ImageLabel, ReportRuns.ScriptLabel, ReportRuns.QuoteLabel }, data.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains(data.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetString() == ReportRuns.HostilePath);
    }

    [Fact]
    public void Page_ReferencesNothingOutsideItself()
    {
        var html = ReportRuns.Html(ReportRuns.Demo);
        var policy = Regex.Match(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").Groups[1].Value.Replace("&#39;", "'", StringComparison.Ordinal);
        Assert.StartsWith("default-src 'none'; img-src data:; style-src 'sha256-", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("connect-src", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);
        // No element loads anything: every src is a data: URI and every href an in-page anchor.
        Assert.Empty(Regex.Matches(html, "\\b(src|href)\\s*=\\s*\"(?!#|data:)"));
        Assert.Empty(Regex.Matches(html, "<(link|iframe|object|embed|base)\\b", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        // One script hash per inline script, so the policy lets exactly the report's scripts run.
        var scripts = Regex.Count(html, "<script>");
        Assert.Equal(scripts, Regex.Count(policy, "'sha256-") - 1);
    }

    [Fact]
    public void Report_IsOneFileWithTheChartLibraryAndTheDemoThumbnailsInside()
    {
        var html = ReportRuns.Html(ReportRuns.Demo);
        Assert.Contains("uPlot", html, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.True(html.Length < 2_000_000, $"the demo report is {html.Length} characters");
    }

    [Fact]
    public void Writing_a_report_stops_when_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        using var page = new MemoryStream();
        Assert.ThrowsAny<OperationCanceledException>(() => EvaluationReport.Write(ReportRuns.Demo, page, new ReportOptions { CancellationToken = cancel.Token }));
    }
}
