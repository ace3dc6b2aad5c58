using Sharpness.Checks;

namespace Sharpness.Views.Formatting;

/// <summary>HTML and text for a passed <see cref="CheckResult"/>: one line, a green mark, the claim and its numbers.</summary>
public static class CheckFormatter
{
    /// <summary>One line of HTML (inline CSS), with the class <c>sharpness-check</c> so pages can count checks.</summary>
    public static string Html(CheckResult check)
    {
        ArgumentNullException.ThrowIfNull(check);
        string mark = check.Passed ? "<span style=\"color:#1a7f37;font-weight:600;\">✓</span>" : "<span style=\"color:#cf222e;font-weight:600;\">✗</span>";
        return $"<div class=\"sharpness-check\" style=\"font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:13px;margin:1px 0;\">" +
               $"{mark} <b>{HtmlCard.Encode(check.Claim)}</b> <span style=\"color:#57606a;\">— {HtmlCard.Encode(check.Detail)}</span></div>";
    }

    /// <summary>The check's own one-line text.</summary>
    public static string Text(CheckResult check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.ToString();
    }
}
