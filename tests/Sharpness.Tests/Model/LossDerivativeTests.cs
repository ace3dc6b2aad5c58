using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Tests.Verification;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Model;

/// <summary>Theory §5 checks 1–4 and 29: the loss's derivatives against finite differences and the Kronecker Jacobian.</summary>
public class LossDerivativeTests
{
    private static readonly int[] CheckWidths = [4, 5, 3, 6, 2];

    private static (DeepFactorization Point, Matrix<double> Target) RandomPointAndTarget(int seed)
    {
        var rng = new Random(seed);
        var w = RandomFactorization(rng, CheckWidths);
        var m = Gaussian(rng, CheckWidths[^1], CheckWidths[0]);
        return (w, m);
    }

    [Fact]
    public void Check1_gradient_matches_central_finite_differences_of_the_loss()
    {
        var (w, m) = RandomPointAndTarget(101);
        var gradient = Vector<double>.Build.DenseOfArray(new FactorizationLoss(w, m).Gradient().ToVector());
        var x = Reference.Vec(w);
        const double h = 1e-6;
        var fd = Vector<double>.Build.Dense(x.Count);
        for (int j = 0; j < x.Count; j++)
        {
            var plus = x.Clone(); plus[j] += h;
            var minus = x.Clone(); minus[j] -= h;
            fd[j] = (Reference.Loss(DeepFactorization.FromVector(w.Widths, plus.AsArray()).Layers, m)
                   - Reference.Loss(DeepFactorization.FromVector(w.Widths, minus.AsArray()).Layers, m)) / (2 * h);
        }
        double rel = Reference.RelativeDifference(gradient, fd);
        Assert.True(rel <= 1e-7, $"gradient vs FD: relative error {rel:G3}");
    }

    [Fact]
    public void Check2_hessian_vector_product_matches_finite_differences_of_the_gradient()
    {
        var (w, m) = RandomPointAndTarget(101);
        var u = RandomFactorization(new Random(7), CheckWidths);
        var hu = Vector<double>.Build.DenseOfArray(new FactorizationLoss(w, m).HessianTimes(u).ToVector());
        const double h = 1e-6;
        var gPlus = Vector<double>.Build.DenseOfArray(new FactorizationLoss(w.Add(u, h), m).Gradient().ToVector());
        var gMinus = Vector<double>.Build.DenseOfArray(new FactorizationLoss(w.Add(u, -h), m).Gradient().ToVector());
        var fd = (gPlus - gMinus) / (2 * h);
        double rel = Reference.RelativeDifference(hu, fd);
        Assert.True(rel <= 1e-7, $"HVP vs FD of the gradient: relative error {rel:G3}");
    }

    [Fact]
    public void Check3_hessian_is_JtJ_at_zero_loss_with_the_kronecker_jacobian()
    {
        var (w, _) = RandomPointAndTarget(102);
        var h = DenseHessian.Of(new FactorizationLoss(w, Reference.Product(w.Layers)));
        var j = Reference.Jacobian(w.Layers);
        double rel = Reference.RelativeDifference(j.TransposeThisAndMultiply(j), h);
        Assert.True(rel <= 1e-12, $"‖H − JᵀJ‖/‖H‖ = {rel:G3}");
    }

    [Fact]
    public void Check4_hessian_is_not_JtJ_at_a_generic_target()
    {
        var (w, m) = RandomPointAndTarget(102);
        var h = DenseHessian.Of(new FactorizationLoss(w, m));
        var j = Reference.Jacobian(w.Layers);
        double rel = Reference.RelativeDifference(j.TransposeThisAndMultiply(j), h);
        Assert.True(rel > 0.1, $"‖H − JᵀJ‖/‖H‖ = {rel:G3} should be large away from zero loss");
    }

    [Fact]
    public void Library_jacobian_matches_the_kronecker_jacobian()
    {
        var (w, m) = RandomPointAndTarget(103);
        var j = DenseHessian.Jacobian(new FactorizationLoss(w, m));
        double rel = Reference.RelativeDifference(j, Reference.Jacobian(w.Layers));
        Assert.True(rel <= 1e-14, $"Jacobian relative difference {rel:G3}");
    }

    [Fact]
    public void Transpose_jacobian_is_the_adjoint_of_the_jacobian()
    {
        var (w, m) = RandomPointAndTarget(104);
        var loss = new FactorizationLoss(w, m);
        var u = RandomFactorization(new Random(5), CheckWidths);
        var x = Gaussian(new Random(6), m.RowCount, m.ColumnCount);
        double left = loss.JacobianTimes(u).PointwiseMultiply(x).Enumerate().Sum();
        double right = u.Dot(loss.TransposeJacobianTimes(x));
        AssertRel(left, right, 1e-13, "⟨JU, X⟩ vs ⟨U, JᵀX⟩");
    }

    [Fact]
    public void Library_factors_and_product_match_naive_products()
    {
        var (w, _) = RandomPointAndTarget(105);
        for (int i = 1; i <= w.Depth; i++)
        {
            Assert.True(Reference.RelativeDifference(w.LeftFactor(i), Reference.Left(w.Layers, i)) <= 1e-14, $"A_{i}");
            Assert.True(Reference.RelativeDifference(w.RightFactor(i), Reference.Right(w.Layers, i)) <= 1e-14, $"B_{i}");
            // P = A_i W_i B_i for every i (theory §1).
            Assert.True(Reference.RelativeDifference(w.LeftFactor(i) * w.Layer(i) * w.RightFactor(i), w.Product()) <= 1e-14, $"P = A_{i}W_{i}B_{i}");
        }
        Assert.True(Reference.RelativeDifference(w.Product(), Reference.Product(w.Layers)) <= 1e-14, "P");
    }

    [Fact]
    public void Loss_value_matches_the_plain_sum_of_squares()
    {
        var (w, m) = RandomPointAndTarget(106);
        AssertRel(Reference.Loss(w.Layers, m), new FactorizationLoss(w, m).Value, 1e-14, "loss");
    }

    [Fact]
    public void Check29_depth_three_origin_has_zero_gradient_and_zero_hessian_but_positive_loss()
    {
        var w = new DeepFactorization(Zeros(3, 2), Zeros(3, 3), Zeros(2, 3));
        var m = M(new double[,] { { 1, 2 }, { 3, 4 } });
        var loss = new FactorizationLoss(w, m);
        Assert.True(loss.Value > 0, "loss at the origin");
        AssertRel(15.0, loss.Value, 1e-15, "loss = ½‖M‖²");
        Assert.All(loss.Gradient().ToVector(), g => Assert.Equal(0.0, g));
        var h = DenseHessian.Of(loss);
        Assert.Equal(0.0, h.Enumerate().Max(Math.Abs));
        // The FD of the gradient agrees: every direction is flat to second order at a depth-3 origin.
        var u = RandomFactorization(new Random(3), 2, 3, 3, 2);
        const double step = 1e-4;
        var gPlus = new FactorizationLoss(w.Add(u, step), m).Gradient().Norm();
        Assert.True(gPlus <= 1e-6, $"‖∇L(εU)‖ = {gPlus:G3} should be O(ε²)");
    }

    private static Matrix<double> Zeros(int rows, int cols) => Matrix<double>.Build.Dense(rows, cols);
}
