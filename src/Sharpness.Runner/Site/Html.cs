using System.Net;

namespace Sharpness.Runner.Site;

/// <summary>Small HTML helpers.</summary>
internal static class Html
{
    /// <summary>HTML-escapes text.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Seconds with one decimal, invariant culture.</summary>
    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
