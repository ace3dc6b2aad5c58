using System.Text.Json.Nodes;
using Sharpness.Cli.Output;
using Sharpness.Verification;

namespace Sharpness.Cli.Analyze;

/// <summary>Prints an <see cref="Analysis"/> as text or as one JSON object.</summary>
public static class AnalysisOutput
{
    /// <summary>The JSON object (keys documented in the README).</summary>
    public static JsonObject ToJson(Analysis a, bool verbose = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        var json = new JsonObject
        {
            ["depth"] = a.Depth,
            ["shapes"] = new JsonArray(a.Shapes.Select(s => (JsonNode)new JsonArray(s.Rows, s.Columns)).ToArray()),
            ["parameters"] = a.Parameters,
            ["relativeResidual"] = JsonOutput.Number(a.RelativeLossResidual),
            ["zeroLoss"] = a.ZeroLoss,
            ["sharpness"] = JsonOutput.Number(a.Sharpness),
            ["route"] = a.Route,
            ["minimalSharpness"] = JsonOutput.Number(a.MinimalSharpness),
            ["rho"] = JsonOutput.Number(a.Rho),
            ["flat"] = a.Flat is { } f ? JsonValue.Create(f) : null,
            ["flatnessReason"] = a.FlatnessReason,
            ["spectralProducts"] = JsonOutput.Numbers(a.SpectralProducts),
            ["trace"] = JsonOutput.Number(a.Trace),
            ["hessianFrobenius"] = JsonOutput.Number(a.HessianFrobenius),
            ["overflows"] = new JsonArray(a.Overflows.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()),
        };
        if (verbose)
        {
            json["kernels"] = a.Kernels;
            json["applications"] = a.Applications;
            json["relativeEigenResidual"] = JsonOutput.Number(a.RelativeEigenResidual);
        }
        json["certified"] = a.Certified is { } c ? new JsonObject
        {
            ["lower"] = JsonOutput.Number(c.Lower),
            ["upper"] = JsonOutput.Number(c.Upper),
            ["hessianLanczos"] = JsonOutput.Number(c.HessianLambda),
            ["hessianResidual"] = JsonOutput.Number(c.HessianEigenResidual),
            ["kLambda"] = JsonOutput.Number(c.KLambda),
            ["kRoute"] = c.KRoute.ToString(),
            ["residualTermBound"] = JsonOutput.Number(c.ResidualTermBound),
            ["minimalSharpness"] = JsonOutput.Number(c.MinimalSharpness),
            ["rho"] = c.Rho is { } r ? new JsonArray(JsonOutput.Number(r.Lower), JsonOutput.Number(r.Upper)) : null,
            ["trace"] = JsonOutput.Number(c.Trace),
            ["safeStepSize"] = JsonOutput.Number(c.SafeStepSize),
        } : null;
        if (a.Verification is { } v) json["verification"] = VerificationJson(v);
        return json;
    }

    /// <summary>The <c>verification</c> object of the JSON report (matrix and data checks alike).</summary>
    internal static JsonObject VerificationJson(VerificationResult v) => new()
    {
        ["dense"] = JsonOutput.Number(v.Dense),
        ["denseResidual"] = JsonOutput.Number(v.DenseResidual),
        ["lanczos"] = JsonOutput.Number(v.Lanczos),
        ["lanczosResidual"] = JsonOutput.Number(v.LanczosResidual),
        ["lanczosIterations"] = v.LanczosIterations,
        ["lanczosConverged"] = v.LanczosConverged,
        ["lanczosRestarts"] = v.LanczosRestarts,
        ["plan"] = v.Plan is { } plan ? new JsonObject
        {
            ["dense"] = plan.Dense,
            ["denseBytes"] = plan.DenseBytes,
            ["denseSeconds"] = JsonOutput.Number(plan.DenseSeconds),
            ["lanczosBasisVectors"] = plan.LanczosBasisVectors,
            ["restarted"] = plan.Restarted,
            ["lanczosBytes"] = plan.LanczosBytes,
            ["lanczosSeconds"] = JsonOutput.Number(plan.LanczosSeconds),
            ["requiredBytes"] = plan.RequiredBytes,
            ["availableBytes"] = plan.AvailableBytes,
        } : null,
    };

    /// <summary>The <c>verify: plan</c> and <c>verify: Lanczos</c> rows (matrix and data checks alike; the dense row
    /// differs and comes from the caller, between them).</summary>
    internal static void AddPlanRow(TextTable t, VerificationResult v)
    {
        if (v.Plan is { } plan)
            t.Add("verify: plan", $"{plan.Describe()}   ({VerificationPlan.Size(plan.AvailableBytes)} available)");
    }

