using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>Issue 16 item 9: --html never clobbers an input, never writes into a FIFO or a device, and an unwritable
/// path is found before the run.</summary>
public class OutputPathTests
{
    [Fact]
    public void Html_naming_an_input_is_refused_and_the_inputs_are_unchanged()
    {
        // Was: the run succeeded and the page overwrote W1.npy (or the target).
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, F4);
        string target = Cli.WriteMatrix(dir, "M.npy", F4.Product());
        string symlink = SpecialFiles.Link(dir, "alias.npy", layers[1]);
        string hardLink = SpecialFiles.HardLink(dir, "hard.npy", layers[0]);
        var before = layers.Append(target).Select(File.ReadAllBytes).ToArray();

        foreach (var (html, named) in new[] { (layers[0], "W1.npy"), (target, "M.npy"), (symlink, "W2.npy"), (hardLink, "W1.npy") })
            Cli.AssertFails(Cli.Run(["escape", .. layers, "--target", target, "--c", "1.1", "--html", html]),
                ExitCodes.OutputUnwritable, "is the input file", named);

        Assert.Equal(before, layers.Append(target).Select(File.ReadAllBytes).ToArray());
    }

    [Fact]
    public void Html_that_is_a_device_or_a_fifo_is_refused_before_the_run()
    {
        // Was: /dev/null accepted; a FIFO blocked the write after the run until some reader came.
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, F4);
        Cli.AssertFails(Cli.Run(["escape", .. layers, "--c", "1.1", "--html", "/dev/null"]), ExitCodes.OutputUnwritable, "/dev/null", "character device");
        string fifo = SpecialFiles.Fifo(dir, "run.html");
        Cli.AssertFails(SpecialFiles.RunGuarded(["escape", .. layers, "--c", "1.1", "--html", fifo]), ExitCodes.OutputUnwritable, "FIFO");
    }

    [Fact]
    public void An_unwritable_folder_is_found_before_the_inputs_are_even_checked()
    {
        // /proc accepts no new files, even for root. The target is not the product, so a run would fail with exit 11:
        // exit 12 shows the page's path was checked first. Was: exit 11 (the check only asked whether /proc exists).
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, F4);
        string wrong = Cli.WriteMatrix(dir, "M.npy", Matrix<double>.Build.Dense(F4.OutputDimension, F4.InputDimension, 1));
        Cli.AssertFails(Cli.Run(["escape", .. layers, "--target", wrong, "--c", "1.1", "--html", $"/proc/sharpness-{Guid.NewGuid():N}.html"]),
            ExitCodes.OutputUnwritable, "cannot be written");
    }

    [Fact]
    public void A_successful_write_leaves_no_temporary_file()
    {
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, F4);
        string page = dir.File("run.html");
        File.WriteAllText(page, "an earlier page");
        Assert.Equal(0, Cli.Run(["escape", .. layers, "--c", "1.1", "--max-iter", "10", "--html", page]).ExitCode);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(page));
        Assert.Equal(["W1.npy", "W2.npy", "run.html"], Directory.GetFiles(dir.Path).Select(f => Path.GetFileName(f)!).Order().ToArray());
    }
}
