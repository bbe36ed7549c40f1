using System.Globalization;
using TicketLab.Lottery;

namespace TicketLab.Hparams;

/// <summary>One setting of a run: its kebab-case name (the CLI option without "--" and the study-file key), the words it accepts and
/// the <see cref="RunHparams"/> property it sets.</summary>
/// <param name="Name">kebab-case, e.g. "batch-size"; also accepted in any case and without dashes ("batchSize").</param>
/// <param name="Property">"Training.BatchSize"; null for a shortcut that sets several properties through <paramref name="Shortcut"/>.</param>
/// <param name="Description">one line for --help.</param>
/// <param name="Aliases">older or shorter names, e.g. "lr"; the property's own name ("hidden", old study files' key) is always accepted.</param>
/// <param name="Words">for enums: extra words and their values beside the kebab-case value names (e.g. "layer" for layer-matched).</param>
/// <param name="ShortcutType">a shortcut's value type.</param>
/// <param name="Shortcut">a shortcut's effect on the hparams.</param>
/// <param name="ShortcutValue">a shortcut's value read back from the hparams (for --help).</param>
public sealed record Setting(
    string Name,
    string? Property,
    string Description,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<(string Word, object Value)> Words,
    Type? ShortcutType = null,
    Func<RunHparams, object?, RunHparams>? Shortcut = null,
    Func<RunHparams, object?>? ShortcutValue = null)
{
    /// <summary>Whether a comma list of values is a sweep, one run per value (as a grid axis), rather than one value: the rewind point.</summary>
    public bool Sweeps { get; init; }

    /// <summary>data, model, training, pruning or run (the seed).</summary>
    public string Section => Property is { } p && p.Contains('.') ? p[..p.IndexOf('.')].ToLowerInvariant() : Property is null ? "pruning" : "run";

    /// <summary>The type a value is parsed into (nullable where null means "the model's default").</summary>
    public Type ValueType => ShortcutType ?? PropertyInfo(Property!).Type;

    /// <summary>Whether null is a value ("the model's default"): a nullable property, not a required name such as the dataset's.</summary>
    public bool AcceptsNull => Property is not null && (Nullable.GetUnderlyingType(ValueType) is not null
        || (!ValueType.IsValueType && new System.Reflection.NullabilityInfoContext().Create(PropertyInfo(Property).Info).WriteState == System.Reflection.NullabilityState.Nullable));

    private Type Core => Nullable.GetUnderlyingType(ValueType) ?? ValueType;

    /// <summary>Whether the value is on/off, so a CLI flag alone means true.</summary>
    public bool IsFlag => Core == typeof(bool);

    /// <summary>Whether <paramref name="key"/> (a CLI option or study key as written) names this setting.</summary>
    public bool Answers(string key) => Norm(key) is var k && (k == Norm(Name) || Aliases.Any(a => Norm(a) == k)
        || (Property is { } p && Norm(p[(p.LastIndexOf('.') + 1)..]) == k));

    /// <summary>The words an enum setting accepts, in kebab-case, each value's first.</summary>
    public IReadOnlyList<string> Choices() => Core.IsEnum
        ? [.. Enum.GetValues(Core).Cast<object>().Where(v => Core.IsDefined(typeof(FlagsAttribute), false) ? IsSingleFlag(v) : true).Select(v => Kebab(v.ToString()!)),
           .. Words.Select(w => w.Word)]
        : [.. Words.Select(w => w.Word)];

    /// <summary>Parses text as written on the command line or in a study file.</summary>
    /// <exception cref="FormatException">Text of the wrong form; the message says what is expected.</exception>
    public object? Parse(string text)
    {
        text = text.Trim();
        if (AcceptsNull && text is "" or "null" or "~" or "default") return null;
        foreach (var (word, value) in Words) if (Norm(word) == Norm(text)) return value;
        if (Core == typeof(string)) return text;
        if (Core == typeof(int))
            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : throw new FormatException($"'{text}' is not a whole number");
        if (Core == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : throw new FormatException($"'{text}' is not a number");
        if (Core == typeof(bool))
            return text.ToLowerInvariant() switch { "true" or "yes" or "on" => true, "false" or "no" or "off" => false, _ => throw new FormatException($"'{text}' is not true or false") };
        if (Core == typeof(RewindPoint)) return RewindPoint.Parse(text); // its FormatException says what is expected
        if (Core.IsEnum)
        {
            long bits = 0;
            foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var match = Enum.GetValues(Core).Cast<object>().FirstOrDefault(v => Norm(v.ToString()!) == Norm(part))
                    ?? Words.FirstOrDefault(w => Norm(w.Word) == Norm(part)).Value
                    ?? throw new FormatException($"'{part}' is not one of {string.Join(", ", Choices())}");
                bits |= Convert.ToInt64(match, CultureInfo.InvariantCulture);
            }
            return Enum.ToObject(Core, bits);
        }
        throw new FormatException($"settings of type {Core.Name} cannot be written as text");
    }

    /// <summary>The setting's value in <paramref name="h"/>.</summary>
    public object? ValueIn(RunHparams h) => ShortcutValue is { } read ? read(h) : Read(h, Property!);

    /// <summary>A copy of <paramref name="h"/> with this setting set to <paramref name="value"/> (already parsed).</summary>
    public RunHparams Assign(RunHparams h, object? value) => Shortcut is { } set ? set(h, value) : (RunHparams)Write(h, Property!, value);

    /// <summary>A value as a user would write it: kebab-case words, "0.001", "true"; null as "default".</summary>
    public string Format(object? value) => value switch
    {
        null => "default",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture).Replace("E-0", "e-").Replace("E+0", "e+").Replace("E", "e"),   // 2e-5, not 2E-05
        Enum e when Core.IsDefined(typeof(FlagsAttribute), false) => Convert.ToInt64(e, CultureInfo.InvariantCulture) == 0 ? "none"
            : string.Join(",", Enum.GetValues(Core).Cast<Enum>().Where(f => IsSingleFlag(f) && e.HasFlag(f)).Select(f => Kebab(f.ToString()))),
        Enum e => Kebab(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>"LayerMatched" → "layer-matched", "AdamW" → "adamw" (a lone trailing capital stays attached).</summary>
    public static string Kebab(string s)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            bool boundary = i > 0 && char.IsUpper(s[i]) && i + 1 < s.Length && char.IsLower(s[i + 1]);
            if (boundary) sb.Append('-');
            sb.Append(char.ToLowerInvariant(s[i]));
        }
        return sb.ToString();
    }

    /// <summary>Lower-case letters and digits only: "batch-size", "batchSize" and "--batch-size" are one key.</summary>
    public static string Norm(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static bool IsSingleFlag(object v) => Convert.ToInt64(v, CultureInfo.InvariantCulture) is var x && x != 0 && (x & (x - 1)) == 0;

    private static (Type Type, System.Reflection.PropertyInfo Info) PropertyInfo(string path)
    {
        Type type = typeof(RunHparams);
        System.Reflection.PropertyInfo info = null!;
        foreach (var part in path.Split('.'))
        {
            info = type.GetProperty(part) ?? throw new InvalidOperationException($"{type.Name} has no property {part}");
            type = info.PropertyType;
        }
        return (type, info);
    }

    private static object? Read(object record, string path)
    {
        foreach (var part in path.Split('.')) record = record.GetType().GetProperty(part)!.GetValue(record)!;
        return record;
    }

    /// <summary>Rebuilds the records along <paramref name="path"/> through their primary constructors (records have no settable properties).</summary>
    private static object Write(object record, string path, object? value)
    {
        int dot = path.IndexOf('.');
        var name = dot < 0 ? path : path[..dot];
        var type = record.GetType();
        var replacement = dot < 0 ? value : Write(type.GetProperty(name)!.GetValue(record)!, path[(dot + 1)..], value);
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return ctor.Invoke(ctor.GetParameters().Select(p => p.Name == name ? replacement : type.GetProperty(p.Name!)!.GetValue(record)).ToArray());
    }
}
