using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using System.Text;
using SocialJour.Core.Configuration;
using SocialJour.Core.Persistence;

namespace SocialJour.Cli;

/// <summary>
/// socialjour: the IT administrator's command line, on System.CommandLine (ADR 0030). The commands are the list in
/// <see cref="CliCommands.All"/>; here they become a command tree with the common flags, Swedish help (-h, --help),
/// --version and Swedish parse errors. Exit codes: 0 done, 1 the check failed, 2 bad usage, configuration or database.
/// </summary>
internal static class CliApp
{
    /// <summary>The flags every command takes (they may stand before or after the command).</summary>
    public static readonly IReadOnlyList<CliFlag> CommonFlags =
    [
        new("--config", "fil", $"Jourens konfiguration (standard: {CliSettings.ConfigurationVariable}, annars {CliSettings.DefaultConfiguration})"),
        new("--plugins", "mapp", $"Adaptrarnas mapp (standard: {CliSettings.PluginsVariable}, annars {CliSettings.DefaultPlugins})"),
        new("--data", "mapp", $"SQLite-databasernas mapp (standard: {CliSettings.DataDirectoryVariable}, annars {CliSettings.DefaultData})"),
        new("--provider", "namn", $"Sqlite eller PostgreSQL (standard: {CliSettings.ProviderVariable}, annars Sqlite); för PostgreSQL läses anslutningen " +
            $"bara från miljövariabeln {CliSettings.ConnectionStringVariable}, aldrig från kommandoraden"),
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args is ["help", .. var rest])
        {
            args = [.. rest, "--help"]; // 'socialjour help billing' as 'socialjour billing --help'
        }

        var root = new RootCommand("IT-administratörens kommandorad för SocialJour");
        var common = CommonFlags.Select(Option).ToList();
        foreach (var option in common)
        {
            option.Recursive = true;
            root.Add(option);
        }

        foreach (var spec in CliCommands.All)
        {
            var command = new Command(spec.Name, spec.Description);
            var flags = spec.Flags.Select(Option).ToList();
            flags.ForEach(command.Add);
            var arguments = spec.Arguments.Select(a => new Argument<string>(a.Name) { Description = a.Description, Arity = ArgumentArity.ZeroOrOne }).ToList();
            arguments.ForEach(command.Add);
            command.SetAction((parse, ct) => InvokeAsync(spec, parse, [.. common, .. flags], arguments, output, error));
            root.Add(command);
        }

        root.SetAction(parse =>
        {
            // No command: the overview, as a usage error (a script that lost its command must not look successful).
            WriteHelp(root, parse.CommandResult.Command, error);
            return 2;
        });
        foreach (var option in root.Options)
        {
            switch (option)
            {
                case HelpOption help:
                    help.Description = "Visa hjälpen (socialjour <kommando> --help: kommandots flaggor)";
                    help.Action = new SwedishHelp(root, output);
                    break;
                case VersionOption version:
                    version.Description = "Visa versionen (med git-commit)";
                    version.Action = new SwedishVersion(output);
                    break;
            }
        }

