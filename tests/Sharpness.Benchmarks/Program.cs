using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Sharpness.Benchmarks.Exact;

namespace Sharpness.Benchmarks;

/// <summary>
/// Entry point. <c>dotnet run -c Release -- --filter '*' --job short</c> runs every benchmark class in this assembly
/// (other folders add their own classes); <c>dotnet run -c Release -- check</c> runs the one-off large-instance
/// agreement and timing check of <see cref="LargeInstanceCheck"/> without BenchmarkDotNet, <c>-- gdcheck</c> the quick
/// GD kernel timings of <see cref="Dynamics.GdQuickCheck"/>, <c>-- fppeak</c> the FP peak and the batch kernel's fraction
/// of it by thread CPU time, one vs two threads (<see cref="Dynamics.FpPeakBenchmarks.RunThreadCheck"/>), and
/// <c>-- training</c> the training tracker's Lanczos steps per estimate, warm vs cold start (<c>-- training profile</c>:
/// where an estimate spends its time, <see cref="Training.TrackingProfile"/>; <c>-- training parts</c>: its pieces alone,
/// <see cref="Training.TrackingParts"/>; <c>-- training user [STEPS…]</c>: fresh-process runs as <c>sharpness train</c>
/// makes them, <see cref="Training.TrainingBenchmarks.UserRuns"/>), <c>-- peer</c> the side-by-side with
/// NumPy + SciPy of
/// <see cref="Scale.PeerComparison"/>, and <c>-- profile [NAME]</c> where one exact λ spends its time
/// (<see cref="Scale.ScaleProfile"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "check") return LargeInstanceCheck.Run();
        if (args.Length > 0 && args[0] == "peer") return Scale.PeerComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "profile") return Scale.ScaleProfile.Run(args[1..]);
        if (args.Length > 0 && args[0] == "gdcheck") return Dynamics.GdQuickCheck.Run(args.Length > 1 ? args[1] : null);
        if (args.Length > 0 && args[0] == "fppeak") return Dynamics.FpPeakBenchmarks.RunThreadCheck();
        if (args.Length > 3 && args[0] == "training" && args[1] == "once") return Training.TrainingBenchmarks.Once(args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
        if (args.Length > 1 && args[0] == "training" && args[1] == "user")
            return Training.TrainingBenchmarks.UserRuns(args.Length > 2 ? args[2..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : [2000, 20000, 200000], repeats: 7);
        if (args.Length > 1 && args[0] == "training" && args[1] == "parts") return Training.TrackingParts.Run();
        if (args.Length > 1 && args[0] == "training" && args[1] == "profile") return Training.TrackingProfile.Run();
        if (args.Length > 0 && args[0] == "training") return Training.TrainingBenchmarks.PrintLanczosSteps(profileTracked: args.Length > 1 && args[1] == "tracked");
        // BenchmarkDotNet builds a project per job; its default 2-minute limit was exceeded at load ~30 on 2 cores.
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
