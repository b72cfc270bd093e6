using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Host.Api;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Host.Pages;

/// <summary>A period of the year on the page: its state, and its split (null when it cannot be computed: see <see cref="BillingPeriodState.Problem"/>).</summary>
internal sealed record BillingPeriodPanel(BillingPeriodState State, BillingSplit? Split, string? Error, bool Confirming);

/// <summary>
/// The unit manager's billing page (docs/billing.md): the year's budget and outcome (every version, with who, when and why),
/// entered by hand or imported from the ledger's account table; per period the split with every basis, its state, approval
/// (after a confirmation step), correction as a new version, earlier versions, and the invoice bases per payer as PDF and XLSX.
/// </summary>
internal sealed class BillingModel(IBillingModule billing, IMunicipalityRegistry registry, JourClock clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "ar")]
    public int? Year { get; set; }

    /// <summary>The period (URL name) whose earlier <see cref="Version"/> is shown.</summary>
    [BindProperty(SupportsGet = true, Name = "period")]
    public string? VersionPeriod { get; set; }

    [BindProperty(SupportsGet = true, Name = "version")]
    public int? Version { get; set; }

    /// <summary>The period (URL name) whose approval is being confirmed.</summary>
    [BindProperty(SupportsGet = true, Name = "bekrafta")]
    public string? Confirm { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public int ShownYear { get; private set; }

    public BillingYearView? View { get; private set; }

    public IReadOnlyList<BillingPeriodPanel> Panels { get; private set; } = [];

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    /// <summary>What the user typed, shown again after a refusal.</summary>
    public Dictionary<string, string?> Entered { get; } = new(StringComparer.Ordinal);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostCostAsync(string? kind, string? amount, string? reason, CancellationToken ct)
    {
        Remember(("cost-kind", kind), ("cost-amount", amount), ("cost-reason", reason));
        return ActAsync(async () =>
        {
            var entry = await billing.EnterCostAsync(YearOrThrow(), new CostEntryInput(ParseCostKind(kind), ParseAmount(amount), Blank(reason)), ApiUser.UserId(User), ct);
            return $"{CostName(entry.Kind)} {entry.Year} är angiven: {Kr(entry.Amount)} (version {entry.Version}).";
        }, ct);
    }

    public Task<IActionResult> OnPostLedgerAsync(string? kind, string? table, string? column, string? reason, CancellationToken ct)
    {
        Remember(("ledger-kind", kind), ("ledger-table", table), ("ledger-column", column), ("ledger-reason", reason));
        return ActAsync(async () =>
        {
            var entry = await billing.ImportLedgerAsync(YearOrThrow(), new LedgerImport(ParseCostKind(kind), table, Blank(column), Blank(reason)), ApiUser.UserId(User), ct);
            return $"{CostName(entry.Kind)} {entry.Year} är inläst från huvudboken: {Kr(entry.Amount)} ({entry.LedgerLines.Count} konton, version {entry.Version}).";
        }, ct);
    }

    public Task<IActionResult> OnPostApproveAsync(string? period, CancellationToken ct) => ActAsync(async () =>
    {
        var split = await billing.ApproveAsync(YearOrThrow(), ParsePeriod(period), ApiUser.UserId(User), ct);
        return $"{split.PeriodName} {split.Year} är godkänd och låst (version {split.Version}).";
    }, ct);

    public Task<IActionResult> OnPostCorrectAsync(string? period, string? reason, CancellationToken ct)
    {
        Remember(("correct-" + period, reason));
        return ActAsync(async () =>
        {
            var split = await billing.CorrectAsync(YearOrThrow(), ParsePeriod(period), Blank(reason), ApiUser.UserId(User), ct);
            return $"{split.PeriodName} {split.Year} är rättad: version {split.Version} är låst.";
        }, ct);
    }

    /// <summary>The period's name in URLs (the API's): budget, outcome, annual-fee, year-end.</summary>
    public static string Slug(BillingPeriodKind period) => period switch
    {
        BillingPeriodKind.Budget => "budget",
        BillingPeriodKind.Outcome => "outcome",
        BillingPeriodKind.AnnualFee => "annual-fee",
        _ => "year-end",
    };

    public static BillingPeriodKind ParsePeriod(string? slug)
    {
        foreach (var period in Enum.GetValues<BillingPeriodKind>())
        {
            if (Slug(period) == slug)
            {
                return period;
            }
        }

        throw new ValidationException("period", $"Perioden '{slug}' finns inte: välj en period på sidan.");
    }

    public static string CostName(CostKind kind) => kind == CostKind.Budget ? "Budget" : "Utfall";

    /// <summary>Kronor the Swedish way: "1 234 567,89 kr" (no-break spaces, so an amount never wraps).</summary>
    public static string Kr(decimal amount) => amount.ToString("#,##0.00", Numbers) + "\u00a0kr";

    public static string Whole(long value) => value.ToString("#,##0", Numbers);

    public static string Percent(decimal share) => (share * 100m).ToString("0.00", Numbers) + "\u00a0%";

    public static string Hours(long minutes) => (minutes / 60m).ToString("#,##0.0", Numbers);

    /// <summary>The link to a payer's invoice basis (the API's route; the committee only where the municipality pays through one).</summary>
    public string DocumentUrl(BillingSplit split, PayerSplit payer, string extension) =>
        $"/api/billing/{split.Year}/{Slug(split.Period)}/invoices/{Uri.EscapeDataString(payer.MunicipalityCode)}.{extension}"
        + (string.IsNullOrWhiteSpace(payer.Committee) ? "" : "?committee=" + Uri.EscapeDataString(payer.Committee));

    public string State(BillingSplit split) => split.Locked && split.Version is { } v
        ? $"Godkänd version {v}" + (split.ApprovedBy is { } by ? $" av {by}" : "") + (split.ApprovedAt is { } at ? $" den {Presentation.Local(at, Zone)}" : "")
        : "Utkast – ej godkänt";

    private static readonly NumberFormatInfo Numbers = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = "\u00a0",
        NumberGroupSizes = [3],
        NegativeSign = "-",
    };

    private static CostKind? ParseCostKind(string? kind) => kind switch
    {
        "Budget" => CostKind.Budget,
        "Outcome" => CostKind.Outcome,
        _ => null,
    };

    /// <summary>"9 723 000", "9723000,50" or "9 723 000 kr": the amount; anything else a refusal naming the field.</summary>
    private static decimal? ParseAmount(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cleaned = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '\u00a0' && c != '\u202f').ToArray());
        if (cleaned.EndsWith("kr", StringComparison.OrdinalIgnoreCase))
        {
            cleaned = cleaned[..^2];
        }

        cleaned = cleaned.Replace('\u2212', '-').Replace(',', '.');
        return decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new ValidationException("amount", $"Beloppet '{text}' är inget belopp: skriv kronor, t.ex. 9 723 000 eller 9723000,50.");
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private int YearOrThrow() => Year ?? throw new ValidationException("ar", "Välj ett år först.");

    private void Remember(params (string Key, string? Value)[] values)
    {
        foreach (var (key, value) in values)
        {
            Entered[key] = value;
        }
    }

    /// <summary>The refusal of <paramref name="field"/> in the form posted to <paramref name="handler"/>, shown beside the field.</summary>
    public string? FieldError(string handler, string field) => FieldErrors.For(this, handler, field);

    /// <summary>Whether the form that was posted is the one for <paramref name="key"/> (a row's id or a period), on a page with one such form per row.</summary>
    public bool Posted(string name, string key) => HttpMethods.IsPost(Request.Method)
        && (string.Equals(Request.Query[name], key, StringComparison.Ordinal) || (Request.HasFormContentType && string.Equals(Request.Form[name], key, StringComparison.Ordinal)));

    private async Task<IActionResult> ActAsync(Func<Task<string>> action, CancellationToken ct)
    {
        try
        {
            Message = await action();
            return RedirectToPage(new { ar = Year });
        }
        catch (ValidationException e)
        {
            Error = e.Message;
            FieldErrors.Record(this, e);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (Year is null && Request.Query.TryGetValue("ar", out var asked) && !string.IsNullOrWhiteSpace(asked))
        {
            Error ??= $"Året '{asked}' är inget år: skriv fyra siffror, t.ex. 2021. Visar {clock.Today.Year}.";
        }

        ShownYear = Year ?? clock.Today.Year;
        try
        {
            View = await billing.YearAsync(ShownYear, ct);
        }
        catch (ValidationException e)
        {
            Error ??= e.Message;
            View = null;
            Panels = [];
            return;
        }

        var panels = new List<BillingPeriodPanel>();
        foreach (var state in View.Periods)
        {
            var slug = Slug(state.Period);
            var version = VersionPeriod == slug ? Version : null;
            try
            {
                var split = state.Problem is null || version is not null ? await billing.SplitAsync(ShownYear, state.Period, version, ct) : null;
                panels.Add(new BillingPeriodPanel(state, split, state.Problem, Confirm == slug && !state.Locked && split is not null));
            }
            catch (ValidationException e)
            {
                panels.Add(new BillingPeriodPanel(state, null, e.Message, false));
            }
        }

        Panels = panels;
    }
}