        var parsed = root.Parse(args);
        if (parsed.Action is not (SwedishHelp or SwedishVersion) && parsed.Errors.Count > 0)
        {
            foreach (var line in SwedishErrors(parsed))
            {
                await error.WriteLineAsync(line);
            }

            await error.WriteLineAsync($"Se socialjour {(parsed.CommandResult.Command == root ? "" : parsed.CommandResult.Command.Name + " ")}--help.");
            return 2;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error });
    }

    /// <summary>The version from the assembly: "1.0.0" and the git commit it was built from, when the build knew it.</summary>
    public static string Version()
    {
        var informational = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "okänd";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : $"{informational[..plus]} (commit {informational[(plus + 1)..]})";
    }

    private static Option<string> Option(CliFlag flag) => new(flag.Name) { Description = flag.Description, HelpName = flag.Value };

    private static async Task<int> InvokeAsync(CliCommand spec, ParseResult parse, IReadOnlyList<Option<string>> flags, IReadOnlyList<Argument<string>> arguments, TextWriter output, TextWriter error)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            if (parse.GetValue(flag) is { } value)
            {
                options[flag.Name] = value;
            }
        }

        var positional = arguments.Select(parse.GetValue).OfType<string>().ToList();
        if (CliSettings.Resolve(options, out var problem) is not { } core)
        {
            await error.WriteLineAsync(problem);
            return 2;
        }

        try
        {
            return await spec.Run(new CliRun(core, options, positional, output, error));
        }
        catch (Exception e) when (e.GetBaseException() is ConfigurationRejectedException or DatabaseSchemaException)
        {
            await error.WriteLineAsync(e.GetBaseException().Message);
            return 2;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never a stack trace: the type and the message, for the IT administrator to search or report.
            await error.WriteLineAsync($"Oväntat fel i socialjour {spec.Name}: {e.GetBaseException().GetType().Name}: {e.GetBaseException().Message}");
            return 1;
        }
    }

    /// <summary>System.CommandLine's parse errors in Swedish (its own texts have no Swedish translation).</summary>
    private static IEnumerable<string> SwedishErrors(ParseResult parsed)
    {
        var unmatched = parsed.UnmatchedTokens.ToHashSet(StringComparer.Ordinal);
        foreach (var token in parsed.UnmatchedTokens)
        {
            yield return token.StartsWith('-')
                ? $"Okänd flagga '{token}'{For(parsed)}."
                : parsed.CommandResult.Command is RootCommand
                    ? $"Okänt kommando '{token}'. Kommandon: {string.Join(", ", CliCommands.All.Select(c => c.Name))}."
                    : $"Okänt argument '{token}'{For(parsed)}.";
        }

        foreach (var e in parsed.Errors)
        {
            if (e.SymbolResult is OptionResult o)
            {
                yield return o.Tokens.Count == 0
                    ? $"Flaggan {o.Option.Name} saknar värde."
                    : $"Flaggan {o.Option.Name} kan bara anges en gång.";
            }
            else if (unmatched.Count == 0 || !unmatched.Any(t => e.Message.Contains(t, StringComparison.Ordinal)))
            {
                yield return $"Kommandoraden kan inte tolkas: {e.Message}";
            }
        }
    }

    private static string For(ParseResult parsed) => parsed.CommandResult.Command is RootCommand ? "" : $" för socialjour {parsed.CommandResult.Command.Name}";

    /// <summary>The help in Swedish: for socialjour itself the commands, for a command its flags and arguments; then the common flags.</summary>
    private static void WriteHelp(RootCommand root, Command command, TextWriter output)
    {
        var text = new StringBuilder();
        var spec = CliCommands.All.FirstOrDefault(c => c.Name == command.Name);
        if (spec is null)
        {
            text.AppendLine($"socialjour {Version()} – {root.Description}");
            text.AppendLine();
            text.AppendLine("Användning: socialjour <kommando> [flaggor]");
            text.AppendLine();
            text.AppendLine("Kommandon:");
            Columns(text, CliCommands.All.Select(c => (c.Name + string.Concat(c.Arguments.Select(a => $" <{a.Name}>")), c.Description)));
        }
        else
        {
            text.AppendLine($"socialjour {spec.Name} – {spec.Description}");
            text.AppendLine();
            text.AppendLine($"Användning: socialjour {spec.Name}{string.Concat(spec.Arguments.Select(a => $" <{a.Name}>"))} [flaggor]");
            if (spec.Arguments.Count > 0)
            {
                text.AppendLine();
                text.AppendLine("Argument:");
                Columns(text, spec.Arguments.Select(a => ($"<{a.Name}>", a.Description)));
            }

            if (spec.Flags.Count > 0)
            {
                text.AppendLine();
                text.AppendLine("Flaggor:");
                Columns(text, spec.Flags.Select(f => ($"{f.Name} <{f.Value}>", f.Description)));
            }
        }

        text.AppendLine();
        text.AppendLine("Gemensamma flaggor:");
        Columns(text, CommonFlags.Select(f => ($"{f.Name} <{f.Value}>", f.Description))
            .Append(("-h, --help", "Visa hjälpen (socialjour <kommando> --help: kommandots flaggor)"))
            .Append(("--version", "Visa versionen (med git-commit)")));
        text.AppendLine();
        if (spec?.Details is { } details)
        {
            text.AppendLine(details);
        }
        else
        {
            text.AppendLine("Slutkoder: 0 klart, 1 kontrollen misslyckades, 2 fel användning, konfiguration eller databas.");
        }

        text.AppendLine("Inställningarna läses som i jourens värdprogram: en flagga går före miljövariabeln (SocialJour__…), som går före standardvärdet.");
        output.Write(text.ToString());
    }

    private static void Columns(StringBuilder text, IEnumerable<(string Left, string Right)> rows)
    {
        var list = rows.ToList();
        var width = list.Max(r => r.Left.Length) + 2;
        foreach (var (left, right) in list)
        {
            text.AppendLine($"  {left.PadRight(width)}{right}");
        }
    }

    private sealed class SwedishHelp(RootCommand root, TextWriter output) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            WriteHelp(root, parseResult.CommandResult.Command, output);
            return 0;
        }
    }

    private sealed class SwedishVersion(TextWriter output) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            output.WriteLine($"socialjour {Version()}");
            return 0;
        }
    }
}
