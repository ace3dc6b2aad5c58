using System.Reflection;
using System.Reflection.Emit;

namespace Sharpness.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly use which, read from the compiled code: base types, interfaces, fields, property,
/// method and parameter types (with generic arguments and array elements), and every type, method and field token in
/// the method bodies. Compiler-generated nested types (lambdas, iterators) count for their outer type's namespace.
/// </summary>
internal static class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The edges (from, to, evidence) between namespaces of <paramref name="assembly"/>.</summary>
    public static IEnumerable<(string From, string To, string Evidence)> Edges(Assembly assembly)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var type in assembly.GetTypes())
        {
            string from = type.Namespace ?? "";
            foreach (var (used, where) in UsedTypes(type))
            {
                if (used.Assembly != assembly || used.Namespace is not { } to || to == from) continue;
                if (seen.Add((from, to))) yield return (from, to, $"{type.FullName} uses {used.FullName} ({where})");
            }
        }
    }

    private static IEnumerable<(Type, string)> UsedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } b) foreach (var t in Expand(b)) yield return (t, "base type");
        foreach (var i in type.GetInterfaces()) foreach (var t in Expand(i)) yield return (t, "interface");
        foreach (var f in type.GetFields(all)) foreach (var t in Expand(f.FieldType)) yield return (t, $"field {f.Name}");
        foreach (var p in type.GetProperties(all)) foreach (var t in Expand(p.PropertyType)) yield return (t, $"property {p.Name}");
        foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (m is MethodInfo mi) foreach (var t in Expand(mi.ReturnType)) yield return (t, $"{m.Name} return type");
            foreach (var p in m.GetParameters()) foreach (var t in Expand(p.ParameterType)) yield return (t, $"{m.Name} parameter");
            foreach (var t in BodyTypes(m)) yield return (t, $"body of {m.Name}");
        }
    }

    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (InvalidOperationException) { yield break; }
        if (il is null) yield break;
        var module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int pos = 0;
        while (pos < il.Length)
        {
            short value = il[pos] == 0xFE ? (short)(0xFE00 | il[pos + 1]) : il[pos];
            pos += il[pos] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            int size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, pos),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                int token = BitConverter.ToInt32(il, pos);
                MemberInfo? member = null;
                try { member = module.ResolveMember(token, typeArgs, methodArgs); }
                catch (ArgumentException) { }
                if (member is Type t) foreach (var x in Expand(t)) yield return x;
                else if (member?.DeclaringType is { } owner) foreach (var x in Expand(owner)) yield return x;
                if (member is MethodInfo { IsGenericMethod: true } gm)
                    foreach (var a in gm.GetGenericArguments()) foreach (var x in Expand(a)) yield return x;
            }
            pos += size;
        }
    }

    private static IEnumerable<Type> Expand(Type t)
    {
        if (t.HasElementType) { foreach (var x in Expand(t.GetElementType()!)) yield return x; yield break; }
        if (t.IsGenericParameter) yield break;
        yield return t.IsGenericType ? t.GetGenericTypeDefinition() : t;
        if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) foreach (var x in Expand(a)) yield return x;
    }
}
