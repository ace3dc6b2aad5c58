using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Verification;

namespace Sharpness.Tests.Properties;

/// <summary>
/// Brute-force reference values from the dense P × P Hessian (built from exact HVPs on unit vectors) and the dense
/// Jacobian: they share no code with the closed forms under test.
/// </summary>
internal sealed class DenseReference
{
    public DenseReference(DeepFactorization point, Matrix<double>? target = null)
    {
        var loss = target is null ? FactorizationLoss.AtOwnProduct(point) : new FactorizationLoss(point, target);
        Spectrum = HessianSpectrum.Of(loss);
        Jacobian = DenseHessian.Jacobian(loss);
    }

    public HessianSpectrum Spectrum { get; }

    /// <summary>J (mn × P), rows in row-major vec of P, columns in row-major parameter order.</summary>
    public Matrix<double> Jacobian { get; }

    public double Largest => Spectrum.Largest;

    public double Trace => Spectrum.Hessian.Trace();

    public double FrobeniusNorm => Spectrum.Hessian.FrobeniusNorm();

    /// <summary>Eigenvalues above τ·λmax (τ = 1e-10), largest first.</summary>
    public double[] Positive(double tau = 1e-10)
    {
        double top = Math.Max(Spectrum.Largest, 0);
        return Spectrum.Eigenvalues.Where(x => x > tau * top).ToArray();
    }

    public double LogPseudoDeterminant => Positive().Sum(Math.Log);

    /// <summary>All P eigenvalues, largest first.</summary>
    public IReadOnlyList<double> Eigenvalues => Spectrum.Eigenvalues;

    /// <summary>J_i Jᵢᵀ for the columns of layer i (1-based): the i-th Kronecker term of K = JJᵀ, built from J.</summary>
    public Matrix<double> KTerm(DeepFactorization point, int layer)
    {
        int offset = 0;
        for (int i = 0; i < layer - 1; i++) offset += point.Layers[i].RowCount * point.Layers[i].ColumnCount;
        int count = point.Layers[layer - 1].RowCount * point.Layers[layer - 1].ColumnCount;
        var block = Jacobian.SubMatrix(0, Jacobian.RowCount, offset, count);
        return block.TransposeAndMultiply(block);
    }

    /// <summary>K = JJᵀ.</summary>
    public Matrix<double> K => Jacobian.TransposeAndMultiply(Jacobian);

    /// <summary>Compares two descending spectra after padding the shorter with zeros, with absolute tolerance.</summary>
    public static void AssertSpectraMatch(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double atol, string what)
    {
        int len = Math.Max(expected.Count, actual.Count);
        for (int i = 0; i < len; i++)
        {
            double e = i < expected.Count ? expected[i] : 0, a = i < actual.Count ? actual[i] : 0;
            Assert.True(Math.Abs(e - a) <= atol, $"{what}: eigenvalue {i} expected {e:R}, got {a:R} (atol {atol:G3})");
        }
    }
}
