using System.Diagnostics;
using System.Net.Sockets;

namespace Sharpness.Cli.Tests.IO;

/// <summary>FIFOs, sockets and links for the regular-file tests (Unix only; the tests skip nothing else).</summary>
internal static class SpecialFiles
{
    public static string Fifo(TempDir dir, string name)
    {
        string path = dir.File(name);
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    /// <summary>A bound Unix domain socket at <paramref name="name"/>; dispose it after the test.</summary>
    public static Socket Socket(TempDir dir, string name, out string path)
    {
        path = dir.File(name);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    public static string Link(TempDir dir, string name, string target)
    {
        string path = dir.File(name);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    public static string HardLink(TempDir dir, string name, string target)
    {
        string path = dir.File(name);
        using var p = Process.Start(new ProcessStartInfo("ln", [target, path]) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    /// <summary>Runs the CLI with a guard against a hang (an open on a FIFO blocks until a writer comes): the
    /// refusal must come at once, and a regression fails here instead of stalling the test run.</summary>
    public static Commands.Cli.Result RunGuarded(params string[] args)
    {
        var run = Task.Run(() => Commands.Cli.Run(args));
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "the command blocked (it opened a FIFO?)");
        return run.Result;
    }
}
