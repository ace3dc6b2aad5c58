namespace Sharpness.Runner.Publishing;

/// <summary>
/// An exclusive lock on an output folder (an OS file lock on DIR/<see cref="FileName"/>, released by the kernel when
/// the process ends, even by kill -9), held from before the first notebook runs until the outputs are published. A
/// second run on the same --out waits for it, so two runs never interleave their staging, swaps or manifests.
/// Acquiring it also proves DIR can be created and written, before anything runs.
/// </summary>
public sealed class OutputLock : IDisposable
{
    /// <summary>The lock file in the output folder (kept; it holds nothing).</summary>
    public const string FileName = ".sharpness-run.lock";

    private readonly FileStream _stream;

    private OutputLock(FileStream stream) => _stream = stream;

    /// <summary>
    /// Creates <paramref name="outputDirectory"/> if needed and takes the lock, waiting (and telling
    /// <paramref name="onWaiting"/> once) while another run holds it. Usage errors when DIR cannot be created or written.
    /// </summary>
    public static async Task<OutputLock> AcquireAsync(string outputDirectory, Action<string> onWaiting, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(outputDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new RunnerUserException($"--out {outputDirectory} cannot be created: {e.Message}");
        }
        var path = Path.Combine(outputDirectory, FileName);
        var told = false;
        while (true)
        {
            try
            {
                // FileShare.None: .NET takes an exclusive flock on Unix (LockFileEx-like sharing on Windows).
                return new OutputLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (UnauthorizedAccessException e)
            {
                throw new RunnerUserException($"--out {outputDirectory} cannot be written: {e.Message}");
            }
            catch (IOException e) when (!File.Exists(path))
            {
                throw new RunnerUserException($"--out {outputDirectory} cannot be written: {e.Message}");
            }
            catch (IOException)
            {
                // Held by another run.
                if (!told) onWaiting($"Another sharpness run is writing to {outputDirectory}; waiting for it to finish.");
                told = true;
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
