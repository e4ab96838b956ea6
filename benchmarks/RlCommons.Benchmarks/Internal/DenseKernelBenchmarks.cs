using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RlCommons.Algorithms.Internal;

namespace RlCommons.Benchmarks.Internal;

/// <summary>
/// The dense kernels behind the linear bandits against plain scalar loops (each kernel's baseline, compared
/// within its category): aᵀb, y = Ax with xᵀAx, and A += s·uuᵀ on a row-major d×d matrix.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DenseKernelBenchmarks
{
    // Small enough that a matrix updated billions of times stays far from overflow.
    private const double OuterScale = 1e-9;

    private double[] _a = [];
    private double[] _x = [];
    private double[] _y = [];
    private double[] _u = [];

    [Params(20, 64)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(64);
        int d = Dimension;
        _a = new double[d * d];
        _x = new double[d];
        _y = new double[d];
        _u = new double[d];
        for (int i = 0; i < _a.Length; i++)
        {
            _a[i] = random.NextDouble() - 0.5;
        }

        for (int i = 0; i < d; i++)
        {
            _x[i] = random.NextDouble() - 0.5;
            _u[i] = random.NextDouble() - 0.5;
        }
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Dot")]
    public double DotScalar()
    {
        double sum = 0;
        for (int i = 0; i < _x.Length; i++)
        {
            sum += _x[i] * _u[i];
        }

        return sum;
    }

    [Benchmark]
    [BenchmarkCategory("Dot")]
    public double Dot() => DenseKernels.Dot(_x, _u);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("MultiplyAndQuadraticForm")]
    public double MultiplyAndQuadraticFormScalar()
    {
        int d = Dimension;
        double quadratic = 0;
        for (int i = 0; i < d; i++)
        {
            double yi = 0;
            for (int j = 0; j < d; j++)
            {
                yi += _a[(i * d) + j] * _x[j];
            }

            _y[i] = yi;
            quadratic += _x[i] * yi;
        }

        return quadratic;
    }

    [Benchmark]
    [BenchmarkCategory("MultiplyAndQuadraticForm")]
    public double MultiplyAndQuadraticForm() => DenseKernels.MultiplyAndQuadraticForm(_a, _x, _y, Dimension);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("AddOuterProduct")]
    public double AddOuterProductScalar()
    {
        int d = Dimension;
        for (int i = 0; i < d; i++)
        {
            double si = OuterScale * _u[i];
            for (int j = 0; j < d; j++)
            {
                _a[(i * d) + j] += si * _u[j];
            }
        }

        return _a[0];
    }

    [Benchmark]
    [BenchmarkCategory("AddOuterProduct")]
    public double AddOuterProduct()
    {
        DenseKernels.AddOuterProduct(_a, _u, OuterScale, Dimension);
        return _a[0];
    }
}
