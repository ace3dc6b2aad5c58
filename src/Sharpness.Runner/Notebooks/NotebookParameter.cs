using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sharpness.Runner.Notebooks;

/// <summary>
/// One <c>-p NAME=VALUE</c> override (papermill convention). Numbers and <c>true</c>/<c>false</c> are passed to C#
/// verbatim; every other value becomes a C# string literal.
/// </summary>
public sealed partial record NotebookParameter(string Name, string Value)
{
    /// <summary>Parses <c>NAME=VALUE</c>; the value may be empty or contain further '=' signs.</summary>
    public static NotebookParameter Parse(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0)
            throw new RunnerUserException($"Parameter '{text}' must look like NAME=VALUE (for example -p steps=200).");
        var name = text[..eq].Trim();
        if (!Identifier().IsMatch(name))
            throw new RunnerUserException($"Parameter name '{name}' is not a C# identifier.");
        return new NotebookParameter(name, text[(eq + 1)..]);
    }

    /// <summary>The C# literal assigned to the variable.</summary>
    public string CSharpLiteral
    {
        get
        {
            if (Value is "true" or "false") return Value;
            if (Number().IsMatch(Value)
                && double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                && double.IsFinite(x))
                return Value;
            return QuoteString(Value);
        }
    }

    /// <summary>The assignment statement injected after the parameters cell.</summary>
    public string Assignment => $"{Name} = {CSharpLiteral};";

    private static string QuoteString(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    // Plain decimal or scientific numbers only: "0x10", "1_000" or "NaN" stay strings.
    [GeneratedRegex(@"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")]
    private static partial Regex Number();
}
