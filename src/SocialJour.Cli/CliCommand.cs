using SocialJour.Core;

namespace SocialJour.Cli;

/// <summary>
/// One command of <c>socialjour</c>: its name, Swedish description, flags and positional arguments, and what it runs.
/// Every command is listed once, in <see cref="CliCommands.All"/>; <see cref="CliApp"/> turns the list into a
/// System.CommandLine tree (parsing, Swedish help, errors with exit 2). A command reads its flags from
/// <see cref="CliRun.Options"/> by name ("--year"), validates them itself and says what is wrong in Swedish (exit 2).
/// </summary>
internal sealed record CliCommand(string Name, string Description, Func<CliRun, Task<int>> Run)
{
    /// <summary>The command's own flags (the common ones, <see cref="CliApp.CommonFlags"/>, apply to every command).</summary>
    public IReadOnlyList<CliFlag> Flags { get; init; } = [];

    /// <summary>Positional arguments, each optional to the parser: the command names a missing one in Swedish.</summary>
    public IReadOnlyList<CliArgument> Arguments { get; init; } = [];

    /// <summary>Further lines for the command's help (examples, exit codes).</summary>
    public string? Details { get; init; }
}

/// <summary>A flag taking one value, e.g. <c>--date ÅÅÅÅ-MM-DD</c>.</summary>
internal sealed record CliFlag(string Name, string Value, string Description);

/// <summary>A positional argument, e.g. <c>&lt;kommunkod&gt;</c>.</summary>
internal sealed record CliArgument(string Name, string Description);

/// <summary>
/// What a command gets: the core's options (configuration, plugins, database) from the common flags and the host's
/// environment variables, its flags as given (by name, "--year" → "2021"), its positional arguments, and the two writers.
/// </summary>
internal sealed record CliRun(CoreOptions Core, IReadOnlyDictionary<string, string> Options, IReadOnlyList<string> Positional, TextWriter Out, TextWriter Error)
{
    /// <summary>Writes a usage problem to standard error and gives exit code 2.</summary>
    public int Usage(string message)
    {
        Error.WriteLine(message);
        return 2;
    }
}
