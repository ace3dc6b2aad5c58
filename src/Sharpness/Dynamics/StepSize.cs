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
    public double Eta(double sharpness) => IsRelative ? 2 * Value / sharpness : Value;

    /// <summary>c = ηλ*/2 for a minimizer of sharpness λ*.</summary>
    public double RelativeTo(double sharpness) => IsRelative ? Value : Value * sharpness / 2;

    /// <inheritdoc />
    public override string ToString() => IsRelative ? $"c = {Value:G6}" : $"η = {Value:G6}";
}
