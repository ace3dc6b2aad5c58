using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sharpness.Runner.Notebooks;

/// <summary>The C# types a <c>-p</c> value can be converted to.</summary>
public enum ParameterKind
{
    /// <summary>int (System.Int32).</summary>
    Int,
    /// <summary>long (System.Int64).</summary>
    Long,
    /// <summary>double.</summary>
    Double,
    /// <summary>float.</summary>
    Float,
    /// <summary>decimal.</summary>
    Decimal,
    /// <summary>bool.</summary>
    Bool,
    /// <summary>string.</summary>
    String,
    /// <summary>Any other type: -p cannot set it.</summary>
    Unsupported,
}

/// <summary>
/// One variable declared in a notebook's parameters cell (<c>int seed = 7;</c>, <c>double eta = 0.1, rate = 1e-3;</c>,
/// <c>var label = "x";</c>, <c>int[] widths = { 4, 5 };</c>), with the type an override must have.
/// </summary>
public sealed partial record ParameterDeclaration(string Name, string TypeName, ParameterKind Kind, bool IsArray)
{
    private static readonly string[] NotTypes =
    {
        "return", "using", "await", "throw", "new", "if", "else", "case", "goto", "yield", "record", "class", "struct",
        "interface", "enum", "namespace", "for", "foreach", "while", "do", "switch", "lock", "void", "static", "public",
    };

    /// <summary>The declarations of <paramref name="source"/> (statements that are not declarations are skipped).</summary>
    public static IReadOnlyList<ParameterDeclaration> Parse(string source)
    {
        var found = new List<ParameterDeclaration>();
        foreach (var statement in Statements(StripComments(source)))
        {
            var text = statement.Trim();
            if (text.StartsWith("const ", StringComparison.Ordinal)) text = text[6..].TrimStart();
            var m = Declaration().Match(text);
            if (!m.Success || NotTypes.Contains(m.Groups["type"].Value)) continue;
            var type = m.Groups["type"].Value;
            var declarators = SplitTopLevel(m.Groups["rest"].Value, ',');
            var parsed = new List<(string Name, string? Init)>();
            foreach (var d in declarators)
            {
                var dm = Declarator().Match(d);
                if (!dm.Success) { parsed.Clear(); break; }
                parsed.Add((dm.Groups["name"].Value, dm.Groups["init"].Success ? dm.Groups["init"].Value.Trim() : null));
            }
            foreach (var (name, init) in parsed)
            {
                var (kind, isArray, shownType) = type == "var" ? Infer(init) : FromTypeName(type);
                found.Add(new ParameterDeclaration(name, shownType, kind, isArray));
            }
        }
        return found;
    }

    /// <summary>
    /// The C# expression for <paramref name="value"/> as this parameter's type; a <see cref="RunnerUserException"/>
    /// naming the notebook, the parameter and its type when the value does not fit it.
    /// </summary>
    public string Literal(string value, string notebookName)
    {
        if (Kind == ParameterKind.Unsupported)
            throw new RunnerUserException(
                $"{notebookName}: parameter '{Name}' has type {TypeName}, which -p cannot set (only int, long, double, float, decimal, bool, string and arrays of them).");
        if (!IsArray) return Scalar(Kind == ParameterKind.String ? value : value.Trim(), notebookName);
        var body = value.Trim();
        if ((body.StartsWith('{') && body.EndsWith('}')) || (body.StartsWith('[') && body.EndsWith(']'))) body = body[1..^1];
        var elements = body.Trim().Length == 0
            ? Array.Empty<string>()
            : body.Split(',').Select(e => Scalar(Kind == ParameterKind.String ? e : e.Trim(), notebookName)).ToArray();
        return $"new {ElementTypeName}[] {{ {string.Join(", ", elements)} }}";
    }

    private string ElementTypeName => Kind switch
    {
        ParameterKind.Int => "int", ParameterKind.Long => "long", ParameterKind.Double => "double",
        ParameterKind.Float => "float", ParameterKind.Decimal => "decimal", ParameterKind.Bool => "bool",
        _ => "string",
    };

    private string Described => (IsArray ? ElementTypeName + "[]" : ElementTypeName) is var t && "aeiou".Contains(t[0]) ? "an " + t : "a " + t;

