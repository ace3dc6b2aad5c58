using System.Text.RegularExpressions;

namespace Sharpness.Cli.Hosting;

/// <summary>System.CommandLine's parse errors in a user's words: it names CLR types ("as expected type
/// 'System.Nullable`1[System.Double]'"), which say nothing to someone typing a command.</summary>
public static partial class ParseErrors
{
    /// <summary>The message with every CLR type name replaced by what the option expects.</summary>
    public static string Readable(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ExpectedType().Replace(message, m => "as " + Describe(m.Groups[1].Value));
    }

    private static string Describe(string type)
    {
        var nullable = Nullable().Match(type);
        if (nullable.Success) type = nullable.Groups[1].Value;
        return type switch
        {
            "System.Boolean" => "true or false",
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Double" or "System.Single" => "a number",
            "System.String" => "text",
            _ => "a value of the expected kind",
        };
    }

    [GeneratedRegex(@"as expected type '([^']*)'")]
    private static partial Regex ExpectedType();

    [GeneratedRegex(@"^System\.Nullable`1\[(.*)\]$")]
    private static partial Regex Nullable();
}
