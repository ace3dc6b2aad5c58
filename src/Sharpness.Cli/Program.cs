// Entry point of the `sharpness` command: `sharpness analyze …`, `sharpness escape …` and `sharpness run …` (notebooks).
using Sharpness.Cli.Hosting;

var root = CliApp.CreateRootCommand();
root.Subcommands.Add(Sharpness.Cli.RunVerb.Create());
return CliApp.Run(root, args, Console.Out, Console.Error);
