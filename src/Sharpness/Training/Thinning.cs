namespace Sharpness.Training;

/// <summary>
/// Keeps items at indices that are multiples of a stride; when <c>cap</c> items are held, every other one is dropped
/// and the stride doubles (the kept ones are then exactly the multiples of the new stride). Memory stays bounded by
/// the cap for any run length.
/// </summary>
internal sealed class Thinning<T>(int cap)
{
    private readonly List<(long Index, T Item)> _items = [];

    public long Stride { get; private set; } = 1;

    public int Count => _items.Count;

    /// <summary>True when an item at <paramref name="index"/> would be kept.</summary>
    public bool IsDue(long index) => index % (_items.Count >= cap ? 2 * Stride : Stride) == 0;

    public void Add(long index, T item)
    {
        if (_items.Count >= cap)
        {
            var kept = _items.Where(p => p.Index % (2 * Stride) == 0).ToList();
            _items.Clear();
            _items.AddRange(kept);
            Stride *= 2;
        }
        if (index % Stride == 0) _items.Add((index, item));
    }

    /// <summary>Adds an item regardless of the stride (the final iterate), unless one with that index is held.</summary>
    public void AddFinal(long index, T item)
    {
        if (_items.Count == 0 || _items[^1].Index != index) _items.Add((index, item));
    }

    public IReadOnlyList<T> Items => _items.Select(p => p.Item).ToArray();
}
