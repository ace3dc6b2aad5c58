using System.Text.RegularExpressions;

namespace Sharpness.Runner.Notebooks;

/// <summary>
/// One <c>-p NAME=VALUE</c> override (papermill convention). The value is text until it meets the notebook's
/// declaration of NAME (<see cref="ParameterDeclaration.Literal"/>): the declared type decides how it is read, so
/// <c>-p label=true</c> is the string "true" for a string parameter and the boolean for a bool one.
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

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
