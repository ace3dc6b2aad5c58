// Entry point of the `sharpness` command: `sharpness analyze …`, `sharpness escape …` and `sharpness run …` (notebooks).
using Sharpness.Cli.Hosting;

// Before any thread of ours starts (setenv is not thread-safe): OpenBLAS's idle threads sleep instead of spinning.
Sharpness.LinearAlgebra.Kernels.NativeBlas.LetIdleThreadsSleep();
var verbs = new Dictionary<string, Func<System.CommandLine.Command>>(CliApp.Verbs) { ["run"] = Sharpness.Cli.RunVerb.Create };
// Next, so the second core compiles what this verb needs while the first builds the commands (JitProfile).
var profile = JitProfile.Start(args, verbs.Keys);
// The verbs that compute choose their dense kernels (load OpenBLAS, run its self-test: ≈ 25 ms) on another thread
// while the command line is parsed and the files are read; the first use waits for it (DenseKernels.Default locks).
if (args.Length > 0 && args[0] is "analyze" or "train" or "escape")
    _ = Task.Run(() => Sharpness.LinearAlgebra.Kernels.DenseKernels.Default);
// Only the verb named, when it is one (CliApp.CreateRootCommand): the others' options are never built.
var root = CliApp.CreateRootCommand(args.Length > 0 ? args[0] : null, verbs);
int code = CliApp.Run(root, args, Console.Out, Console.Error);
profile?.Finish(code);
return code;
