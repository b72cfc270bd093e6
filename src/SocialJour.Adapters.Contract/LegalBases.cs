namespace SocialJour.Adapters.Contract;

/// <summary>Reads the legal basis from a provision as journal systems write it: "LVU 2 §", "4 kap. 1 § SoL", "LVM 13 §".</summary>
public static class LegalBases
{
    /// <summary>The first text that names an act decides; none → <see cref="LegalBasis.Unknown"/>, never a guess.</summary>
    public static LegalBasis FromProvision(params string?[] texts)
    {
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (text.Contains("LVU", StringComparison.Ordinal))
            {
                return LegalBasis.LVU;
            }

            if (text.Contains("LVM", StringComparison.Ordinal))
            {
                return LegalBasis.LVM;
            }

            if (text.Contains("LSS", StringComparison.Ordinal))
            {
                return LegalBasis.LSS;
            }

            if (text.Contains("SoL", StringComparison.Ordinal) || text.Contains("socialtjänstlag", StringComparison.OrdinalIgnoreCase))
            {
                return LegalBasis.SoL;
            }
        }

        return LegalBasis.Unknown;
    }
}