    private string Scalar(string v, string notebookName)
    {
        string Fail(string why) => throw new RunnerUserException($"{notebookName}: parameter '{Name}' is {Described}: '{v}' {why}.");
        switch (Kind)
        {
            case ParameterKind.String:
                return Quote(v);
            case ParameterKind.Bool:
                if (v.Equals("true", StringComparison.OrdinalIgnoreCase)) return "true";
                if (v.Equals("false", StringComparison.OrdinalIgnoreCase)) return "false";
                return Fail("is not true or false");
            case ParameterKind.Int:
                if (!IntegerText().IsMatch(v)) return Fail("is not an integer");
                return int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)
                    ? i.ToString(CultureInfo.InvariantCulture) : Fail("is outside its range");
            case ParameterKind.Long:
                if (!IntegerText().IsMatch(v)) return Fail("is not an integer");
                return long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                    ? l.ToString(CultureInfo.InvariantCulture) + "L" : Fail("is outside its range");
            case ParameterKind.Decimal:
                if (!RealText().IsMatch(v)) return Fail("is not a number");
                return decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var m)
                    ? m.ToString(CultureInfo.InvariantCulture) + "m" : Fail("is outside its range");
            default:
                var isFloat = Kind == ParameterKind.Float;
                var special = v.ToLowerInvariant() switch
                {
                    "nan" => "NaN",
                    "inf" or "+inf" or "infinity" or "+infinity" => "PositiveInfinity",
                    "-inf" or "-infinity" => "NegativeInfinity",
                    _ => null,
                };
                if (special is not null) return (isFloat ? "float." : "double.") + special;
                // Invariant culture, no thousands separators: "10." is ten, "1,5" is not a number.
                if (!RealText().IsMatch(v)) return Fail("is not a number");
                var x = double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (isFloat)
                {
                    var f = (float)x;
                    return float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) + "f" : Fail("is outside its range");
                }
                return double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) + "d" : Fail("is outside its range");
        }
    }

    private static (ParameterKind, bool, string) FromTypeName(string type)
    {
        var isArray = type.EndsWith("[]", StringComparison.Ordinal);
        var element = (isArray ? type[..^2] : type).TrimEnd('?');
        if (element.StartsWith("System.", StringComparison.Ordinal)) element = element[7..];
        var kind = element switch
        {
            "int" or "Int32" => ParameterKind.Int,
            "long" or "Int64" => ParameterKind.Long,
            "double" or "Double" => ParameterKind.Double,
            "float" or "Single" => ParameterKind.Float,
            "decimal" or "Decimal" => ParameterKind.Decimal,
            "bool" or "Boolean" => ParameterKind.Bool,
            "string" or "String" => ParameterKind.String,
            _ => ParameterKind.Unsupported,
        };
        return (kind, isArray, type);
    }

    // `var x = <literal>`: the literal's type, as C# infers it.
    private static (ParameterKind, bool, string) Infer(string? init)
    {
        var t = init?.Trim() ?? "";
        if (t.Length >= 2 && t.EndsWith('"') && (t.StartsWith('"') || t.StartsWith("@\"") || t.StartsWith("$\"") || t.StartsWith("$@\"") || t.StartsWith("@$\"")))
            return (ParameterKind.String, false, "string");
        if (t is "true" or "false") return (ParameterKind.Bool, false, "bool");
        var n = t.Replace("_", "");
        if (Regex.IsMatch(n, @"^[-+]?\d+$"))
            return int.TryParse(n, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                ? (ParameterKind.Int, false, "int") : (ParameterKind.Long, false, "long");
        if (Regex.IsMatch(n, @"^[-+]?\d+[lL]$")) return (ParameterKind.Long, false, "long");
        if (Regex.IsMatch(n, @"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[fF]$")) return (ParameterKind.Float, false, "float");
        if (Regex.IsMatch(n, @"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[mM]$")) return (ParameterKind.Decimal, false, "decimal");
        if (Regex.IsMatch(n, @"^[-+]?(\d+\.\d*|\.\d+|\d+[eE][-+]?\d+|(\d+\.?\d*|\.\d+)[eE][-+]?\d+)[dD]?$|^[-+]?\d+[dD]$"))
            return (ParameterKind.Double, false, "double");
        return (ParameterKind.Unsupported, false, $"var (initialized with `{FirstLine(t)}`)");
    }

    private static string FirstLine(string s) { var line = s.Split('\n')[0].Trim(); return line.Length <= 40 ? line : line[..37] + "..."; }

    /// <summary>Removes // and /* */ comments outside string and character literals.</summary>
    private static string StripComments(string source)
    {
        var sb = new StringBuilder(source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                while (i < source.Length && source[i] != '\n') i++;
                sb.Append('\n');
                continue;
            }
            if (c == '/' && i + 1 < source.Length && source[i + 1] == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? source.Length : end + 1;
                sb.Append(' ');
                continue;
            }
            if (c is '"' or '\'')
            {
                var verbatim = c == '"' && i > 0 && (source[i - 1] == '@' || (source[i - 1] == '$' && i > 1 && source[i - 2] == '@'));
                var start = i++;
                while (i < source.Length)
                {
                    if (verbatim && source[i] == '"' && i + 1 < source.Length && source[i + 1] == '"') { i += 2; continue; }
                    if (!verbatim && source[i] == '\\') { i += 2; continue; }
                    if (source[i] == c) break;
                    i++;
                }
                sb.Append(source, start, Math.Min(i, source.Length - 1) - start + 1);
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static IEnumerable<string> Statements(string code) => SplitTopLevel(code, ';');

    /// <summary>Splits at <paramref name="separator"/> outside brackets and literals.</summary>
    private static List<string> SplitTopLevel(string code, char separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c is '"' or '\'')
            {
                var verbatim = c == '"' && i > 0 && code[i - 1] == '@';
                i++;
                while (i < code.Length)
                {
                    if (verbatim && code[i] == '"' && i + 1 < code.Length && code[i + 1] == '"') { i += 2; continue; }
                    if (!verbatim && code[i] == '\\') { i += 2; continue; }
                    if (code[i] == c) break;
                    i++;
                }
                continue;
            }
            if (c is '(' or '{' or '[' or '<') depth++;
            else if (c is ')' or '}' or ']' or '>') depth = Math.Max(0, depth - 1);
            else if (c == separator && depth == 0)
            {
                parts.Add(code[start..i]);
                start = i + 1;
            }
        }
        if (start < code.Length && code[start..].Trim().Length > 0) parts.Add(code[start..]);
        return parts;
    }

    private static string Quote(string value)
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

    [GeneratedRegex(@"^(?<type>(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:<[^;=]*>)?\??(?:\[\])?)\s+(?<rest>[A-Za-z_]\w*\s*(?:=[\s\S]*|,[\s\S]*)?)$")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z_]\w*)\s*(?:=(?<init>[\s\S]*))?$")]
    private static partial Regex Declarator();

    [GeneratedRegex(@"^[-+]?\d+$")]
    private static partial Regex IntegerText();

    // Plain decimal or scientific numbers only ("10.", ".5", "-1.5e-3"): "0x10", "1_000", "1,5" are not numbers.
    [GeneratedRegex(@"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")]
    private static partial Regex RealText();
}
