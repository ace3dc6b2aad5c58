namespace Sharpness;

/// <summary>A layer, target or matrix has a NaN or ±∞ entry; the message names the matrix and the entry's
/// (row, column), 0-based.</summary>
public sealed class NonFiniteEntryException : SharpnessException
{
    /// <summary>Creates the exception for entry (<paramref name="row"/>, <paramref name="column"/>) of
    /// <paramref name="what"/>.</summary>
    public NonFiniteEntryException(string what, int row, int column, double value)
        : base($"{char.ToUpperInvariant(what[0])}{what[1..]} has a non-finite entry {value} at (row {row}, column {column}), 0-based.")
    {
        Row = row;
        Column = column;
    }

    /// <summary>The entry's row, 0-based.</summary>
    public int Row { get; }

    /// <summary>The entry's column, 0-based.</summary>
    public int Column { get; }
}
