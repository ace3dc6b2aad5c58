using MathNet.Numerics.LinearAlgebra;
using Sharpness.Dynamics;
using Sharpness.Dynamics.Flat;
using Sharpness.Model;
using static Sharpness.Tests.Dynamics.DynamicsFixtures;

namespace Sharpness.Tests.Dynamics;

/// <summary>The hot-loop kernels against the independent MathNet implementation in <see cref="FactorizationLoss"/>.</summary>
public class GdStepperTests
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in new[] { "depth4", "F4", "F8", "chain15", "depth2" })
            foreach (bool delta in new[] { false, true })
                data.Add(name, delta);
        return data;
    }

    private static DeepFactorization Minimizer(string name) => name switch
    {
        "depth4" => TestData.RandomFactorization(new Random(11), 4, 5, 3, 6, 2), // theory check 1's dims
        "F4" => TestData.F4,
        "F8" => TestData.F8,
        "chain15" => EscapePresets.ChainMinimizer(seed: 2),
        "depth2" => DepthTwo.Minimizer,
        _ => throw new ArgumentException(name),
    };

    /// <summary>A point far from W* (offset O(1)), so E and the gradient are O(1) and rounding is relatively tiny.</summary>
    private static (FlatLayout Layout, double[] WStar, double[] Offset) FarPoint(string name)
    {
        var w = Minimizer(name);
        var layout = new FlatLayout(w.Widths);
        var rng = new Random(5);
        var offset = Enumerable.Range(0, w.ParameterCount).Select(_ => 0.3 * TestData.NextGaussian(rng)).ToArray();
        return (layout, w.ToVector(), offset);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_step_matches_FactorizationLoss_gradient(string name, bool delta)
    {
        var (layout, wStar, offset) = FarPoint(name);
        var kernel = GdStepper.Create(layout, wStar, delta);
        kernel.Start(offset);
        var point = new double[offset.Length];
        kernel.CopyPoint(point);
        var before = new double[offset.Length];
        kernel.CopyOffset(before);
        kernel.Evaluate();
        kernel.Step(1.0);
        var after = new double[offset.Length];
        kernel.CopyOffset(after);

        var target = Matrix<double>.Build.Dense(layout.Rows, layout.Columns, (i, j) => kernel.Target[i * layout.Columns + j]);
        var expected = new FactorizationLoss(layout.ToFactorization(point), target).Gradient().ToVector();
        double err = 0, norm = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double g = before[i] - after[i]; // η = 1
            err = Math.Max(err, Math.Abs(g - expected[i]));
            norm = Math.Max(norm, Math.Abs(expected[i]));
        }
        Assert.True(norm > 1e-3, "the test point should have an O(1) gradient");
        Assert.True(err <= 1e-12 * Math.Max(1, norm), $"{name}, delta = {delta}: max gradient error {err:G3} (max |g| = {norm:G3})");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Residual_and_loss_match_FactorizationLoss(string name, bool delta)
    {
        var (layout, wStar, offset) = FarPoint(name);
        var kernel = GdStepper.Create(layout, wStar, delta);
        kernel.Start(offset);
        double loss = kernel.Evaluate();
        var point = new double[offset.Length];
        kernel.CopyPoint(point);
        var target = Matrix<double>.Build.Dense(layout.Rows, layout.Columns, (i, j) => kernel.Target[i * layout.Columns + j]);
        var reference = new FactorizationLoss(layout.ToFactorization(point), target);
        var e = reference.Residual;
        double scale = Math.Max(1, target.FrobeniusNorm());
        for (int i = 0; i < layout.Rows; i++)
            for (int j = 0; j < layout.Columns; j++)
                Assert.True(Math.Abs(kernel.Residual[i * layout.Columns + j] - e[i, j]) <= 1e-13 * scale, $"E[{i},{j}]");
        TestData.AssertRel(reference.Value, loss, 1e-12, "loss");
    }

    [Theory]
    [InlineData("depth4")]
    [InlineData("F8")]
    [InlineData("chain15")]
    [InlineData("depth2")]
    public void The_minimizer_is_an_exact_fixed_point_in_both_modes(string name)
    {
        var w = Minimizer(name);
        var layout = new FlatLayout(w.Widths);
        var wStar = w.ToVector();
        foreach (bool delta in new[] { false, true })
        {
            var kernel = GdStepper.Create(layout, wStar, delta);
            kernel.Start(new double[wStar.Length]);
            for (int k = 0; k < 5; k++)
            {
                Assert.Equal(0.0, kernel.Evaluate());
                kernel.Step(0.1);
            }
            var point = new double[wStar.Length];
            kernel.CopyPoint(point);
            Assert.True(point.Zip(wStar).All(p => SameBits(p.First, p.Second)), $"{name}, delta = {delta}: W* moved");
            Assert.Equal(0.0, kernel.DistanceSquared());
        }
    }

    [Fact]
    public void The_target_is_the_product_to_rounding()
    {
        var w = Minimizer("depth4");
        var m = GdStepper.ForwardProduct(new FlatLayout(w.Widths), w.ToVector());
        var p = w.Product(); // MathNet, another summation order
        for (int i = 0; i < p.RowCount; i++)
            for (int j = 0; j < p.ColumnCount; j++)
                Assert.True(Math.Abs(m[i * p.ColumnCount + j] - p[i, j]) <= 1e-14 * p.FrobeniusNorm(), $"M[{i},{j}]");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Chain_kernel_is_bit_identical_to_the_dense_kernel_on_1x1_layers(bool delta)
    {
        var w = EscapePresets.ChainMinimizer(seed: 2);
        var layout = new FlatLayout(w.Widths);
        var wStar = w.ToVector();
        var chain = GdStepper.Create(layout, wStar, delta);
        var dense = new DenseGdStepper(layout, wStar, delta);
        Assert.IsType<ChainGdStepper>(chain);
        Assert.True(SameBits(chain.Target[0], dense.Target[0]), "M differs");
        var offset = Enumerable.Range(0, 15).Select(i => 1e-3 * Math.Sin(i + 1)).ToArray();
        chain.Start(offset);
        dense.Start(offset);
        double eta = 2 * 1.1 / Chain.Lambda;
        for (int k = 0; k < 500; k++)
        {
            Assert.True(SameBits(chain.Evaluate(), dense.Evaluate()), $"loss differs at iteration {k}");
            chain.Step(eta);
            dense.Step(eta);
        }
        var a = new double[15]; var b = new double[15];
        chain.CopyOffset(a); dense.CopyOffset(b);
        Assert.True(a.Zip(b).All(p => SameBits(p.First, p.Second)));
    }

    /// <summary>The blocked SIMD product against a naive loop with the same operation order (Σ_p in order from +0,
    /// multiply then add, then combine): bit-identical for every shape, so no SIMD width changes the rounding.</summary>
    [Fact]
    public void Product_kernel_rounds_exactly_like_a_naive_sequential_loop()
    {
        var rng = new Random(3);
        foreach (int rows in new[] { 1, 3, 4, 5, 9 })
            foreach (int inner in new[] { 1, 2, 7, 20 })
                foreach (int cols in new[] { 1, 3, 4, 8, 13, 16, 20, 37 })
                    foreach (bool transposedA in new[] { false, true })
                    {
                        var a = Enumerable.Range(0, rows * inner + 3).Select(_ => TestData.NextGaussian(rng)).ToArray();
                        var b = Enumerable.Range(0, inner * cols + 2).Select(_ => TestData.NextGaussian(rng)).ToArray();
                        var start = Enumerable.Range(0, rows * cols + 1).Select(_ => TestData.NextGaussian(rng)).ToArray();
                        int aRow = transposedA ? 1 : inner, aInner = transposedA ? rows : 1;
                        double scale = 0.37;
                        var overwrite = (double[])start.Clone();
                        var accumulate = (double[])start.Clone();
                        var subtract = (double[])start.Clone();
                        FlatKernels.Product<Overwrite>(a, 3, aRow, aInner, b, 2, overwrite, 1, rows, inner, cols);
                        FlatKernels.Product<Accumulate>(a, 3, aRow, aInner, b, 2, accumulate, 1, rows, inner, cols);
                        FlatKernels.Product<SubtractScaled>(a, 3, aRow, aInner, b, 2, subtract, 1, rows, inner, cols, scale);
                        for (int i = 0; i < rows; i++)
                            for (int j = 0; j < cols; j++)
                            {
                                double sum = 0;
                                for (int p = 0; p < inner; p++) sum += a[3 + i * aRow + p * aInner] * b[2 + p * cols + j];
                                int o = 1 + i * cols + j;
                                string where = $"{rows}×{inner}×{cols}, Aᵀ = {transposedA}, entry ({i},{j})";
                                Assert.True(SameBits(sum, overwrite[o]), where);
                                Assert.True(SameBits(start[o] + sum, accumulate[o]), where);
                                Assert.True(SameBits(start[o] - scale * sum, subtract[o]), where);
                            }
                        Assert.Equal(start[0], overwrite[0]); // nothing written outside the output block
                    }
    }

    [Theory]
    [InlineData("depth2", false)]
    [InlineData("depth2", true)]
    [InlineData("chain15", false)]
    [InlineData("chain15", true)]
    [InlineData("depth4", true)]
    public void Steps_allocate_nothing(string name, bool delta)
    {
        var (layout, wStar, offset) = FarPoint(name);
        var kernel = GdStepper.Create(layout, wStar, delta);
        kernel.Start(offset.Select(x => 1e-6 * x).ToArray());
        for (int k = 0; k < 100; k++) { kernel.Evaluate(); kernel.Step(1e-3); kernel.DistanceSquared(); } // JIT warm-up
        // Steady state: some window of 2000 steps allocates nothing. One-off runtime work that lands inside a window
        // (a tier-1 recompilation being installed, a lazy runtime structure: 6 840 bytes once in 1 of 6 runs on a
        // loaded machine) is not the steps' doing; a step that allocates allocates in every window, so this still fails.
        var windows = new List<long>();
        for (int window = 0; window < 5; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 2000; k++) { kernel.Evaluate(); kernel.Step(1e-3); kernel.DistanceSquared(); }
            windows.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            if (windows[^1] == 0) break;
        }
        Assert.True(windows[^1] == 0, $"every window of 2000 steps allocated: {string.Join(", ", windows)} bytes");
    }

    [Fact]
    public void Engine_allocation_does_not_grow_with_the_number_of_steps()
    {
        var setting = Chain;
        long Allocated(int steps)
        {
            var options = new GdOptions { MaxIterations = steps, SampleStride = 1 << 30, RecordLayerNorms = false };
            setting.Run(setting.Rho + 0.03, options); // warm-up
            // The least of three runs: one-off runtime work inside a run (see Steps_allocate_nothing) is not the
            // engine's; an allocation per step shows in every run (≥ 8 B × 100 000 steps).
            long least = long.MaxValue;
            for (int run = 0; run < 3; run++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                setting.Run(setting.Rho + 0.03, options);
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return least;
        }
        long small = Allocated(1_000), large = Allocated(100_000);
        Assert.True(large - small < 1024, $"1,000 steps allocate {small} B, 100,000 steps {large} B");
    }
}
