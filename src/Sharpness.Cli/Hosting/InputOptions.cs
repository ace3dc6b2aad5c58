using System.CommandLine;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.IO;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Cli.Hosting;

/// <summary>The inputs both verbs share: the layer files (first layer first) and an optional target file.</summary>
public sealed class InputOptions
{
    /// <summary>The positional layer files W1 … WN.</summary>
    public Argument<string[]> Layers { get; } = new("layers")
    {
        Description = "Layer files in application order, first layer first: W1.npy W2.npy … WN.npy. " +
                      "Each holds W_i (d_i × d_(i-1), the PyTorch nn.Linear.weight layout) as .npy (any real dtype: float64/32/16, integers, bool) or .csv.",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>The inputs of a verb whose target defaults to the point's own product (analyze, escape).</summary>
    public InputOptions()
        : this("Target M (d_N × d_0) as .npy or .csv. Default: the product W_N⋯W_1, computed as the forward pass " +
               "computes it, so the point is a zero-loss minimizer by construction.")
    {
    }

    /// <summary>The inputs of a verb that words its target's role itself (train: required, the layers are a start).</summary>
    public InputOptions(string targetDescription)
    {
        Target = new("--target") { Description = targetDescription, HelpName = "M.npy|M.csv" };
    }

    /// <summary>--target M.npy|csv.</summary>
    public Option<string?> Target { get; }

    /// <summary>Adds the argument and option to a command.</summary>
    public void AddTo(Command command)
    {
        // An unknown option would otherwise be taken for a layer file name; report it as a usage error.
        Layers.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (token.Value.StartsWith('-') && token.Value.Length > 1 && !File.Exists(token.Value))
                    result.AddError($"Unrecognized option '{token.Value}'.");
        });
        command.Arguments.Add(Layers);
        command.Options.Add(Target);
    }

    /// <summary>Every input file named on the command line: the layers, then the target if given.</summary>
    public IReadOnlyList<string> Paths(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        string? target = parsed.GetValue(Target);
        return [.. parsed.GetRequiredValue(Layers), .. target is null ? Array.Empty<string>() : [target]];
    }

    /// <summary>Loads the point W and the target M (M = P(W) when --target is absent).</summary>
    public (DeepFactorization Point, Matrix<double> Target) Load(ParseResult parsed)
    {
        var point = LayerFiles.ReadLayers(parsed.GetRequiredValue(Layers));
        // Before the m × n product is formed or a target read: refuse, with the size needed, what would not fit
        // (issue 13): the product, the factors, and K-Lanczos's working set where that route runs.
        Sharpness.Exact.ExactSharpness.RequireMemory(point, extraBytes: sizeof(double) * (long)point.OutputDimension * point.InputDimension);
        RequireFiniteProduct(point);
        string? targetPath = parsed.GetValue(Target);
        var target = targetPath is null ? point.Product() : LayerFiles.ReadTarget(targetPath, point);
        return (point, target);
    }

    /// <summary>Loads W and M for a report that takes M := P(W) by default (analyze): the target is null when
    /// --target is absent, so the library forms the m × n product only where it needs it — never for a wide network
    /// with a narrow hidden layer (<see cref="DeepFactorization.HasThinProduct"/>).</summary>
    public (DeepFactorization Point, Matrix<double>? Target) LoadOwnProductLazily(ParseResult parsed)
    {
        string? targetPath = parsed.GetValue(Target);
        if (targetPath is not null) return Load(parsed);
        var point = LayerFiles.ReadLayers(parsed.GetRequiredValue(Layers));
        bool thin = point.HasThinProduct;
        Sharpness.Exact.ExactSharpness.RequireMemory(point, extraBytes: thin ? 0 : sizeof(double) * (long)point.OutputDimension * point.InputDimension);
        if (thin) RequireFiniteThinProduct(point);
        else RequireFiniteProduct(point);
        return (point, null);
    }

    // The product's overflow check without the m × n product: |P_rc| ≤ ‖row r of W_N‖₂ ‖column c of B_N‖₂ (Cauchy–
    // Schwarz, B_N = W_(N−1)⋯W_1), evaluated on the unit-scaled layers and scaled back exactly; only when that bound
    // is not finite are the entries themselves computed, a block of columns at a time. Underflow of the original-scale
    // product does not matter here: nothing reads it (every formula runs on the unit-scaled point, and M := P(W) is
    // taken there), unlike RequireFiniteProduct's target, which is the product formed at the original scale.
    private static void RequireFiniteThinProduct(DeepFactorization point)
    {
        var scaling = UnitScaling.Beyond(point, skipUpTo: 0);
        var last = scaling.Unit.Layers[^1];
        var right = scaling.Unit.Factors.Right[^1];
        double rows = Enumerable.Range(0, last.RowCount).Max(r => last.Row(r).L2Norm());
        double columns = Enumerable.Range(0, right.ColumnCount).Max(c => right.Column(c).L2Norm());
        if (double.IsFinite(scaling.ScaleBack(rows * columns, ScalingPower.Product))) return;
        var original = point.Factors.Right[^1];
        const int block = 256;
        for (int c0 = 0; c0 < original.ColumnCount; c0 += block)
        {
            int width = Math.Min(block, original.ColumnCount - c0);
            var p = point.Layers[^1] * original.SubMatrix(0, original.RowCount, c0, width);
            for (int c = 0; c < width; c++)
                for (int r = 0; r < p.RowCount; r++)
                    if (!double.IsFinite(p[r, c]))
                        throw new CliException(ExitCodes.NotComputable,
                            $"the product W{point.Depth}⋯W1 overflows double precision (entry [{r}, {c0 + c}] is {p[r, c].ToString(System.Globalization.CultureInfo.InvariantCulture)}); the layers are too large to multiply, rescale them");
        }
    }

    private static void RequireFiniteProduct(DeepFactorization point)
    {
        var p = point.Product();
        // One pass over the storage (MathNet's indexer costs ≈ 30 ms on a 400 × 800 product in a fresh process); the
        // row-major search for the entry to name runs only when there is one.
        var entries = p.AsColumnMajorArray() ?? p.ToColumnMajorArray();
        bool finite = true;
        foreach (double x in entries) finite &= double.IsFinite(x);
        if (!finite)
        {
            for (int r = 0; r < p.RowCount; r++)
                for (int c = 0; c < p.ColumnCount; c++)
                    if (!double.IsFinite(p[r, c]))
                        throw new CliException(ExitCodes.NotComputable,
                            $"the product W{point.Depth}⋯W1 overflows double precision (entry [{r}, {c}] is {p[r, c].ToString(System.Globalization.CultureInfo.InvariantCulture)}); the layers are too large to multiply, rescale them");
        }

        // Scaling every layer by 2^-k scales the product by exactly 2^-kN unless it under- or overflows somewhere.
        // A product that lost digits to underflow is not the product of the layers, so M := P(W) would be wrong.
        // When no evaluation at either scale can underflow (UnitScaling.ProductsCannotUnderflow: one pass over the
        // exponent bits), the comparison below would find the two products equal bit for bit: skip it, and the unit
        // product it needs.
        if (UnitScaling.ProductsCannotUnderflow(point)) return;
        var scaling = UnitScaling.Beyond(point, skipUpTo: 0);
        if (scaling.Exponent == 0) return;
        int k = scaling.Exponent;
        var unit = scaling.Unit.Product();
        var pAtUnit = scaling.ToUnit(p, ScalingPower.Product);
        if (pAtUnit.AsColumnMajorArray() is { } scaledEntries && unit.AsColumnMajorArray() is { } unitEntries &&
            scaledEntries.AsSpan().SequenceEqual(unitEntries)) return; // bit for bit (the loop below names the first difference)
        for (int r = 0; r < p.RowCount; r++)
            for (int c = 0; c < p.ColumnCount; c++)
                if (pAtUnit[r, c] != unit[r, c])
                    throw new CliException(ExitCodes.NotComputable,
                        $"the product W{point.Depth}⋯W1 underflows double precision (entry [{r}, {c}] is {p[r, c].ToString("R", System.Globalization.CultureInfo.InvariantCulture)} " +
                        $"but should be {unit[r, c].ToString("R", System.Globalization.CultureInfo.InvariantCulture)}·2^{k * point.Depth}); the layers are too small to multiply, rescale them");
    }
}
