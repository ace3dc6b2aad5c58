using System.Globalization;

namespace Sharpness.Dynamics;

/// <summary>
/// A GD step size: absolute (η) or relative to the exact sharpness λ* of the starting minimizer,
/// c = η λ* / 2 (so c = 1 is the linear-stability threshold η = 2/λ*, theory §3.1).
/// </summary>
public readonly record struct StepSize
{
    private StepSize(bool relative, double value)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, relative
                ? "The relative step size c = ηλ*/2 must be finite and positive."
                : "The step size η must be finite and positive.");
        IsRelative = relative;
        Value = value;
    }

    /// <summary>c = ηλ*/2, i.e. η = 2c/λ*.</summary>
    public static StepSize Relative(double c) => new(true, c);

    /// <summary>The step size η itself.</summary>
    public static StepSize Absolute(double eta) => new(false, eta);

    /// <summary>True for c, false for η.</summary>
    public bool IsRelative { get; }

    /// <summary>c or η.</summary>
    public double Value { get; }

    /// <summary>η for a minimizer of sharpness λ*.</summary>
    /// <remarks>2c/λ* and 2(c/λ*) round to the same double unless 2c overflows; the second form is the fallback
    /// then, so a c near double.MaxValue still gives its representable η.</remarks>
    public double Eta(double sharpness) => !IsRelative ? Value
        : 2 * Value / sharpness is var eta && double.IsInfinity(eta) ? 2 * (Value / sharpness) : eta;

    /// <summary>c = ηλ*/2 for a minimizer of sharpness λ*.</summary>
    /// <remarks>Falls back to η(λ*/2), equal unless ηλ* overflows.</remarks>
    public double RelativeTo(double sharpness) => IsRelative ? Value
        : Value * sharpness / 2 is var c && double.IsInfinity(c) ? Value * (sharpness / 2) : c;

    /// <inheritdoc />
    public override string ToString() => IsRelative ? string.Create(CultureInfo.InvariantCulture, $"c = {Value:G6}") : string.Create(CultureInfo.InvariantCulture, $"η = {Value:G6}");
}
