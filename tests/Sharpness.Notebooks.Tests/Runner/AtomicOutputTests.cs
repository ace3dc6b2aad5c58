using Sharpness.Notebooks.Tests.Support;
using Sharpness.Runner.Publishing;

namespace Sharpness.Notebooks.Tests.Runner;

public sealed class AtomicOutputTests
{
    [Fact]
    public void A_build_that_fails_halfway_leaves_the_previous_outputs_untouched()
    {
        var output = RepoPaths.NewTempDirectory("atomic");
        AtomicOutput.Publish(output, staging => WriteSite(staging, "first"));

        Assert.Throws<IOException>(() => AtomicOutput.Publish(output, staging =>
        {
            Directory.CreateDirectory(Path.Combine(staging, "site"));
            File.WriteAllText(Path.Combine(staging, "site", "index.html"), "second, half written");
            throw new IOException("disk full");
        }));

        Assert.Equal("first", File.ReadAllText(Path.Combine(output, "site", "index.html")));
        Assert.Equal("first", File.ReadAllText(Path.Combine(output, "notebooks", "a.ipynb")));
        Assert.Equal(new[] { "notebooks", "site" }, Directory.GetDirectories(output).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_successful_build_replaces_each_folder_whole()
    {
        var output = RepoPaths.NewTempDirectory("atomic");
        AtomicOutput.Publish(output, staging => WriteSite(staging, "first"));
        File.WriteAllText(Path.Combine(output, "site", "stale.html"), "from an older run");

        AtomicOutput.Publish(output, staging => WriteSite(staging, "second"));

        Assert.Equal("second", File.ReadAllText(Path.Combine(output, "site", "index.html")));
        Assert.False(File.Exists(Path.Combine(output, "site", "stale.html")), "pages of older runs do not survive");
        Assert.Empty(Directory.GetDirectories(output, AtomicOutput.StagingPrefix + "*"));
    }

    [Fact]
    public void Leftover_staging_folders_of_killed_runs_are_removed()
    {
        var output = RepoPaths.NewTempDirectory("atomic");
        Directory.CreateDirectory(Path.Combine(output, AtomicOutput.StagingPrefix + "killed", "site"));
        AtomicOutput.Publish(output, staging => WriteSite(staging, "next"));
        Assert.Empty(Directory.GetDirectories(output, AtomicOutput.StagingPrefix + "*"));
    }

    private static void WriteSite(string staging, string content)
    {
        Directory.CreateDirectory(Path.Combine(staging, "site"));
        Directory.CreateDirectory(Path.Combine(staging, "notebooks"));
        File.WriteAllText(Path.Combine(staging, "site", "index.html"), content);
        File.WriteAllText(Path.Combine(staging, "notebooks", "a.ipynb"), content);
    }
}
