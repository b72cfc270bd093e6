namespace SocialJour.Cli;

/// <summary>
/// Every command of <c>socialjour</c>, in the order the help lists them. Adding a command is one entry here: a
/// <see cref="CliCommand"/> with its name, Swedish description, flags and the method that runs it (ADR 0030).
/// </summary>
internal static class CliCommands
{
    public static readonly IReadOnlyList<CliCommand> All =
    [
        new("validate", "Kontrollera konfigurationen (alla fel med kommun och fält)", BasicCommands.ValidateAsync),
        new("members", "Lista medlemskommuner på ett datum (standard: i dag, jourens datum)", BasicCommands.MembersAsync)
        {
            Flags = [new("--date", "ÅÅÅÅ-MM-DD", "Datumet (standard: i dag)")],
        },
        new("check", "Kontrollera en kommuns journalsystem nu (inloggning + testperson); kräver jourens databas", BasicCommands.CheckAsync)
        {
            Arguments = [new("kommunkod", "Kommunens fyrsiffriga kod, t.ex. 0191")],
        },
        new("plugins", "Lista adaptrar som hittats och om de kunde laddas", BasicCommands.PluginsAsync),
        new("calendar", "Helgdagar, aftnar, klämdagar och jourens öppettider ett år (1953–2200)", BasicCommands.CalendarAsync)
        {
            Arguments = [new("år", "Året, t.ex. 2026")],
        },
        new("audit-verify", "Kontrollera händelseloggen och åtkomstloggen mot alla signerade trädhuvuden, eller ett bevis utan databas", r => AuditVerify.RunAsync(r))
        {
            Flags =
            [
                new("--head", "fil|mapp", "Trädhuvuden utanför databasen (t.ex. en kommuns kopia): en fil, en historikfil (.jsonl) eller en mapp"),
                new("--key", "fil", $"Den publika nyckeln (PEM) som verifierar huvudena (standard: {AuditVerify.DefaultKey} om den finns)"),
                new("--published", "mapp", "Publiceringsmappen (standard: SocialJour__Transparency__PublicationDirectory, annars published i datamappen)"),
                new("--entry", "fil", "Kontrollera ett inklusionsbevis för en post i ett utdrag (utan databas; med --key, ev. --head)"),
                new("--from-head", "fil", "Kontrollera att trädhuvudet i --head bygger vidare på detta äldre (utan databas; med --proof och --key)"),
                new("--proof", "fil", "Konsistensbeviset till --from-head"),
                new("--years", "år", "Gallringstiden i kraft (standard: SocialJour__AccessLog__RetentionYears); gallrade poster håller bara mot den"),
                new("--archive", "mapp", "Gallringsarkivens mapp (standard: SocialJour__AccessLog__ArchiveDirectory); varje gallring styrks av sitt arkiv"),
            ],
            Details = "Slutkod 0: loggarna (beviset) håller; 1: första brottet namnges; 2: fel användning, eller ingen SocialJour-databas.",
        },
        new("migrate", "Kör alla väntande databasmigreringar, modul för modul (som databasens ägare)", Migrate.RunAsync),
        new("billing", "Kostnadsfördelningen för en period: den godkända versionen, annars ett utkast beräknat nu", r => Billing.RunAsync(r.Core, r.Options, r.Out, r.Error))
        {
            Flags =
            [
                new("--year", "år", "Året, t.ex. 2021"),
                new("--period", "period", "budget, outcome (utfall), annual-fee (årsavgift) eller year-end (bokslut)"),
                new("--format", "table|csv", "Tabell (standard) eller CSV (semikolon, decimalkomma)"),
            ],
        },
        new("statistics", "Statistiken för en period: nyckeltalen som tabell, eller hela rapporten som fil (i filer döljs alltid små tal)", r => Statistics.RunAsync(r.Core, r.Options, r.Out, r.Error))
        {
            Flags =
            [
                new("--from", "ÅÅÅÅ-MM-DD", "Periodens första dag"),
                new("--to", "ÅÅÅÅ-MM-DD", "Periodens sista dag"),
                new("--compare", "0-4", "Antal jämförelseår (standard 2)"),
                new("--municipality", "kod", "En kommuns statistik i stället för hela jourens"),
                new("--format", "table|csv|xlsx|pdf", "Tabell (standard) eller en fil (kräver --out)"),
                new("--out", "fil", "Filen som skrivs med --format csv, xlsx eller pdf"),
            ],
        },
        new("backup", "Säkerhetskopiera alla moduldatabaser med kontrollsummor (SQLite: VACUUM INTO medan värden kör; PostgreSQL: pg_dump)", r => Backup.BackupAsync(r.Core, r.Options, r.Out, r.Error))
        {
            Flags = [new("--out", "mapp", "En ny, tom mapp för säkerhetskopian")],
        },
        new("restore", "Återställ en säkerhetskopia (stoppa värdarna först) och verifiera loggarna mot alla publicerade trädhuvuden", r => Backup.RestoreAsync(r.Core, r.Options, r.Out, r.Error))
        {
            Flags =
            [
                new("--from", "mapp", "Säkerhetskopians mapp (med manifest.json)"),
                new("--key", "fil", "Den publika nyckeln (PEM) som verifierar trädhuvudena"),
                new("--published", "mapp", "Publiceringsmappen (standard: published i datamappen)"),
            ],
            Details = "Slutkod 0: återställd och loggarna håller; 1: loggen är kortare än ett publicerat trädhuvud (posterna namnges); 2: fel användning.",
        },
        new("access-log-retention", "Vad gallringsregeln tar bort nu, eller arkivera och gallra (som databasens ägare); eller kontrollera ett gallringsarkiv", r => Retention.RunAsync(r.Core, r.Options, r.Out, r.Error))
        {
            Flags =
            [
                new("--years", "n", "Gallringstiden i hela år, 1–100 (standard: SocialJour__AccessLog__RetentionYears; aldrig kortare än den)"),
                new("--archive", "mapp", "Mappen arkivet skrivs till, krävs med --apply (standard: SocialJour__AccessLog__ArchiveDirectory)"),
                new("--apply", "yes", "Arkivera och gallra på riktigt (annars visas bara vad som skulle gallras)"),
                new("--verify-archive", "fil", "Kontrollera ett gallringsarkiv mot sitt signerade trädhuvud (utan databas)"),
                new("--key", "fil", "Med --apply: signeringsnyckeln (standard: SocialJour__Transparency__SigningKey); med --verify-archive: den publika nyckeln"),
                new("--published", "mapp", "Publiceringsmappen (standard: published i datamappen)"),
            ],
        },
    ];
}
