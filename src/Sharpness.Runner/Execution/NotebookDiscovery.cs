namespace Sharpness.Runner.Execution;

/// <summary>Expands the command line's inputs into notebook files.</summary>
public static class NotebookDiscovery
{
    /// <summary>
    /// Files are taken as given (they must end in .ipynb); folders contribute their *.ipynb files (not recursive),
    /// sorted by name so "01-…", "02-…" run in order. Duplicates are dropped.
    /// </summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> inputs)
    {
        var found = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                found.AddRange(Directory.EnumerateFiles(input, "*.ipynb", SearchOption.TopDirectoryOnly)
                    .Where(f => !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                if (!input.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                    throw new RunnerUserException($"{input} is not a notebook (expected a .ipynb file or a folder).");
                found.Add(input);
            }
            else
            {
                throw new RunnerUserException($"No such notebook or folder: {input}");
            }
        }
        var distinct = found.Select(Path.GetFullPath).Distinct().ToList();
        var clash = distinct.GroupBy(Path.GetFileNameWithoutExtension).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new RunnerUserException(
                $"Two notebooks share the name '{clash.Key}' ({string.Join(", ", clash)}); their outputs would collide.");
        return distinct;
    }
}
