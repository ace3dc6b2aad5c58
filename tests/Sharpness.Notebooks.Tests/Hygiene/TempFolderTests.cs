using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Hygiene;

/// <summary>Test temp folders (and the Chromium profiles made from them) are deleted when the test process exits.</summary>
public sealed class TempFolderTests
{
    [Fact]
    public void Every_new_temp_folder_is_deleted_at_exit()
    {
        string dir = RepoPaths.NewTempDirectory("cleanup-check");
        Assert.True(Directory.Exists(dir));
        Assert.True(RepoPaths.IsDeletedAtExit(dir), $"{dir} would be left in /tmp");
        RepoPaths.DeleteQuietly(dir);
        Assert.False(Directory.Exists(dir));
        RepoPaths.DeleteQuietly(dir); // a second delete (at exit) is quiet
    }
}
