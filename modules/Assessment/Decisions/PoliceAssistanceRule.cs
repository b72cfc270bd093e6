using System.Globalization;
using SocialJour.Adapters.Contract;
using SocialJour.Core;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// Police assistance is lawful only for care under LVU (43 §) or LVM (45 §). The legal basis comes from the jour's own
/// emergency care decision in the case, or from the caller's recent journal look-up of the case's person. A placement under
/// SoL stops the decision with the reason (the 2017 deviation); so does an incomplete look-up that shows no such care.
/// </summary>
internal static class PoliceAssistanceRule
{
    /// <summary>The care the assistance needs, its paragraph, and the jour's own decision that gives that care.</summary>
    public static (LegalBasis Required, string Law, DecisionKind Emergency) Requirement(DecisionKind kind) => kind == DecisionKind.PoliceAssistanceLvu
        ? (LegalBasis.LVU, "43 § LVU", DecisionKind.LvuEmergencyCareOrder)
        : (LegalBasis.LVM, "45 § LVM", DecisionKind.LvmEmergencyCare);

    /// <summary>The legal basis shown by the jour's own emergency care decision.</summary>
    public static string FromOwnDecision(DecisionKind kind, DateTimeOffset decidedAt, string decidedBy, TimeZoneInfo zone) =>
        $"jourens eget beslut om {(Requirement(kind).Required == LegalBasis.LVU ? "omedelbart omhändertagande enligt 6 § LVU" : "omedelbart omhändertagande enligt 13 § LVM")} " +
        $"{SocialJour.Core.Calendar.JourClock.Format(decidedAt, zone)}, fattat av {decidedBy}";

    /// <summary>The legal basis shown by the look-up (null: none made or expired), or the refusal naming why.</summary>
    public static string FromLookUp(DecisionKind kind, JourCaseInfo jourCase, LookupResult? result)
    {
        var (required, law, _) = Requirement(kind);
        if (result is null)
        {
            throw new ValidationException("lookupId", $"Handräckning enligt {law}: gör först ett uppslag i kommunernas journaler för personen (det sparas 15 minuter), så att placeringens lagrum syns.");
        }

        if (jourCase.PersonId is null || result.PersonId != jourCase.PersonId)
        {
            throw new ValidationException("lookupId", "Uppslaget gäller inte ärendets person.");
        }

        var current = result.Placements.Where(p => p.Current).ToList();
        if (current.FirstOrDefault(p => p.LegalBasis == required) is { } lawful)
        {
            return $"{lawful.Type} enligt {required} i {lawful.MunicipalityName} sedan {lawful.From:yyyy-MM-dd} (uppslag {result.AccessLogSequence.ToString(CultureInfo.InvariantCulture)})";
        }

        if (current.FirstOrDefault(p => p.LegalBasis == LegalBasis.SoL) is { } voluntary)
        {
            throw new ValidationException("lookupId",
                $"STOPP: personen är placerad enligt SoL (frivilligt) – {voluntary.Type} i {voluntary.MunicipalityName} sedan {voluntary.From:yyyy-MM-dd}. " +
                $"Handräckning enligt {law} saknar laglig grund. Det krävs först ett beslut om vård enligt {required} (t.ex. omedelbart omhändertagande).");
        }

        if (!result.Complete)
        {
            throw new ValidationException("lookupId",
                $"STOPP: svaret från kommunerna är ofullständigt ({string.Join(", ", result.Missing.Select(m => m.MunicipalityName))} saknas); att vården sker enligt {required} kan inte bekräftas.");
        }

        throw new ValidationException("lookupId", $"STOPP: ingen pågående vård enligt {required} finns i kommunernas journaler eller i ärendet. Handräckning enligt {law} saknar laglig grund.");
    }
}
