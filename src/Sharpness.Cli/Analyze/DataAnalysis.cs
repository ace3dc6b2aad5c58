using System.Text.Json.Nodes;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Output;
using Sharpness.Data;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Verification;

namespace Sharpness.Cli.Analyze;

/// <summary>
/// What <c>sharpness analyze LAYERS… --inputs X --outputs Y</c> (or <c>--covariance S --cross-covariance C</c>)
/// reports: λmax of the Hessian of ½‖W_N⋯W_1X − Y‖²_F — exact through K_X at a least-squares optimum, certified
/// elsewhere (theory §2.10) — the route, the stationarity residual, the span of the inputs, and what does not apply.
/// </summary>
public sealed record DataAnalysis
{
    /// <summary>The library's result.</summary>
    public required DataSharpnessResult Result { get; init; }

    /// <summary>The brute-force values, when asked for.</summary>
    public VerificationResult? Verification { get; init; }

    /// <summary>What does not apply at this point with these data, one sentence each.</summary>
    public required IReadOnlyList<string> NotApplicable { get; init; }

    /// <summary>Analyzes the point on the data (with the default check when <paramref name="verify"/>).</summary>
    public static DataAnalysis Of(DeepFactorization point, RegressionData data, bool verify) =>
        Of(point, data, verify ? new VerifyRequest() : null);

    /// <summary>
    /// Analyzes the point on the data. With <paramref name="verify"/>, the brute-force check is planned and refused
    /// exactly as for a target (<see cref="Analysis.Of(DeepFactorization, MathNet.Numerics.LinearAlgebra.Matrix{double}, VerifyRequest?, Action{VerificationPlan}?)"/>):
    /// the same <see cref="VerificationPlan"/>, --dense-limit, --memory-limit and --force, thick-restarted Lanczos
    /// when a full basis would not fit; <paramref name="planned"/> sees the plan before the work starts.
    /// </summary>
    /// <exception cref="CliException">The check does not fit and <see cref="VerifyRequest.Force"/> is off (exit
    /// <see cref="ExitCodes.NotComputable"/>).</exception>
    public static DataAnalysis Of(DeepFactorization point, RegressionData data, VerifyRequest? verify, Action<VerificationPlan>? planned = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(data);
        // Planned (and refused) before anything large is allocated, as for a target.
        VerificationPlan? plan = verify is null ? null
            : Analysis.Approve(VerificationPlan.For(point, new DataLoss(point, data).HessianTimes, verify.DenseLimit, verify.MemoryLimit), verify, planned);
        var result = DataSharpness.Of(point, data);
        if (!double.IsFinite(result.Value) || !double.IsFinite(result.Upper))
            throw new CliException(ExitCodes.NotComputable, "λmax overflows double precision at this point; the layers or the data are too large, rescale them");
        var notApplicable = new List<string> { DataSharpnessResult.NotClaimed };
        if (!data.HasSamples)
            notApplicable.Add("Loss value: not reported from --covariance/--cross-covariance (forming it from S, C and ‖Y‖² cancels to about 1e-8 relative); give --inputs/--outputs for it.");
        if (!result.IsExact)
            notApplicable.Add(FormattableString.Invariant(
                $"Exact λmax(K_X): the point is not a least-squares optimum (‖PS − YXᵀ‖_F/‖YXᵀ‖_F = {result.RelativeStationarity:G3} > τ = {result.StationarityTolerance:G3}), so H = JᵀJ + R(G); the certified interval is reported instead."));
        return new DataAnalysis
        {
            Result = result,
            NotApplicable = notApplicable,
            Verification = plan is null ? null : Verify(result.Problem, plan),
        };
    }

    private static VerificationResult Verify(DataLoss loss, VerificationPlan plan)
    {
        double? dense = null, denseResidual = null;
        if (plan.Dense)
        {
            var h = DataDenseHessian.Of(loss);
            var evd = h.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
            int p = h.RowCount;
            dense = evd.EigenValues[p - 1].Real;
            var v = evd.EigenVectors.Column(p - 1);
            denseResidual = (h * v - dense.Value * v).L2Norm();
        }
        var lanczos = Lanczos.Largest(loss.HessianOperator(), 1, plan.LanczosOptions);
        return new VerificationResult(dense, denseResidual, lanczos.Top.Value, lanczos.Top.Residual, lanczos.Iterations, lanczos.Converged)
        {
            Plan = plan,
            LanczosRestarts = lanczos.Restarts,
            LanczosBasisBytes = lanczos.BasisBytes,
        };
    }

