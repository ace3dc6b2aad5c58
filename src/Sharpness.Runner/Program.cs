// The runner's own executable. Its main job is the hidden child verb (one process per notebook); it also offers
// `run` so the runner can be used without the sharpness CLI.
return await Sharpness.Runner.CommandLine.RunnerProgram.MainAsync(args);
