using System.Runtime.InteropServices;

namespace Sharpness.IO;

/// <summary>What a path names, after following symbolic links (POSIX <c>stat</c>, not <c>lstat</c>).</summary>
public enum FileNodeKind
{
    /// <summary>Nothing: no such file, or a symbolic link whose target does not exist.</summary>
    Missing,
    /// <summary>A regular file.</summary>
    Regular,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A named pipe: opening it for reading blocks until a writer comes.</summary>
    Fifo,
    /// <summary>A character device (/dev/zero, /dev/tty, …): reading may never end.</summary>
    CharacterDevice,
    /// <summary>A block device (a disk).</summary>
    BlockDevice,
    /// <summary>A Unix domain socket.</summary>
    Socket,
    /// <summary>It exists but its metadata cannot be read (a folder on the way is not searchable, a link loop).</summary>
    Inaccessible,
}

/// <summary>
/// The kind, size and identity of the file a path names, read with one <c>stat</c> call before anything is opened.
/// Opening a FIFO blocks and reading a character device may never end, and .NET's <see cref="File.Exists"/> says
/// true for both, so the readers and the output checks look here first.
/// </summary>
/// <remarks>
/// On Linux (x64, arm64) this calls libc's <c>stat</c> (glibc ≥ 2.33 and musl export it; older glibc only
/// <c>__xstat64</c>, used as the fallback) and reads <c>st_dev</c>, <c>st_ino</c>, <c>st_mode</c> and <c>st_size</c>
/// at the offsets of Linux's system-call ABI for the architecture. Elsewhere it falls back to what .NET exposes: regular file or
/// directory, no identity (then two paths are compared by their fully resolved names).
/// </remarks>
public readonly record struct FileNode(FileNodeKind Kind, long Size, long Device, long Inode, bool HasIdentity)
{
    /// <summary>The node <paramref name="path"/> names (symbolic links followed).</summary>
    public static FileNode Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path.Contains('\0')) return new(FileNodeKind.Missing, 0, 0, 0, false);
        if (LinuxStat.Layout is { } layout) return LinuxStat.Of(path, layout);
        if (Directory.Exists(path)) return new(FileNodeKind.Directory, 0, 0, 0, false);
        if (!File.Exists(path)) return new(FileNodeKind.Missing, 0, 0, 0, false);
        return new(FileNodeKind.Regular, new FileInfo(path).Length, 0, 0, false);
    }

    /// <summary>True when both paths name the same existing file (same device and inode, so hard links and
    /// symbolic links count; by resolved full path where no inode is available).</summary>
    public static bool SameFile(string a, string b)
    {
        var x = Of(a);
        var y = Of(b);
        if (x.Kind is FileNodeKind.Missing || y.Kind is FileNodeKind.Missing) return false;
        if (x.HasIdentity && y.HasIdentity) return x.Device == y.Device && x.Inode == y.Inode;
        return string.Equals(Resolved(a), Resolved(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>The kind in words, for messages ("a FIFO (named pipe)").</summary>
    public static string Describe(FileNodeKind kind) => kind switch
    {
        FileNodeKind.Regular => "a regular file",
        FileNodeKind.Directory => "a directory",
        FileNodeKind.Fifo => "a FIFO (named pipe)",
        FileNodeKind.CharacterDevice => "a character device",
        FileNodeKind.BlockDevice => "a block device",
        FileNodeKind.Socket => "a socket",
        FileNodeKind.Inaccessible => "not accessible",
        _ => "missing",
    };

    private static string Resolved(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    /// <summary>libc stat on Linux, with Linux's struct stat layout per architecture.</summary>
    private static class LinuxStat
    {
        // Offsets of st_mode and st_size (struct stat: 144 bytes on x64, 128 on arm64); st_dev is at 0 and st_ino
        // at 8 on both.
        internal static readonly (int Mode, int Size)? Layout =
            !OperatingSystem.IsLinux() ? null : RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => (24, 48),
                Architecture.Arm64 => (16, 48),
                _ => null,
            };

        private static bool _useXstat;

        internal static FileNode Of(string path, (int Mode, int Size) layout)
        {
            var buffer = new byte[256]; // larger than either struct
            int rc;
            try
            {
                rc = _useXstat ? XStat(RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 1 : 0, path, buffer) : Stat(path, buffer);
            }
            catch (EntryPointNotFoundException)
            {
                _useXstat = true;
                rc = XStat(RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 1 : 0, path, buffer);
            }
            if (rc != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                // ENOENT (2): missing, including a dangling symbolic link; ENOTDIR (20): a file used as a folder.
                return new(errno is 2 or 20 ? FileNodeKind.Missing : FileNodeKind.Inaccessible, 0, 0, 0, false);
            }
            uint mode = BitConverter.ToUInt32(buffer, layout.Mode);
            var kind = (mode & 0xF000) switch
            {
                0x8000 => FileNodeKind.Regular,
                0x4000 => FileNodeKind.Directory,
                0x1000 => FileNodeKind.Fifo,
                0x2000 => FileNodeKind.CharacterDevice,
                0x6000 => FileNodeKind.BlockDevice,
                0xC000 => FileNodeKind.Socket,
                _ => FileNodeKind.Inaccessible,
            };
            return new(kind, BitConverter.ToInt64(buffer, layout.Size), BitConverter.ToInt64(buffer, 0), BitConverter.ToInt64(buffer, 8), true);
        }

        [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
        private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);

        [DllImport("libc", EntryPoint = "__xstat64", SetLastError = true)]
        private static extern int XStat(int version, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
    }
}
