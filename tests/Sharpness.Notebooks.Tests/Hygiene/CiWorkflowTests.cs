using System.Text.RegularExpressions;
using Sharpness.Notebooks.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sharpness.Notebooks.Tests.Hygiene;

/// <summary>
/// The CI recipe, checked statically (no CI service is reachable from here): the repository's GitHub workflow is
/// valid YAML, runs in the official .NET 10 SDK container, and runs exactly the commands the README's "Run notebooks
/// in your CI" section lists — which are .ci/run's Debian packages, the README's test command and its main job with
/// --junit; it caches NuGet packages, publishes that JUnit file and uploads the site and executed notebooks. The
/// README's recipes for the user's own notebooks (GitHub Actions, GitLab CI) parse and run the commands it lists.
/// </summary>
public sealed partial class CiWorkflowTests
{
    private const string Section = "## Run notebooks in your CI";
    private const string Image = "mcr.microsoft.com/dotnet/sdk:10.0";

    private static string Readme => File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));

    private static string WorkflowPath => Path.Combine(RepoPaths.Root, ".github", "workflows", "notebooks.yml");

    [Fact]
    public void The_workflow_runs_exactly_the_readmes_commands_in_the_sdk_container()
    {
        var blocks = SectionBlocks();
        var job = SingleJob(Parse(File.ReadAllText(WorkflowPath)));
        var container = job.Children[new YamlScalarNode("container")];
        var image = container is YamlMappingNode m ? Scalar(m, "image") : ((YamlScalarNode)container).Value;
        Assert.Equal(Image, image);
        Assert.Equal(Commands(blocks[0].Text), RunSteps(job));
        Assert.Contains(Image, Readme[Readme.IndexOf(Section, StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Those_commands_are_ci_runs_packages_the_test_command_and_the_main_job()
    {
        var ci = Commands(SectionBlocks()[0].Text);
        Assert.Equal(4, ci.Count);
        // The README's "two commands": the main job and the test command.
        var twoCommands = Commands(FencedBlocks(Readme).First(b => b.Language == "bash").Text);
        var mainJob = twoCommands.Single(c => c.Contains(" -- run", StringComparison.Ordinal));
        var test = twoCommands.Single(c => c.StartsWith("dotnet test", StringComparison.Ordinal));
        Assert.Equal("dotnet test Sharpness.Notebooks.sln", test);
        Assert.Equal("bash .ci/debian-packages", ci[0]);
        Assert.Equal("dotnet restore Sharpness.Notebooks.sln", ci[1]);
        Assert.Equal(test, ci[2]);
        Assert.Equal(mainJob + " --junit artifacts/junit.xml", ci[3]);
        // .ci/run installs the same packages and runs the same test command.
        var ciRun = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".ci", "run")).Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("set ", StringComparison.Ordinal)
                        && !l.StartsWith("cd ", StringComparison.Ordinal) && !l.StartsWith("export ", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { ci[0], test }, ciRun);
    }

    [Fact]
    public void The_workflow_caches_nuget_publishes_the_report_and_uploads_site_and_notebooks()
    {
        var job = SingleJob(Parse(File.ReadAllText(WorkflowPath)));
        var steps = Steps(job);
        var cache = steps.Single(s => Uses(s).StartsWith("actions/cache@", StringComparison.Ordinal));
        Assert.Equal("~/.nuget/packages", Scalar(With(cache), "path"));
        Assert.Contains("Directory.Packages.props", Scalar(With(cache), "key"));
        var junit = JUnitArgument(RunSteps(job));
        var report = steps.Single(s => Uses(s).StartsWith("mikepenz/action-junit-report@", StringComparison.Ordinal));
        Assert.Equal(junit, Scalar(With(report), "report_paths"));
        var uploads = steps.Where(s => Uses(s).StartsWith("actions/upload-artifact@", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "artifacts/site", "artifacts/notebooks" }, uploads.Select(u => Scalar(With(u), "path")));
        // Reports and artifacts also when a notebook failed (the main job then exits 3).
        foreach (var step in uploads.Append(report)) Assert.Contains("cancelled()", Scalar(step, "if"));
        var permissions = (YamlMappingNode)Parse(File.ReadAllText(WorkflowPath)).Children[new YamlScalarNode("permissions")];
        Assert.Equal("write", Scalar(permissions, "checks"));
    }

    [Fact]
    public void The_recipes_for_your_own_notebooks_run_the_listed_commands_and_collect_their_outputs()
    {
        var blocks = SectionBlocks();
        var commands = Commands(blocks[1].Text);
        Assert.Equal(2, commands.Count);
        Assert.StartsWith("dotnet tool install ", commands[0]);
        Assert.Contains(" Sharpness.Cli ", commands[0]);
        Assert.Contains("sharpness run ", commands[1]);
        var junit = JUnitArgument(commands);
        var output = Regex.Match(commands[1], @"--out (\S+)").Groups[1].Value;

        var github = SingleJob(Parse(blocks[2].Text));
        Assert.Equal(Image, Scalar(github, "container"));
        Assert.Equal(commands, RunSteps(github));
        var steps = Steps(github);
        Assert.Equal(junit, Scalar(With(steps.Single(s => Uses(s).StartsWith("mikepenz/action-junit-report@", StringComparison.Ordinal))), "report_paths"));
        Assert.Equal(new[] { output + "/site", output + "/notebooks" },
            steps.Where(s => Uses(s).StartsWith("actions/upload-artifact@", StringComparison.Ordinal)).Select(u => Scalar(With(u), "path")));

        var gitlab = (YamlMappingNode)Parse(blocks[3].Text).Children[new YamlScalarNode("notebooks")];
        Assert.Equal(Image, Scalar(gitlab, "image"));
        Assert.Equal(commands, ((YamlSequenceNode)gitlab.Children[new YamlScalarNode("script")]).Children.Select(c => ((YamlScalarNode)c).Value!));
        var artifacts = (YamlMappingNode)gitlab.Children[new YamlScalarNode("artifacts")];
        Assert.Equal("always", Scalar(artifacts, "when"));
        Assert.Equal(junit, Scalar((YamlMappingNode)artifacts.Children[new YamlScalarNode("reports")], "junit"));
        Assert.Equal(new[] { output + "/site", output + "/notebooks" },
            ((YamlSequenceNode)artifacts.Children[new YamlScalarNode("paths")]).Children.Select(c => ((YamlScalarNode)c).Value!));
    }

    [Fact]
    public void The_checks_fail_on_a_broken_workflow()
    {
        var text = File.ReadAllText(WorkflowPath);
        // Invalid YAML (a tab where indentation is expected) is reported as such.
        Assert.ThrowsAny<YamlException>(() => Parse(text.Replace("    steps:", "\tsteps:")));
        // A changed command no longer matches the README.
        var changed = RunSteps(SingleJob(Parse(text.Replace("dotnet test Sharpness.Notebooks.sln", "dotnet build Sharpness.Notebooks.sln"))));
        Assert.NotEqual(Commands(SectionBlocks()[0].Text), changed);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private sealed record Fenced(string Language, string Text);

    private static List<Fenced> SectionBlocks()
    {
        var readme = Readme;
        var start = readme.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section {Section}");
        var end = readme.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        var blocks = FencedBlocks(readme[start..(end < 0 ? readme.Length : end)]);
        Assert.Equal(new[] { "bash", "bash", "yaml", "yaml" }, blocks.Select(b => b.Language));
        return blocks;
    }

    private static List<Fenced> FencedBlocks(string markdown) =>
        FenceRegex().Matches(markdown).Select(m => new Fenced(m.Groups[1].Value, m.Groups[2].Value)).ToList();

    // A shell block's commands: non-empty lines without comments.
    private static List<string> Commands(string block) => block.Split('\n')
        .Select(l => (l.Contains(" #", StringComparison.Ordinal) ? l[..l.IndexOf(" #", StringComparison.Ordinal)] : l).Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    private static string JUnitArgument(IEnumerable<string> commands) =>
        commands.Select(c => Regex.Match(c, @"--junit (\S+)")).Single(m => m.Success).Groups[1].Value;

    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlMappingNode SingleJob(YamlMappingNode workflow)
    {
        Assert.True(workflow.Children.ContainsKey(new YamlScalarNode("on")), "a workflow needs triggers (on:)");
        var jobs = (YamlMappingNode)workflow.Children[new YamlScalarNode("jobs")];
        return (YamlMappingNode)Assert.Single(jobs.Children).Value;
    }

    private static List<YamlMappingNode> Steps(YamlMappingNode job) =>
        ((YamlSequenceNode)job.Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>().ToList();

    private static List<string> RunSteps(YamlMappingNode job) =>
        Steps(job).Where(s => s.Children.ContainsKey(new YamlScalarNode("run"))).SelectMany(s => Commands(Scalar(s, "run"))).ToList();

    private static string Uses(YamlMappingNode step) =>
        step.Children.TryGetValue(new YamlScalarNode("uses"), out var uses) ? ((YamlScalarNode)uses).Value ?? "" : "";

    private static YamlMappingNode With(YamlMappingNode step) => (YamlMappingNode)step.Children[new YamlScalarNode("with")];

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode s ? s.Value ?? "" : "";

    [GeneratedRegex(@"```(\w+)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FenceRegex();
}
