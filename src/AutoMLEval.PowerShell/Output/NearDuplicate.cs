namespace AutoMLEval;

/// <summary>Two items whose embeddings are nearly identical (<c>Find-NearDuplicate</c>): within a split, or across splits (leakage).</summary>
public sealed class NearDuplicate
{
    internal NearDuplicate(string pathA, string itemA, string splitA, string labelA, string pathB, string itemB, string splitB, string labelB, double distance, bool crossSplit, bool labelsAgree)
    {
        PathA = pathA;
        ItemA = itemA;
        SplitA = splitA;
        LabelA = labelA;
        PathB = pathB;
        ItemB = itemB;
        SplitB = splitB;
        LabelB = labelB;
        Distance = distance;
        CrossSplit = crossSplit;
        LabelsAgree = labelsAgree;
    }

    /// <summary>The first item's full path.</summary>
    public string PathA { get; }

    /// <summary>The first item as written in the ground truth.</summary>
    public string ItemA { get; }

    /// <summary>The first item's split.</summary>
    public string SplitA { get; }

    /// <summary>The first item's labels joined by ";".</summary>
    public string LabelA { get; }

    /// <summary>The second item's full path.</summary>
    public string PathB { get; }

    /// <summary>The second item as written in the ground truth.</summary>
    public string ItemB { get; }

    /// <summary>The second item's split.</summary>
    public string SplitB { get; }

    /// <summary>The second item's labels joined by ";".</summary>
    public string LabelB { get; }

    /// <summary>Distance between the two embeddings.</summary>
    public double Distance { get; }

    /// <summary>Whether the two items are in different splits.</summary>
    public bool CrossSplit { get; }

    /// <summary>Whether the two items have the same labels, as a set (multi-label: <c>cat;bird</c> and <c>cat</c> do not agree).</summary>
    public bool LabelsAgree { get; }

    /// <summary>"images/training/0001.png ~ images/test/0007.png (distance 0.0000)".</summary>
    public override string ToString() => OutputValues.Text("{0} ~ {1} (distance {2})", ItemA, ItemB, OutputValues.Metric(Distance));
}
