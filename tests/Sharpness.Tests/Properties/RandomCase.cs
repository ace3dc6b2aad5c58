using CsCheck;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Minimizers;
using Sharpness.Model;

namespace Sharpness.Tests.Properties;

/// <summary>How a random zero-loss point is built.</summary>
internal enum Construction { BalancedRandomFrames, BalancedCanonical, GLOrbit, RescalingOrbit, PseudoinverseCompletion }

/// <summary>
/// One random problem: widths d_0..d_N (depth 1–5, all widths 1–4), a target of a given rank ≤ min widths, and a
/// seed for every random draw. Small enough that the dense Hessian (P ≤ 80) is cheap.
/// </summary>
internal sealed record RandomCase(int[] Widths, int Rank, int Seed, Construction How)
{
    public int Depth => Widths.Length - 1;

    /// <summary>Fixed CsCheck seed: with iter = 1 the whole array of cases is a pure function of it.</summary>
    public static readonly string CsCheckSeed = new PCG(1, 20250930).ToString();

    public static Gen<RandomCase> Gen { get; } =
        from depth in CsCheck.Gen.Int[1, 5]
        from widths in CsCheck.Gen.Int[1, 4].Array[depth + 1]
        from rankFraction in CsCheck.Gen.Double[0, 1]
        from seed in CsCheck.Gen.Int[0, int.MaxValue - 1]
        from how in CsCheck.Gen.Enum<Construction>()
        select new RandomCase(widths, (int)Math.Floor(rankFraction * (widths.Min() + 1 - 1e-9)), seed, how);

    /// <summary>Runs <paramref name="assert"/> on <paramref name="count"/> cases drawn from the fixed seed.</summary>
    public static void ForAll(int count, Action<RandomCase> assert) =>
        Gen.Array[count].Sample(cases => { foreach (var c in cases) assert(c); }, seed: CsCheckSeed, iter: 1, threads: 1);

    public Matrix<double> Target()
    {
        var rng = new Random(Seed);
        int m = Widths[^1], n = Widths[0];
        return TestData.RandomOfRank(rng, m, n, Math.Min(Rank, Math.Min(m, n)));
    }

    public DeepFactorization Point() => Point(Target());

    public DeepFactorization Point(Matrix<double> target) => How switch
    {
        Construction.BalancedRandomFrames => BalancedMinimizer.Create(target, Widths, Seed + 1),
        Construction.BalancedCanonical => BalancedMinimizer.Create(target, Widths),
        Construction.GLOrbit => RandomMinimizers.OnGLOrbit(BalancedMinimizer.Create(target, Widths, Seed + 1), Seed + 2),
        Construction.RescalingOrbit => RandomMinimizers.OnRescalingOrbit(BalancedMinimizer.Create(target, Widths, Seed + 1), Seed + 2),
        _ => RandomMinimizers.PseudoinverseCompletion(target, Widths, Seed + 3),
    };

    public bool IsBalanced => How is Construction.BalancedCanonical or Construction.BalancedRandomFrames;

    public override string ToString() => $"widths [{string.Join(",", Widths)}], rank {Rank}, seed {Seed}, {How}";
}
