using System.Globalization;

namespace Sharpness.Tests;

/// <summary>Switches this thread's culture to one that writes the decimal comma ("0,05", like de-DE) until disposed.
/// A clone of the invariant culture with de-DE's separators: the test processes run with InvariantGlobalization,
/// where named cultures cannot be created, and the number separators are all that matter here.</summary>
public sealed class CommaDecimalCulture : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture, _uiCulture = CultureInfo.CurrentUICulture;

    /// <summary>Installs the comma culture on the current thread.</summary>
    public CommaDecimalCulture()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        comma.NumberFormat.PercentDecimalSeparator = ",";
        CultureInfo.CurrentCulture = comma;
        CultureInfo.CurrentUICulture = comma;
    }

    /// <summary>A digit, a comma, a digit: how a comma culture writes a decimal fraction.</summary>
    public static bool HasDecimalComma(string text) => System.Text.RegularExpressions.Regex.IsMatch(text, @"\d,\d");

    /// <inheritdoc />
    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
