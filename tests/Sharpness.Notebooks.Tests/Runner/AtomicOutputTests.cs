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
        AtomicOutput.Publish(output, staging =>
        {
            WriteSite(staging, "first");
            File.WriteAllText(Path.Combine(staging, "site", "stale.html"), "a page of a notebook the next run does not have");
        });

        AtomicOutput.Publish(output, staging => WriteSite(staging, "second"));

        Assert.Equal("second", File.ReadAllText(Path.Combine(output, "site", "index.html")));
        Assert.False(File.Exists(Path.Combine(output, "site", "stale.html")), "pages of older runs do not survive");
        Assert.Empty(Directory.GetDirectories(output, AtomicOutput.StagingPrefix + "*"));
    }

    [Fact]
    public void Leftover_staging_folders_of_killed_runs_are_removed()
    {
        var output = RepoPaths.NewTempDirectory("atomic");
        Directory.CreateDirectory(Path.Combine(output, AtomicOutput.StagingPrefix + Guid.NewGuid().ToString("N"), "site"));
        // Only folders named like the runner's own staging folders: a person's ".staging-notes" is not ours.
        Directory.CreateDirectory(Path.Combine(output, AtomicOutput.StagingPrefix + "notes"));
        AtomicOutput.Publish(output, staging => WriteSite(staging, "next"));
        Assert.Equal(new[] { AtomicOutput.StagingPrefix + "notes" },
            Directory.GetDirectories(output, AtomicOutput.StagingPrefix + "*").Select(Path.GetFileName));
    }

    private static void WriteSite(string staging, string content)
    {
        Directory.CreateDirectory(Path.Combine(staging, "site"));
        Directory.CreateDirectory(Path.Combine(staging, "notebooks"));
        File.WriteAllText(Path.Combine(staging, "site", "index.html"), content);
        File.WriteAllText(Path.Combine(staging, "notebooks", "a.ipynb"), content);
    }
}
