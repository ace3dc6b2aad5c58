using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.Commands;
using Sharpness.IO;

namespace Sharpness.Cli.Tests.IO;

/// <summary>Issue 16 item 12: only regular files are read; FIFOs, devices and sockets are refused at once (exit 4),
/// a dangling link does not exist (exit 3), and a file longer than its header's shape fails before the data is read.</summary>
public class RegularFileTests
{
    [Fact]
    public void A_fifo_layer_is_refused_at_once_instead_of_blocking()
    {
        // Was: File.ReadAllBytes blocked forever waiting for a writer.
        using var dir = new TempDir();
        string fifo = SpecialFiles.Fifo(dir, "W1.npy");
        Commands.Cli.AssertFails(SpecialFiles.RunGuarded("analyze", fifo), ExitCodes.FileUnreadable, "W1.npy", "FIFO", "not a regular file");
    }

    [Fact]
    public void A_device_behind_a_link_is_refused()
    {
        // Was: /dev/null read as an empty CSV (exit 8), and /dev/zero read until memory ran out.
        using var dir = new TempDir();
        Commands.Cli.AssertFails(Commands.Cli.Run("analyze", SpecialFiles.Link(dir, "W1.csv", "/dev/null")), ExitCodes.FileUnreadable, "W1.csv", "character device");
        Commands.Cli.AssertFails(Commands.Cli.Run("analyze", SpecialFiles.Link(dir, "W1.npy", "/dev/zero")), ExitCodes.FileUnreadable, "W1.npy", "character device");
        Commands.Cli.AssertFails(Commands.Cli.Run("analyze", "/dev/zero"), ExitCodes.FileUnreadable, "character device");
    }

    [Fact]
    public void A_socket_is_refused_as_a_socket()
    {
        // Was: exit 4 with "No such device or address".
        using var dir = new TempDir();
        using var socket = SpecialFiles.Socket(dir, "W1.npy", out string path);
        Commands.Cli.AssertFails(Commands.Cli.Run("analyze", path), ExitCodes.FileUnreadable, "W1.npy", "socket");
    }

    [Fact]
    public void A_dangling_link_does_not_exist()
    {
        // Was: exit 4, "cannot be read: Could not find file".
        using var dir = new TempDir();
        string link = SpecialFiles.Link(dir, "W1.npy", dir.File("gone.npy"));
        Commands.Cli.AssertFails(Commands.Cli.Run("analyze", link), ExitCodes.FileNotFound, "W1.npy", "no such file", "gone.npy");
        Commands.Cli.AssertFails(Commands.Cli.Run("analyze", SpecialFiles.Link(dir, "W2.txt", dir.File("gone.txt"))), ExitCodes.FileNotFound, "no such file");
    }

    [Fact]
    public void A_file_longer_than_its_shape_fails_before_the_data_is_read()
    {
        // A (2, 2) header followed by 64 MB (a sparse file): was read whole into memory before the length check.
        using var dir = new TempDir();
        string path = dir.File("W1.npy");
        NpyFile.Write(path, Matrix<double>.Build.Dense(2, 2, 1));
        long header = new FileInfo(path).Length - 32;
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(64L << 20);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<WeightFileException>(() => NpyFile.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(WeightFileErrorKind.MalformedNpy, e.Kind);
        Assert.Contains("32 bytes", e.Message);
        Assert.Contains($"{(64L << 20) - header} bytes", e.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes before failing");
    }

    [Fact]
    public void A_regular_file_still_reads_through_a_link()
    {
        using var dir = new TempDir();
        var m = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 3, 4 } });
        string path = dir.File("real.npy");
        NpyFile.Write(path, m);
        Assert.Equal(m, MatrixFile.Read(SpecialFiles.Link(dir, "W1.npy", path)));
    }

    [Fact]
    public void File_nodes_agree_with_stat()
    {
        // The stat layout is read at fixed offsets: check kind, size and inode against coreutils' stat(1).
        using var dir = new TempDir();
        string path = dir.File("x.npy");
        File.WriteAllBytes(path, new byte[1234]);
        var node = FileNode.Of(path);
        Assert.Equal(FileNodeKind.Regular, node.Kind);
        Assert.Equal(1234, node.Size);
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-L", "-c", "%i %d", path]) { RedirectStandardOutput = true })!;
        string[] fields = p.StandardOutput.ReadToEnd().Trim().Split(' ');
        p.WaitForExit();
        Assert.True(node.HasIdentity);
        Assert.Equal(long.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture), node.Inode);
        Assert.Equal(long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), node.Device);
        Assert.Equal(FileNodeKind.Directory, FileNode.Of(dir.Path).Kind);
        Assert.Equal(FileNodeKind.Missing, FileNode.Of(dir.File("none")).Kind);
        Assert.Equal(FileNodeKind.Missing, FileNode.Of(dir.File("none") + "/below").Kind);
        Assert.Equal(FileNodeKind.Fifo, FileNode.Of(SpecialFiles.Fifo(dir, "p")).Kind);
    }
}
