using System.Globalization;
using System.Reflection;
using TicketLab.Lottery;

namespace TicketLab.Hparams;

/// <summary>Builds a copy of an hparams record with some constructor parameters replaced by text values (from study files).</summary>
public static class HparamsBinder
{
    /// <summary>Applies <paramref name="values"/> (parameter name → text, case- and dash-insensitive) to <paramref name="record"/>.</summary>
    /// <exception cref="StudyException">An unknown name or a value of the wrong form, naming its place in the file.</exception>
    public static T Apply<T>(T record, IReadOnlyDictionary<string, (string Value, string Where)> values) where T : class
    {
        var ctor = typeof(T).GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var parameters = ctor.GetParameters();
        foreach (var key in values.Keys)
            if (!parameters.Any(p => Same(p.Name!, key)))
                throw new StudyException($"{values[key].Where}: unknown setting '{key}' for {Section(typeof(T))}; known: {string.Join(", ", parameters.Select(p => Camel(p.Name!)))}");
        var args = parameters.Select(p =>
        {
            var match = values.FirstOrDefault(v => Same(p.Name!, v.Key));
            var current = typeof(T).GetProperty(p.Name!)!.GetValue(record);
            return match.Key is null ? current : Convert(match.Value.Value, p.ParameterType, $"{match.Value.Where}: {Camel(p.Name!)}");
        }).ToArray();
        return (T)ctor.Invoke(args);
    }

    /// <summary>Parses one text value into a parameter type: numbers, booleans, enums and flag lists ("random-prune,fine-tune"), rewind points.</summary>
    public static object? Convert(string text, Type type, string where)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (Nullable.GetUnderlyingType(type) is not null && (text is "null" or "~" or "")) return null;
        try
        {
            if (target == typeof(string)) return text;
            if (target == typeof(int)) return int.Parse(text, CultureInfo.InvariantCulture);
            if (target == typeof(double)) return double.Parse(text, CultureInfo.InvariantCulture);
            if (target == typeof(bool)) return bool.Parse(text);
            if (target == typeof(RewindPoint)) return RewindPoint.Parse(text);
            if (target.IsEnum)
            {
                long bits = 0;
                foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var name = Enum.GetNames(target).FirstOrDefault(n => Same(n, part))
                        ?? throw new FormatException($"'{part}' is not one of {string.Join(", ", Enum.GetNames(target).Select(Camel))}");
                    bits |= System.Convert.ToInt64(Enum.Parse(target, name));
                }
                return Enum.ToObject(target, bits);
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new StudyException($"{where}: '{text}' is not a valid {target.Name} ({e.Message})");
        }
        throw new StudyException($"{where}: settings of type {target.Name} cannot be given in a study file");
    }

    private static bool Same(string a, string b) => Norm(a) == Norm(b);

    private static string Norm(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];

    private static string Section(Type t) => t.Name.Replace("Hparams", "").ToLowerInvariant();
}
