using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

// One config for every benchmark: memory diagnoser on, so "0 B allocated" claims are measured, not assumed;
// median and minimum beside the mean, because the shared 2-core machines inflate means with descheduling
// and the minimum iteration is the least disturbed estimate.
//
// Toolchain: BenchmarkDotNet 0.14.0 predates .NET 10 and has no RuntimeMoniker for it, but its default
// out-of-process toolchain (CsProjCoreToolchain) does not need one: for an unknown host version it creates a
// CoreRuntime from the running framework and generates the per-benchmark project with the host's TFM
// (net10.0). Checked on .NET SDK 10.0.401 / runtime 10.0.12: it builds and runs, and the summary reports
// ".NET 10.0.12 X64 RyuJIT AVX2". So no explicit toolchain is set. Were a later SDK to break that, add
// `.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))` (same process, no generated project).
//
// Pass BenchmarkDotNet's own switches after "--", for example:
//   dotnet run -c Release --project benchmarks/RlCommons.Benchmarks -- --filter '*LinUcb*'
//   dotnet run -c Release --project benchmarks/RlCommons.Benchmarks -- --filter '*DenseKernel*' --job short
IConfig config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median, StatisticColumn.Min);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
