using System.Runtime.InteropServices;

namespace Sharpness.LinearAlgebra.Kernels;

/// <summary>
/// OpenBLAS's idle worker threads spin for 2^OPENBLAS_THREAD_TIMEOUT cycles (default 2^28, ≈ 0.1 s) after every call
/// before they sleep. The kit's reports run managed work on the other core between BLAS calls (the two Lanczos runs
/// of the depth-2 route, the JIT's background compilation), and a spinning worker takes that core from them:
/// measured on issue 13's depth-2 analyze, ≈ 0.17 CPU-seconds and 30–60 ms of a 0.4 s run. Called before the library
/// loads (it reads the variable once, then; <see cref="NativeBlas.LetIdleThreadsSleep"/>), this sets
/// OPENBLAS_THREAD_TIMEOUT=4 (2^4 cycles, OpenBLAS's smallest) in the C environment, unless the user set it: the
/// next call wakes the workers instead, which costs microseconds against products of milliseconds.
/// </summary>
internal static partial class IdleThreads
{
    /// <summary>The variable.</summary>
    public const string Variable = "OPENBLAS_THREAD_TIMEOUT";

    /// <summary>The value set when the user set none.</summary>
    public const string Value = "4";

    /// <summary>Sets <see cref="Variable"/> to <see cref="Value"/> in the C environment unless it is set (Linux
    /// only; elsewhere, and on any failure, nothing changes).</summary>
    public static void SleepAtOnce()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null) return;
        try
        {
            _ = SetEnvironment(Variable, Value, overwrite: 0); // .NET's Environment keeps its own copy: OpenBLAS reads C's
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc to ask: OpenBLAS keeps its default spin.
        }
    }

    /// <summary>getenv(3) of the C environment (what OpenBLAS sees), or null.</summary>
    internal static string? CEnvironment(string name) => OperatingSystem.IsLinux() ? Marshal.PtrToStringUTF8(GetEnvironment(name)) : null;

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnvironment(string name);
}
