using System.Globalization;
using System.Text;

namespace Sharpness.IO;

/// <summary>
/// The header dictionary of a .npy file (NumPy format spec v1.0–3.0): the Python literal
/// <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (3, 4), }</c>, parsed strictly.
/// </summary>
/// <remarks>
/// Only the literal subset NumPy writes is accepted: a dict with exactly the keys 'descr', 'fortran_order' and
/// 'shape'; strings, True/False/None, integers (an old Python-2 'L' suffix is tolerated), tuples and lists (for
/// structured dtypes, which are then rejected as unsupported). Nesting is capped so that hostile input cannot exhaust
/// the stack. Every failure is a <see cref="WeightFileException"/>.
/// </remarks>
public sealed record NpyHeader(string Descr, bool FortranOrder, IReadOnlyList<long> Shape)
{
    private const int MaxNesting = 8;

    /// <summary>Parses the header text (without magic, version and length prefix).</summary>
    /// <exception cref="WeightFileException">The text is not a valid header dictionary (kind MalformedNpy), or the
    /// dtype is structured (kind UnsupportedDtype).</exception>
    public static NpyHeader Parse(string text, string path)
    {
        var parser = new LiteralParser(text, path);
        var value = parser.ParseTop();
        if (value is not Dictionary<string, object?> dict)
            throw Malformed(path, "the header is not a Python dict literal");

        string[] required = ["descr", "fortran_order", "shape"];
        foreach (var key in dict.Keys)
            if (Array.IndexOf(required, key) < 0)
                throw Malformed(path, $"unexpected header key '{key}' (a .npy header has exactly 'descr', 'fortran_order', 'shape')");
        foreach (var key in required)
            if (!dict.ContainsKey(key))
                throw Malformed(path, $"the header has no '{key}' key");

        string descr = dict["descr"] switch
        {
            string s => s,
            List<object?> => throw new WeightFileException(WeightFileErrorKind.UnsupportedDtype, path,
                $"structured dtype (a record array) is not supported: accepted are {NpyElement.Accepted}; save a plain matrix, np.save(path, a.astype(np.float64))"),
            var other => throw Malformed(path, $"'descr' must be a string, found {Describe(other)}"),
        };
        bool fortran = dict["fortran_order"] is bool b
            ? b
            : throw Malformed(path, $"'fortran_order' must be True or False, found {Describe(dict["fortran_order"])}");
        if (dict["shape"] is not List<object?> shapeItems || !parser.IsTuple(shapeItems))
            throw Malformed(path, $"'shape' must be a tuple, found {Describe(dict["shape"])}");
        var shape = new long[shapeItems.Count];
        for (int i = 0; i < shape.Length; i++)
            shape[i] = shapeItems[i] is long d && d >= 0
                ? d
                : throw Malformed(path, $"'shape' entry {i} must be a non-negative integer, found {Describe(shapeItems[i])}");
        return new NpyHeader(descr, fortran, shape);
    }