    /// <summary>The JSON object (keys documented in the CLI README).</summary>
    public JsonObject ToJson()
    {
        var r = Result;
        var point = r.Problem.Point;
        var data = r.Problem.Data;
        var json = new JsonObject
        {
            ["depth"] = point.Depth,
            ["shapes"] = new JsonArray(point.Layers.Select(w => (JsonNode)new JsonArray(w.RowCount, w.ColumnCount)).ToArray()),
            ["parameters"] = point.ParameterCount,
            ["data"] = new JsonObject
            {
                ["source"] = data.HasSamples ? "samples" : "covariance",
                ["samples"] = data.SampleCount is { } s ? JsonValue.Create(s) : null,
                ["features"] = data.InputDimension,
                ["outputs"] = data.OutputDimension,
                ["rank"] = data.Rank,
                ["anisotropy"] = JsonOutput.Number(data.Anisotropy),
                ["covarianceTop"] = JsonOutput.Number(data.Eigenvalues[0]),
                ["rowSpaceNote"] = data.RowSpaceNote,
            },
            ["loss"] = JsonOutput.Number(r.Loss),
            ["relativeStationarity"] = JsonOutput.Number(r.RelativeStationarity),
            ["stationarityTolerance"] = JsonOutput.Number(r.StationarityTolerance),
            ["stationary"] = r.IsExact,
            ["sharpness"] = JsonOutput.Number(r.Value),
            ["route"] = r.Route.ToString(),
            ["lower"] = JsonOutput.Number(r.Lower),
            ["upper"] = JsonOutput.Number(r.Upper),
            ["kLambda"] = JsonOutput.Number(r.KLambda),
            ["kResidual"] = JsonOutput.Number(r.KEigenResidual),
            ["residualTermBound"] = JsonOutput.Number(r.ResidualTermBound),
            ["hessianResidual"] = JsonOutput.Number(r.HessianEigenResidual),
            ["iterations"] = r.Iterations,
            ["applications"] = r.Applications,
            ["trace"] = JsonOutput.Number(r.Trace),
            ["safeStepSize"] = JsonOutput.Number(r.SafeStepSize),
            ["notApplicable"] = new JsonArray(NotApplicable.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
        };
        if (Verification is { } v) json["verification"] = AnalysisOutput.VerificationJson(v);
        return json;
    }

    /// <summary>The human-readable report.</summary>
    public void WriteText(TextWriter output)
    {
        var r = Result;
        var point = r.Problem.Point;
        var data = r.Problem.Data;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var t = new TextTable()
            .Add("depth N", point.Depth.ToString(inv))
            .Add("shapes (first layer first)", string.Join(", ", point.Layers.Select((w, i) => $"W{i + 1} {w.RowCount}×{w.ColumnCount}")))
            .Add("parameters", point.ParameterCount.ToString(inv))
            .Add("data", data.HasSamples
                ? $"{data.SampleCount} samples, n = {data.InputDimension} features, m = {data.OutputDimension} outputs"
                : $"covariance S ({data.InputDimension}×{data.InputDimension}) and C = YXᵀ ({data.OutputDimension}×{data.InputDimension})")
            .Add("covariance S = XXᵀ", $"rank {data.Rank} of {data.InputDimension}, λ₁(S) = {NumberFormat.Full(data.Eigenvalues[0])}, anisotropy λ₁/λ_r = {NumberFormat.Short(data.Anisotropy)}")
            .Add("loss ½‖PX − Y‖²_F", r.Loss is { } l ? NumberFormat.Full(l) : "not reported (from S and C it cancels; give --inputs/--outputs)")
            .Add("stationarity", $"{NumberFormat.Full(r.RelativeStationarity)}   (‖PS − YXᵀ‖_F / ‖YXᵀ‖_F; the exact route needs ≤ {NumberFormat.Short(r.StationarityTolerance)})")
            .Add("least-squares optimum", r.IsExact
                ? "yes: H = J_XᵀJ_X and λmax(H) = λmax(K_X) exactly (theory §2.10)"
                : "no: H = J_XᵀJ_X + R(G); λmax(H) by Lanczos on the exact Hessian–vector product, with a certified interval");
        if (r.IsExact)
            t.Add("sharpness λmax", $"{NumberFormat.Full(r.Value)}   (route {r.Route}; K_X on m × r = {data.OutputDimension}×{data.Rank}, eigen-residual {NumberFormat.Short(r.KEigenResidual)})");
        else
        {
            t.Add("sharpness λmax", $"{NumberFormat.Full(r.Value)}   (route {r.Route}; residual {NumberFormat.Short(r.HessianEigenResidual ?? double.NaN)}, {r.Iterations} steps)");
            t.Add("certified λmax(H)", $"[{NumberFormat.Full(r.Lower)}, {NumberFormat.Full(r.Upper)}]   (Weyl: λmax(K_X) = {NumberFormat.Full(r.KLambda)} ± ‖R(G)‖₂ ≤ {NumberFormat.Short(r.ResidualTermBound)})");
        }
        t.Add("trace H", $"{NumberFormat.Full(r.Trace)}   (Σ‖A_i‖_F²‖B_iS^(1/2)‖_F², at any point)");
        t.Add("safe step size", $"η < 2/λ = {NumberFormat.Full(r.SafeStepSize)}");
        if (Verification is { } v)
        {
            AnalysisOutput.AddPlanRow(t, v);
            t.Add("verify: dense λmax(H)", v.Dense is { } d
                ? $"{NumberFormat.Full(d)}   (dense Hessian of the network with X as a frozen first layer; residual {NumberFormat.Short(v.DenseResidual ?? double.NaN)})"
                : AnalysisOutput.DenseSkipped(point.ParameterCount));
            AnalysisOutput.AddLanczosRow(t, v);
        }
        t.Write(output);
        if (r.RowSpaceNote is { } note) output.WriteLine($"{Environment.NewLine}{note}");
        output.WriteLine();
        output.WriteLine("Does not apply here:");
        foreach (var line in NotApplicable) output.WriteLine($"  - {line}");
    }
}
