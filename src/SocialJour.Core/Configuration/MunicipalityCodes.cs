using System.Reflection;

namespace SocialJour.Core.Configuration;

/// <summary>The 290 Swedish municipality codes (kommunkoder), embedded from shared/reference/municipalities (CC0).</summary>
public static class MunicipalityCodes
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> All = new(Load);

    /// <summary>Code to short name, e.g. "0191" → "Sigtuna".</summary>
    public static IReadOnlyDictionary<string, string> ShortNames => All.Value;

    private static IReadOnlyDictionary<string, string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("municipalities.csv")
            ?? throw new InvalidOperationException("municipalities.csv is not embedded");
        using var reader = new StreamReader(stream);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            if (parts.Length >= 3)
            {
                result[parts[0]] = parts[2];
            }
        }

        return result;
    }
}
