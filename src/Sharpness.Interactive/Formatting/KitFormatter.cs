using Microsoft.DotNet.Interactive.Formatting;

namespace Sharpness.Interactive.Formatting;

/// <summary>
/// A formatter registered by the kit for one type and MIME type. Being a distinct class lets <c>Kit.Load</c> see
/// whether its formatters are the ones currently in force (a host may reset formatters), and it guarantees a
/// formatter never throws into the notebook: a failure is rendered as a short message instead.
/// </summary>
internal sealed class KitFormatter<T>(string mimeType, Func<T, string> render) : ITypeFormatter
{
    public string MimeType { get; } = mimeType;

    public Type Type => typeof(T);

    public bool Format(object instance, FormatContext context)
    {
        if (instance is not T value) return false;
        string text;
        try
        {
            text = render(value);
        }
        catch (Exception e)
        {
            // Why: an exception inside a formatter hides the value and the cause; show both instead.
            text = MimeType == HtmlFormatter.MimeType
                ? $"<div class=\"sharpness-error\" style=\"color:#b00020;font-family:monospace\">{System.Net.WebUtility.HtmlEncode($"{typeof(T).Name} could not be formatted: {e.GetType().Name}: {e.Message}")}</div>"
                : $"{typeof(T).Name} could not be formatted: {e.GetType().Name}: {e.Message}";
        }
        context.Writer.Write(text);
        return true;
    }
}
