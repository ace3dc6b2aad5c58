namespace Sharpness.Cli.Analyze;

/// <summary>How <c>analyze --verify</c> checks λmax(H) by brute force.</summary>
/// <param name="DenseLimit">Largest parameter count P for the dense Hessian (<c>--dense-limit</c>; 0: Lanczos only).</param>
/// <param name="Force">Run the check even when its plan does not fit in memory (<c>--force</c>).</param>
/// <param name="MemoryLimit">Plan against this many bytes instead of the memory available now (<c>--memory-limit</c>).</param>
public sealed record VerifyRequest(int DenseLimit = Analysis.DenseVerifyLimit, bool Force = false, long? MemoryLimit = null);
