using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.Checks;

/// <summary>
/// Assertions for notebooks and scripts: each compares two independently computed quantities, throws
/// <see cref="VerificationFailedException"/> with the numbers when they disagree beyond the stated tolerance, and
/// otherwise returns the passed <see cref="CheckResult"/> (data: its text is built by whoever shows it) and hands it
/// to the observer of the current asynchronous flow, if one was installed with <see cref="Observe"/>.
/// </summary>
/// <remarks>
/// There is no global hook: an observer belongs to the flow that installed it (an <see cref="AsyncLocal{T}"/>), so a
/// notebook host installs one around each cell it runs and sees exactly that cell's checks, and two callers running
/// at once never see each other's. Without an observer a check just returns its result.
/// </remarks>
public static class Verify
{
    private static readonly AsyncLocal<Action<CheckResult>?> Observer = new();

    /// <summary>Hands every check that passes from now on in the current asynchronous flow (this method's caller,
    /// what it awaits and the tasks it starts) to <paramref name="observer"/>, until the returned scope is disposed;
    /// then the previous observer, if any, is back. Scopes nest: the innermost observer receives.</summary>
    /// <remarks>The notebook layer installs one per executed cell (it displays each passed check in that cell's
    /// output); a script may install one to print them.</remarks>
    public static IDisposable Observe(Action<CheckResult> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var previous = Observer.Value;
        Observer.Value = observer;
        return new Scope(previous);
    }

    /// <summary>|actual − expected| ≤ max(absoluteTolerance, relativeTolerance·|expected|).</summary>
    public static CheckResult Close(string claim, double expected, double actual, double relativeTolerance = 0, double absoluteTolerance = 0)
    {
        double diff = Math.Abs(actual - expected);
        double allowed = Math.Max(absoluteTolerance, relativeTolerance * Math.Abs(expected));
        bool ok = diff <= allowed || expected.Equals(actual);
        return Report(claim, ok,
            string.Create(CultureInfo.InvariantCulture, $"expected {Fmt(expected)}, got {Fmt(actual)}; difference {diff:G3} {(ok ? "≤" : ">")} allowed {allowed:G3}"));
    }

    /// <summary>Entry-wise: max_k |a_k − e_k| ≤ max(absoluteTolerance, relativeTolerance·max_k |e_k|); lengths must match.</summary>
    public static CheckResult VectorClose(string claim, IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relativeTolerance = 0, double absoluteTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Count != actual.Count)
            return Report(claim, false, $"lengths differ: expected {expected.Count} entries, got {actual.Count}");
        double scale = expected.Count == 0 ? 0 : expected.Max(Math.Abs);
        double worst = 0;
        int at = -1;
        for (int k = 0; k < expected.Count; k++)
        {
            double d = Math.Abs(actual[k] - expected[k]);
            if (!(d <= worst)) { worst = d; at = k; }
        }
        double allowed = Math.Max(absoluteTolerance, relativeTolerance * scale);
        bool ok = worst <= allowed;
        string where = at < 0 ? "" : $" (at entry {at}: expected {Fmt(expected[at])}, got {Fmt(actual[at])})";
        return Report(claim, ok, string.Create(CultureInfo.InvariantCulture, $"{expected.Count} entries; largest difference {worst:G3}{where} {(ok ? "≤" : ">")} allowed {allowed:G3}"));
    }

    /// <summary>‖actual − expected‖_F ≤ relativeTolerance·‖expected‖_F (shapes must match).</summary>
    public static CheckResult MatrixClose(string claim, Matrix<double> expected, Matrix<double> actual, double relativeTolerance)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.RowCount != actual.RowCount || expected.ColumnCount != actual.ColumnCount)
            return Report(claim, false, $"shapes differ: expected {expected.RowCount}×{expected.ColumnCount}, got {actual.RowCount}×{actual.ColumnCount}");
        double diff = (actual - expected).FrobeniusNorm(), norm = expected.FrobeniusNorm();
        double rel = norm > 0 ? diff / norm : diff;
        bool ok = rel <= relativeTolerance;
        return Report(claim, ok, string.Create(CultureInfo.InvariantCulture, $"relative Frobenius difference {rel:G3} {(ok ? "≤" : ">")} {relativeTolerance:G3}"));
    }

    /// <summary>value ≤ bound.</summary>
    public static CheckResult AtMost(string claim, double value, double bound) =>
        Report(claim, value <= bound, $"{Fmt(value)} {(value <= bound ? "≤" : ">")} {Fmt(bound)}");

    /// <summary>value ≥ bound.</summary>
    public static CheckResult AtLeast(string claim, double value, double bound) =>
        Report(claim, value >= bound, $"{Fmt(value)} {(value >= bound ? "≥" : "<")} {Fmt(bound)}");

    /// <summary>low·(1 − tol) ≤ value ≤ high·(1 + tol) (tolerance relative to the bounds' magnitudes).</summary>
    public static CheckResult InRange(string claim, double value, double low, double high, double relativeTolerance = 0)
    {
        bool ok = value >= low - relativeTolerance * Math.Abs(low) && value <= high + relativeTolerance * Math.Abs(high);
        return Report(claim, ok, $"{Fmt(low)} ≤ {Fmt(value)} ≤ {Fmt(high)}{(ok ? "" : " fails")}");
    }

    /// <summary>A condition that must hold, with an optional explanation of what was tested.</summary>
    public static CheckResult That(string claim, bool condition, string? detail = null) =>
        Report(claim, condition, detail ?? (condition ? "holds" : "does not hold"));

    /// <summary>Every item satisfies the predicate; the first counterexample is named.</summary>
    public static CheckResult All<T>(string claim, IEnumerable<T> items, Func<T, bool> predicate, Func<T, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(predicate);
        int count = 0;
        foreach (var item in items)
        {
            if (!predicate(item))
                return Report(claim, false, $"fails at item {count}: {describe?.Invoke(item) ?? item?.ToString()}");
            count++;
        }
        return Report(claim, true, $"holds for all {count} items");
    }

    /// <summary>The action throws <typeparamref name="TException"/> (its message is shown).</summary>
    public static CheckResult Throws<TException>(string claim, Action action) where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            action();
        }
        catch (TException e)
        {
            return Report(claim, true, $"{typeof(TException).Name}: {e.Message}");
        }
        catch (Exception e)
        {
            return Report(claim, false, $"expected {typeof(TException).Name}, got {e.GetType().Name}: {e.Message}");
        }
        return Report(claim, false, $"expected {typeof(TException).Name}, but nothing was thrown");
    }

    private static CheckResult Report(string claim, bool passed, string detail)
    {
        var result = new CheckResult(claim, passed, detail);
        if (!passed) throw new VerificationFailedException(result);
        Observer.Value?.Invoke(result);
        return result;
    }

    // Restores the observer that was in force when the scope was opened (once, however often it is disposed).
    private sealed class Scope(Action<CheckResult>? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Observer.Value = previous;
        }
    }

    // 12 significant digits: enough to see agreement to 1e-11, short enough to read.
    private static string Fmt(double x) => x.ToString("G12", System.Globalization.CultureInfo.InvariantCulture);
}
