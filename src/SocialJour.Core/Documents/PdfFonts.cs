using PdfSharp.Fonts;

namespace SocialJour.Core.Documents;

/// <summary>
/// PDFsharp 6 finds no fonts by itself on Linux: this resolver gives it one sans-serif family with å, ä and ö, from the
/// machine's font folders, embedded (as a subset) in every PDF. Shared by every module that draws PDFs (billing, statistics): PDFsharp takes one
/// resolver per process, so <see cref="Ensure"/> is the only place that sets it. DejaVu Sans first — Debian's <c>fonts-dejavu-core</c>,
/// which every Debian/Ubuntu with fontconfig (and so with Chromium) has — then Liberation Sans, then Windows' Arial.
/// Whatever the document asks for, it gets this family (regular or bold). No font found is a clear error (ADR 0024).
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "SocialJour Sans";

    private const string RegularFace = "SocialJour-Sans-Regular";
    private const string BoldFace = "SocialJour-Sans-Bold";

    /// <summary>The regular and bold file of each family, in order of preference.</summary>
    internal static readonly (string Name, string Regular, string Bold)[] Candidates =
    [
        ("DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("Liberation Sans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
        ("Arial", "arial.ttf", "arialbd.ttf"),
    ];

    internal static readonly string[] DefaultDirectories =
    [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "fonts"),
        Environment.GetFolderPath(Environment.SpecialFolder.Fonts),
    ];

    private readonly Lazy<(string Regular, string Bold)> _files;

    private PdfFonts(IReadOnlyList<string> directories) => _files = new(() => Find(directories));

    /// <summary>The one instance PDFsharp is given (its font resolver may be set only once per process).</summary>
    public static PdfFonts Instance { get; } = new(DefaultDirectories);

    private static readonly Lazy<bool> Setup = new(() =>
    {
        // PDFsharp 6.5 refuses to work until a licence is chosen: the AGPL one (ADR 0024 says what that means for us).
        PdfSharp.PdfSharpLicense.SetAgplLicense();
        if (GlobalFontSettings.FontResolver is not PdfFonts)
        {
            GlobalFontSettings.FontResolver = Instance;
        }

        return true;
    });

    /// <summary>Sets PDFsharp's licence and this font resolver (once per process) and finds the font files: call before drawing.</summary>
    public static void Ensure()
    {
        _ = Setup.Value;
        Instance.EnsureFound();
    }

    /// <summary>Finds the font files now: throws the clear error at once rather than halfway through a document.</summary>
    public void EnsureFound() => _ = _files.Value;

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) => new(isBold ? BoldFace : RegularFace);

    public byte[]? GetFont(string faceName) => File.ReadAllBytes(faceName == BoldFace ? _files.Value.Bold : _files.Value.Regular);

    /// <summary>The regular and bold file of the first candidate family found under <paramref name="directories"/> (searched with their subfolders).</summary>
    internal static (string Regular, string Bold) Find(IReadOnlyList<string> directories)
    {
        var files = directories
            .Where(d => !string.IsNullOrEmpty(d) && Directory.Exists(d))
            .SelectMany(d => SafeFiles(d))
            .GroupBy(f => Path.GetFileName(f), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (var (_, regular, bold) in Candidates)
        {
            if (files.TryGetValue(regular, out var r) && files.TryGetValue(bold, out var b))
            {
                return (r, b);
            }
        }

        throw new InvalidOperationException(
            "Inget typsnitt för PDF-dokumenten (fakturaunderlag, statistik) hittades: sökte " + string.Join(", ", Candidates.Select(c => $"{c.Name} ({c.Regular}, {c.Bold})"))
            + " i " + string.Join(", ", directories.Where(d => !string.IsNullOrEmpty(d))) + ". Installera Debian-paketet fonts-dejavu-core (apt-get install fonts-dejavu-core).");
    }

    private static IEnumerable<string> SafeFiles(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory, "*.ttf", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive }).ToList();
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
