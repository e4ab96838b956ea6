namespace RlCommons.Algorithms.Internal;

/// <summary>Tabulates one arm's posterior into a <see cref="ScoreTable"/> (Beta or Normal, from the bandit's own arrays).</summary>
internal interface IPosteriorTabulator
{
    void Tabulate(ScoreTable table, int slot);
}

/// <summary>
/// The per-arm <see cref="ScoreTable"/>s of a context-free Thompson sampler and the propensities computed from them.
/// A table is rebuilt only when its arm has learned (posteriors change one arm per update); a propensity is computed once
/// per state of the bandit (<c>Bandit.StateVersion</c>) and then reused, so repeated decisions and
/// <c>GetProbabilities</c> calls between updates cost a lookup. Not thread-safe: the bandit calls it under its lock.
/// </summary>
internal sealed class TabulatedPosteriors(double panelWidth)
{
    private ScoreTable?[] _tables = [];
    private bool[] _stale = [];
    private double[] _propensity = [];
    private long[] _computedAt = [];

    /// <summary>Grows the per-arm storage, keeping its contents.</summary>
    public void Resize(int capacity)
    {
        Array.Resize(ref _tables, capacity);
        Array.Resize(ref _stale, capacity);
        Array.Resize(ref _propensity, capacity);
        Array.Resize(ref _computedAt, capacity);
    }

    /// <summary>Forgets everything (a snapshot was loaded): every arm is tabulated again when next needed.</summary>
    public void Reset(int slots)
    {
        _tables = new ScoreTable?[slots];
        _stale = [.. Enumerable.Repeat(true, slots)];
        _propensity = new double[slots];
        _computedAt = new long[slots];
    }

    /// <summary>Marks arm <paramref name="slot"/>'s posterior as changed.</summary>
    public void Invalidate(int slot) => _stale[slot] = true;

    /// <summary>The probability that arm <paramref name="slot"/>'s sample is the largest, in the bandit state <paramref name="version"/>.</summary>
    public double Propensity<TTabulator>(ref TTabulator tabulator, ReadOnlySpan<int> active, int slot, long version)
        where TTabulator : struct, IPosteriorTabulator
    {
        // Stored as version + 1 so that a fresh (zeroed) entry never matches.
        if (_computedAt[slot] == version + 1)
        {
            return _propensity[slot];
        }

        foreach (int arm in active)
        {
            if (_stale[arm])
            {
                tabulator.Tabulate(_tables[arm] ??= new ScoreTable(), arm);
                _stale[arm] = false;
            }
        }

        var scores = new TabulatedScores(_tables, panelWidth);
        double p = ThompsonPropensity.Of(ref scores, active, slot);
        _propensity[slot] = p;
        _computedAt[slot] = version + 1;
        return p;
    }
}
