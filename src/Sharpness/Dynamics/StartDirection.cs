using Sharpness.Minimizers;
using Sharpness.Model;
using Sharpness.LinearAlgebra;

namespace Sharpness.Dynamics;

/// <summary>The unit direction d of the start point W₀ = W* + ε d.</summary>
public abstract record StartDirection
{
    private StartDirection() { }

    /// <summary>v₁: the top Hessian eigenvector at W* (<see cref="Exact.SharpnessResult.TopEigenvector"/>).</summary>
    public static StartDirection TopEigenvector { get; } = new TopEigenvectorDirection();

    /// <summary>v_N: the rescaling null direction (<see cref="Exact.ExactSharpness.RescalingNullDirection"/>).</summary>
    public static StartDirection NullDirection { get; } = new NullDirectionDirection();

    /// <summary>A seeded standard-Gaussian direction, normalized.</summary>
    public static StartDirection Random(int seed) => new RandomDirection(seed);

    /// <summary>A user-given direction with the minimizer's shapes, normalized here.</summary>
    public static StartDirection Custom(DeepFactorization direction) => new CustomDirection(direction);

    /// <summary>The unit direction as a row-major parameter vector.</summary>
    internal abstract double[] Resolve(EscapeSetting setting);

    private sealed record TopEigenvectorDirection : StartDirection
    {
        internal override double[] Resolve(EscapeSetting setting) => (double[])setting.TopEigenvectorVector.Clone();
        public override string ToString() => "v1";
    }

    private sealed record NullDirectionDirection : StartDirection
    {
        internal override double[] Resolve(EscapeSetting setting) => (double[])setting.NullDirectionVector.Clone();
        public override string ToString() => "vN";
    }

    private sealed record RandomDirection(int Seed) : StartDirection
    {
        internal override double[] Resolve(EscapeSetting setting)
        {
            var rng = new System.Random(Seed);
            var v = new double[setting.Minimizer.ParameterCount];
            for (int i = 0; i < v.Length; i++) v[i] = RandomMatrices.NextGaussian(rng);
            return Normalized(v, "the random direction");
        }
        public override string ToString() => $"random(seed {Seed})";
    }

    private sealed record CustomDirection(DeepFactorization Direction) : StartDirection
    {
        internal override double[] Resolve(EscapeSetting setting)
        {
            ArgumentNullException.ThrowIfNull(Direction);
            setting.Minimizer.RequireSameShapes(Direction);
            return Normalized(Direction.ToVector(), "the custom start direction");
        }
        public override string ToString() => "custom";
    }

    private static double[] Normalized(double[] v, string what)
    {
        double norm = 0;
        foreach (double x in v) norm += x * x;
        norm = Math.Sqrt(norm);
        if (!(norm > 0) || !double.IsFinite(norm))
            throw new OutsideDomainException($"Cannot normalize {what}: its norm is {norm}.");
        for (int i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }
}
