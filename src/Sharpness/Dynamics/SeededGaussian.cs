namespace Sharpness.Dynamics;

/// <summary>Standard normal draws from a seeded <see cref="Random"/> (Box–Muller, one draw per call), so the same
/// seed gives bit-identical numbers on every run.</summary>
internal static class SeededGaussian
{
    public static double Next(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble(); // u1 ∈ (0, 1], so the log is finite
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