    /// <summary>The <c>verify: Lanczos λmax(H)</c> row.</summary>
    internal static void AddLanczosRow(TextTable t, VerificationResult v) =>
        t.Add("verify: Lanczos λmax(H)", $"{NumberFormat.Full(v.Lanczos)}   (residual {NumberFormat.Short(v.LanczosResidual)}, " +
            $"{v.LanczosIterations} iterations{(v.LanczosRestarts > 0 ? $", {v.LanczosRestarts} restarts" : "")}{(v.LanczosConverged ? "" : ", NOT converged")})");

    /// <summary>The human-readable report.</summary>
    public static void WriteText(TextWriter output, Analysis a, bool verbose = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        var t = new TextTable()
            .Add("depth N", a.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("shapes (first layer first)", string.Join(", ", a.Shapes.Select((s, i) => $"W{i + 1} {s.Rows}×{s.Columns}")))
            .Add("parameters", a.Parameters.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("relative residual", $"{NumberFormat.Full(a.RelativeLossResidual)}   (‖P(W) − M‖_F / ‖M‖_F; absolute when M = 0)")
            .Add("zero loss", a.ZeroLoss
                ? "yes: the exact zero-loss formulas apply"
                : "no: P(W) ≠ M, so the exact formulas do not apply; sharpness is λmax(H) by Lanczos on the exact Hessian–vector product")
            .Add("sharpness λmax", $"{NumberFormat.Full(a.Sharpness)}   (route {a.Route}; loss ½‖P − M‖²_F)")
            .Add("minimal sharpness", Value(a, "minimalSharpness", a.MinimalSharpness))
            .Add("ρ = λmax / min", Value(a, "rho", a.Rho, NumberFormat.Ratio))
            .Add("flat", a.Flat is { } f ? (f ? "yes" : "no") : "n/a (not a zero-loss point)")
            .Add("‖A_i‖₂‖B_i‖₂", a.SpectralProducts.Count == 0 ? "n/a" : string.Join(", ", a.SpectralProducts.Select(NumberFormat.Full)))
            .Add("trace H", Value(a, "trace", a.Trace))
            .Add("‖H‖_F", Value(a, "hessianFrobenius", a.HessianFrobenius));
        if (verbose)
        {
            t.Add("kernels", a.Kernels);
            t.Add("operator applications", $"{a.Applications}   (for λ, route {a.Route})");
            t.Add("eigen-residual", $"{NumberFormat.Short(a.RelativeEigenResidual)}   (‖K X₁ − λ X₁‖_F / λ; of H off zero loss)");
        }
        if (a.Certified is { } c)
        {
            t.Add("certified λmax(H)", $"[{NumberFormat.Full(c.Lower)}, {NumberFormat.Full(c.Upper)}]   (Weyl: λmax(K) = {NumberFormat.Full(c.KLambda)} ± ‖R(E)‖₂ ≤ {NumberFormat.Short(c.ResidualTermBound)}; HVP-Lanczos {NumberFormat.Full(c.HessianLambda)}, residual {NumberFormat.Short(c.HessianEigenResidual)})");
            t.Add("s_min of M, ρ", c.MinimalSharpness is { } sm
                ? $"{NumberFormat.Full(sm)}, ρ ∈ [{NumberFormat.Full(c.Rho?.Lower)}, {NumberFormat.Full(c.Rho?.Upper)}]   (relative to the flattest zero-loss point of M)"
                : "n/a (min_i d_i < rank M: no zero-loss point exists)");
            t.Add("trace H (any point)", $"{NumberFormat.Full(c.Trace)}   (Σ‖A_i‖_F²‖B_i‖_F²: exact off zero loss too, R(E) has a zero diagonal)");
            t.Add("safe step size", $"η < 2/λ_upper = {NumberFormat.Full(c.SafeStepSize)}");
        }
        if (a.Verification is { } v)
        {
            AddPlanRow(t, v);
            t.Add("verify: dense λmax(H)", v.Dense is { } d
                ? $"{NumberFormat.Full(d)}   (residual {NumberFormat.Short(v.DenseResidual ?? double.NaN)})"
                : DenseSkipped(a.Parameters));
            AddLanczosRow(t, v);
        }
        t.Write(output);
        if (a.FlatnessReason is { } reason) output.WriteLine($"{Environment.NewLine}{reason}");
    }

    internal static string DenseSkipped(int parameters)
    {
        string cost = $"{VerificationPlan.Size(VerificationPlan.DenseBytesFor(parameters))}";
        return parameters > DenseHessian.MaxParameters
            ? $"skipped (P = {parameters} > {DenseHessian.MaxParameters}, the dense Hessian's limit; it would need {cost})"
            : $"skipped (P = {parameters} is above --dense-limit; the dense Hessian would need {cost}: --dense-limit {parameters} builds it)";
    }

    private static string Value(Analysis a, string key, double? x, Func<double?, string>? format = null) =>
        a.Overflows.Contains(key) ? "overflows double precision (> 1.8e308); rescale the layers to see it" : (format ?? NumberFormat.Full)(x);
}
