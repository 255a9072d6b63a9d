using System.Globalization;

namespace AutoMLEval.Engine.Diagnostics;

/// <summary>
/// Forwards the first <see cref="PerCode"/> issues of each code and counts the rest; disposing it reports one
/// summary per code that went over ("N more … not listed"). A file with a million bad lines then gives a readable
/// report, and the result's counts still say how many records were affected.
/// </summary>
public sealed class CappedIssueSink : IIssueSink, IDisposable
{
    /// <summary>Issues of one code forwarded one by one before the rest are only counted.</summary>
    public const int PerCode = 20;

    private readonly IIssueSink _inner;
    private readonly Dictionary<string, (int Count, DataIssue First)> _byCode = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _finished;

    /// <summary>Caps what reaches <paramref name="inner"/>.</summary>
    public CappedIssueSink(IIssueSink inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public void Report(DataIssue issue)
    {
        lock (_gate)
        {
            var count = _byCode.TryGetValue(issue.Code, out var seen) ? seen.Count + 1 : 1;
            _byCode[issue.Code] = (count, count == 1 ? issue : seen.First);
            if (count > PerCode) return;
        }
        _inner.Report(issue);
    }

    /// <summary>
    /// Counts <paramref name="count"/> more issues of <paramref name="code"/> without their details: issues past the
    /// cap that a reader knows only by number (the cap's worth of the code must have been reported already).
    /// </summary>
    internal void CountUnlisted(string code, int count)
    {
        lock (_gate)
        {
            if (!_byCode.TryGetValue(code, out var seen) || seen.Count < PerCode) throw new InvalidOperationException($"Only issues past the first {PerCode} of a code go unlisted ('{code}').");
            _byCode[code] = (seen.Count + count, seen.First);
        }
    }

    /// <summary>The issues a capped sink reports of a code seen <paramref name="count"/> times: the first <see cref="PerCode"/>, and one saying how many more.</summary>
    public static long Reported(long count) => count > PerCode ? PerCode + 1 : count;

    /// <summary>Reports, for each code that went over the cap, how many were not listed.</summary>
    public void Dispose()
    {
        List<(int Count, DataIssue First)> over;
        lock (_gate)
        {
            if (_finished) return;
            _finished = true;
            over = _byCode.Values.Where(v => v.Count > PerCode).ToList();
        }
        foreach (var (count, first) in over)
        {
            var total = count.ToString(CultureInfo.InvariantCulture);
            var more = (count - PerCode).ToString(CultureInfo.InvariantCulture);
            _inner.Report(first with
            {
                Line = 0,
                Field = string.Empty,
                Message = $"{more} more '{first.Code}' issues like those above are not listed ({total} in all)",
            });
        }
    }
}
