namespace RlCommons.Monitoring.Metrics;

/// <summary>A fixed-size window of the latest values with their running sum. Not thread-safe: the owner locks.</summary>
internal sealed class RollingWindow(int capacity)
{
    private readonly double[] _values = new double[capacity];
    private int _next;
    private double _sum;

    public int Count { get; private set; }

    public bool IsFull => Count == _values.Length;

    public double Mean => Count == 0 ? double.NaN : Sum() / Count;

    public void Add(double value)
    {
        if (Count == _values.Length)
        {
            _sum -= _values[_next];
        }
        else
        {
            Count++;
        }

        _values[_next] = value;
        _sum += value;
        _next = (_next + 1) % _values.Length;
    }

    private double Sum()
    {
        // The running sum drifts by rounding over millions of updates; recompute exactly once per wrap.
        if (_next == 0 && Count == _values.Length)
        {
            _sum = 0;
            foreach (double v in _values)
            {
                _sum += v;
            }
        }

        return _sum;
    }
}
