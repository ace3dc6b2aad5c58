// Entry point of the `sharpness` command: `sharpness analyze …`, `sharpness escape …` (and `run`, added below).
using Sharpness.Cli.Hosting;

var root = CliApp.CreateRootCommand();
// The notebook `run` verb (RunVerb.cs) is added here when it is wired in, e.g. root.Subcommands.Add(RunVerb.Create());
return CliApp.Run(root, args, Console.Out, Console.Error);
