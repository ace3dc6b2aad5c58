using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Verification;

/// <summary>The full Hessian spectrum by a dense symmetric eigendecomposition (brute force).</summary>
public sealed class HessianSpectrum
{
    private HessianSpectrum(double[] eigenvalues, Matrix<double> eigenvectors, Matrix<double> hessian)
    {
        Eigenvalues = eigenvalues;
        Eigenvectors = eigenvectors;
        Hessian = hessian;
    }

    /// <summary>All P eigenvalues, largest first.</summary>
    public IReadOnlyList<double> Eigenvalues { get; }

    /// <summary>Unit eigenvectors as columns, in the order of <see cref="Eigenvalues"/> (row-major parameter order).</summary>
    public Matrix<double> Eigenvectors { get; }

    /// <summary>The dense Hessian that was decomposed.</summary>
    public Matrix<double> Hessian { get; }

    /// <summary>λmax(H).</summary>
    public double Largest => Eigenvalues[0];

    /// <summary>λmin(H).</summary>
    public double Smallest => Eigenvalues[^1];

    /// <summary>Residual ‖H v_k − λ_k v_k‖ of the k-th pair (0-based, largest first).</summary>
    public double Residual(int k)
    {
        var v = Eigenvectors.Column(k);
        return (Hessian * v - Eigenvalues[k] * v).L2Norm();
    }

    /// <summary>Eigenvalues with |λ| &gt; <paramref name="relativeTolerance"/> · max|λ| (the numerically nonzero ones).</summary>
    public IReadOnlyList<double> Nonzero(double relativeTolerance = 1e-11)
    {
        double scale = Eigenvalues.Max(Math.Abs);
        return Eigenvalues.Where(x => Math.Abs(x) > relativeTolerance * scale).ToArray();
    }

    /// <summary>Decomposes the dense Hessian at the loss's point.</summary>
    public static HessianSpectrum Of(FactorizationLoss loss)
    {
        var h = DenseHessian.Of(loss);
        var evd = h.Evd(Symmetricity.Symmetric); // MathNet: ascending
        int p = h.RowCount;
        var values = new double[p];
        var vectors = Matrix<double>.Build.Dense(p, p);
        for (int k = 0; k < p; k++)
        {
            values[k] = evd.EigenValues[p - 1 - k].Real;
            vectors.SetColumn(k, evd.EigenVectors.Column(p - 1 - k));
        }
        return new HessianSpectrum(values, vectors, h);
    }
}
