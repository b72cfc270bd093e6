using Microsoft.Extensions.Logging;

namespace SocialJour.Core.Configuration;

/// <summary>The municipalities and the jour, from configuration; "who is a member on date D" is one call.</summary>
public interface IMunicipalityRegistry
{
    JourConfiguration Current { get; }

    /// <summary>Problems of the last rejected edit (empty when the file on disk is what is in force).</summary>
    IReadOnlyList<ConfigurationProblem> RejectedProblems { get; }

    DateTimeOffset? RejectedAt { get; }

    /// <summary>
    /// What the last rejected edit changed compared with the configuration in force, per municipality or section: none of
    /// it was applied (a file is applied whole or not at all), the correct parts included. Empty when nothing is rejected.
    /// </summary>
    IReadOnlyList<PendingChange> RejectedChanges { get; }

    /// <summary>
    /// Set when the file on disk was rejected at start and the host runs on the last valid configuration kept beside it
    /// (<c>jour.json.last-valid</c>): the kept copy's path. Null otherwise.
    /// </summary>
    string? StartedOnLastValid { get; }

    IReadOnlyList<Municipality> MembersOn(DateOnly date);

    /// <summary>Reloads the file now; an invalid file is rejected and the configuration in force stays.</summary>
    LoadResult Reload();

    event EventHandler<JourConfiguration>? Changed;
}

/// <summary>Thrown at start-up when the configuration cannot be used; the message lists every problem.</summary>
public sealed class ConfigurationRejectedException(IReadOnlyList<ConfigurationProblem> problems)
    : Exception("Konfigurationen kan inte användas:\n  " + string.Join("\n  ", problems))
{
    public IReadOnlyList<ConfigurationProblem> Problems { get; } = problems;
}

/// <summary>A change in a rejected edit that was not applied: the municipality (or null for a section such as Jour) and the fields changed.</summary>
public sealed record PendingChange(string? MunicipalityCode, string? MunicipalityName, IReadOnlyList<string> Fields)
{
    public override string ToString() =>
        (MunicipalityCode is null ? "" : $"Kommun {MunicipalityCode}{(MunicipalityName is null ? "" : $" ({MunicipalityName})")}: ") + string.Join(", ", Fields);
}

internal sealed class MunicipalityRegistry : IMunicipalityRegistry, IDisposable
{
    private readonly string _path;
    private readonly JourConfigurationLoader _loader;
    private readonly ILogger<MunicipalityRegistry> _logger;
    private readonly TimeProvider _time;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _gate = new();
    private ITimer? _debounce;
    private JourConfiguration _current;

    public MunicipalityRegistry(string path, JourConfigurationLoader loader, ILogger<MunicipalityRegistry> logger, TimeProvider time, bool watch)
    {
        _path = Path.GetFullPath(path);
        _loader = loader;
        _logger = logger;
        _time = time;
        var first = LoadAndKeep();
        if (first.Ok)
        {
            _current = first.Configuration!;
            _currentText = _lastRead;
        }
        else
        {
            // A rejected edit left on disk must not stop a restarted host: start on the last valid configuration, and say so.
            var kept = File.Exists(LastValidPath) ? loader.Load(LastValidPath) : null;
            if (kept is not { Ok: true })
            {
                throw new ConfigurationRejectedException(first.Problems);
            }

            _current = kept.Configuration!;
            _currentText = TryRead(LastValidPath);
            RejectedProblems = first.Problems;
            RejectedChanges = ConfigurationDiff.Changes(_currentText, _lastRead);
            RejectedAt = time.GetUtcNow();
            StartedOnLastValid = LastValidPath;
            _logger.LogCritical("The configuration file {Path} is REJECTED; started on the last valid configuration kept in {Kept}. Correct the file. Problems: {Problems}",
                _path, LastValidPath, string.Join("; ", first.Problems));
        }
        if (watch)
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => ScheduleReload();
            _watcher.Created += (_, _) => ScheduleReload();
            _watcher.Renamed += (_, _) => ScheduleReload();
            _watcher.EnableRaisingEvents = true;
        }
    }

    public event EventHandler<JourConfiguration>? Changed;

    public JourConfiguration Current => Volatile.Read(ref _current);

    public IReadOnlyList<ConfigurationProblem> RejectedProblems { get; private set; } = [];

    public DateTimeOffset? RejectedAt { get; private set; }

    public IReadOnlyList<PendingChange> RejectedChanges { get; private set; } = [];

    /// <summary>The text of the configuration in force (what was validated), to tell what a rejected edit changed.</summary>
    private string? _currentText;

    /// <summary>The text of the file as last read (set by <see cref="LoadAndKeep"/>).</summary>
    private string? _lastRead;

    public string? StartedOnLastValid { get; private set; }

    /// <summary>Where the last configuration that passed validation is kept: beside the file.</summary>
    public string LastValidPath => _path + ".last-valid";

    public IReadOnlyList<Municipality> MembersOn(DateOnly date) => Current.MembersOn(date);

    public LoadResult Reload()
    {
        LoadResult result;
        lock (_gate)
        {
            result = LoadAndKeep();
            if (!result.Ok)
            {
                RejectedProblems = result.Problems;
                RejectedChanges = ConfigurationDiff.Changes(_currentText, _lastRead);
                RejectedAt = _time.GetUtcNow();
                _logger.LogError("Configuration edit rejected; the previous configuration stays in force. {Problems}", string.Join("; ", result.Problems));
                return result;
            }

            RejectedProblems = [];
            RejectedChanges = [];
            _currentText = _lastRead;
            RejectedAt = null;
            StartedOnLastValid = null;
            Volatile.Write(ref _current, result.Configuration!);
        }

        _logger.LogInformation("Configuration reloaded: {Count} municipalities", result.Configuration!.Municipalities.Count);
        Changed?.Invoke(this, result.Configuration!);
        return result;
    }

    /// <summary>Loads the file; when it is valid, keeps exactly the text that was validated as the last valid copy.</summary>
    private LoadResult LoadAndKeep()
    {
        string text;
        try
        {
            text = File.ReadAllText(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _lastRead = null;
            return _loader.Load(_path); // says why in Swedish
        }

        _lastRead = text;
        var result = _loader.Parse(text, _path);
        if (result.Ok)
        {
            try
            {
                var temporary = LastValidPath + ".tmp";
                File.WriteAllText(temporary, text);
                File.Move(temporary, LastValidPath, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("The last valid configuration could not be kept in {Kept}: {Error}", LastValidPath, e.Message);
            }
        }

        return result;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void ScheduleReload()
    {
        // Editors write a file in several steps; wait until it has settled.
        lock (_gate)
        {
            _debounce?.Dispose();
            _debounce = _time.CreateTimer(_ => SafeReload(), null, TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
        }
    }

    private void SafeReload()
    {
        try
        {
            Reload();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Configuration reload failed");
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }
}