    /// <summary>The header dict as NumPy writes it (without padding and newline).</summary>
    public string ToLiteral()
    {
        string shape = Shape.Count switch
        {
            0 => "()",
            1 => $"({Shape[0].ToString(CultureInfo.InvariantCulture)},)",
            _ => "(" + string.Join(", ", Shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        return $"{{'descr': '{Descr}', 'fortran_order': {(FortranOrder ? "True" : "False")}, 'shape': {shape}, }}";
    }

    internal static WeightFileException Malformed(string path, string detail) =>
        new(WeightFileErrorKind.MalformedNpy, path, $"malformed .npy header: {detail}");

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"'{Shorten(s)}'",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        List<object?> => "a tuple or list",
        Dictionary<string, object?> => "a dict",
        _ => value.GetType().Name,
    };

    internal static string Shorten(string s)
    {
        var clean = new StringBuilder();
        foreach (char ch in s.Length > 40 ? s[..40] : s)
            clean.Append(char.IsControl(ch) ? '?' : ch);
        if (s.Length > 40) clean.Append('…');
        return clean.ToString();
    }

    /// <summary>A recursive-descent parser for the Python literal subset used by .npy headers.</summary>
    private sealed class LiteralParser(string text, string path)
    {
        private readonly HashSet<List<object?>> _tuples = new(ReferenceEqualityComparer.Instance);
        private int _pos;

        public bool IsTuple(List<object?> list) => _tuples.Contains(list);

        public object? ParseTop()
        {
            var value = ParseValue(0);
            SkipSpace();
            if (_pos != text.Length)
                throw Malformed(path, $"unexpected text after the dict at character {_pos}");
            return value;
        }

        private object? ParseValue(int depth)
        {
            if (depth > MaxNesting) throw Malformed(path, "the header nests too deeply");
            SkipSpace();
            if (_pos >= text.Length) throw Malformed(path, "the header ends unexpectedly");
            char c = text[_pos];
            return c switch
            {
                '{' => ParseDict(depth),
                '(' => ParseSequence(depth, ')', tuple: true),
                '[' => ParseSequence(depth, ']', tuple: false),
                '\'' or '"' => ParseString(),
                _ when c == '-' || char.IsAsciiDigit(c) => ParseInteger(),
                _ when char.IsAsciiLetter(c) => ParseName(),
                _ => throw Malformed(path, $"unexpected character '{Shorten(c.ToString())}' at {_pos}"),
            };
        }

        private Dictionary<string, object?> ParseDict(int depth)
        {
            _pos++; // '{'
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpace();
                if (Peek() == '}') { _pos++; return dict; }
                if (Peek() is not ('\'' or '"')) throw Malformed(path, $"expected a quoted key at character {_pos}");
                string key = ParseString();
                SkipSpace();
                Expect(':');
                var value = ParseValue(depth + 1);
                if (!dict.TryAdd(key, value)) throw Malformed(path, $"duplicate key '{Shorten(key)}'");
                SkipSpace();
                if (Peek() == ',') { _pos++; continue; }
                if (Peek() == '}') { _pos++; return dict; }
                throw Malformed(path, $"expected ',' or '}}' at character {_pos}");
            }
        }

        private List<object?> ParseSequence(int depth, char close, bool tuple)
        {
            _pos++; // '(' or '['
            var items = new List<object?>();
            if (tuple) _tuples.Add(items);
            bool sawComma = false;
            while (true)
            {
                SkipSpace();
                if (Peek() == close) { _pos++; break; }
                items.Add(ParseValue(depth + 1));
                SkipSpace();
                if (Peek() == ',') { _pos++; sawComma = true; continue; }
                if (Peek() == close) { _pos++; sawComma = false; break; }
                throw Malformed(path, $"expected ',' or '{close}' at character {_pos}");
            }
            // Python: "(3)" is the integer 3, not a tuple; only "(3,)" is a 1-tuple.
            if (tuple && items.Count == 1 && !sawComma)
            {
                _tuples.Remove(items);
                return items[0] is List<object?> inner ? inner : throw Malformed(path, "a parenthesized value is not a tuple (a 1-tuple needs a trailing comma)");
            }
            return items;
        }

        private string ParseString()
        {
            char quote = text[_pos++];
            var sb = new StringBuilder();
            while (_pos < text.Length && text[_pos] != quote)
            {
                if (text[_pos] == '\\') throw Malformed(path, "escape sequences are not allowed in header strings");
                sb.Append(text[_pos++]);
            }
            if (_pos >= text.Length) throw Malformed(path, "a string in the header is not closed");
            _pos++;
            return sb.ToString();
        }

        private long ParseInteger()
        {
            int start = _pos;
            if (text[_pos] == '-') _pos++;
            int digitsStart = _pos;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
            if (_pos == digitsStart) throw Malformed(path, $"a '-' without digits at character {start}");
            string digits = text[start.._pos];
            if (_pos < text.Length && text[_pos] is 'L' or 'l') _pos++; // Python 2 long literal
            if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                throw Malformed(path, $"the integer {Shorten(digits)} is too large");
            return value;
        }

        private object? ParseName()
        {
            int start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_')) _pos++;
            string name = text[start.._pos];
            return name switch
            {
                "True" => true,
                "False" => false,
                "None" => null,
                _ => throw Malformed(path, $"unknown name '{Shorten(name)}' at character {start}"),
            };
        }

        private void Expect(char c)
        {
            if (Peek() != c) throw Malformed(path, $"expected '{c}' at character {_pos}");
            _pos++;
        }

        private char? Peek() => _pos < text.Length ? text[_pos] : null;

        private void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\n' or '\r') _pos++;
        }
    }
}
