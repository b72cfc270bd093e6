using Microsoft.Extensions.Logging;

namespace SocialJour.Core.Configuration;

/// <summary>The municipalities and the jour, from configuration; "who is a member on date D" is one call.</summary>
public interface IMunicipalityRegistry
{
    JourConfiguration Current { get; }

    /// <summary>Problems of the last rejected edit (empty when the file on disk is what is in force).</summary>
    IReadOnlyList<ConfigurationProblem> RejectedProblems { get; }

    DateTimeOffset? RejectedAt { get; }

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
        var first = loader.Load(_path);
        if (!first.Ok)
        {
            throw new ConfigurationRejectedException(first.Problems);
        }

        _current = first.Configuration!;
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

    public IReadOnlyList<Municipality> MembersOn(DateOnly date) => Current.MembersOn(date);

    public LoadResult Reload()
    {
        LoadResult result;
        lock (_gate)
        {
            result = _loader.Load(_path);
            if (!result.Ok)
            {
                RejectedProblems = result.Problems;
                RejectedAt = _time.GetUtcNow();
                _logger.LogError("Configuration edit rejected; the previous configuration stays in force. {Problems}", string.Join("; ", result.Problems));
                return result;
            }

            RejectedProblems = [];
            RejectedAt = null;
            Volatile.Write(ref _current, result.Configuration!);
        }

        _logger.LogInformation("Configuration reloaded: {Count} municipalities", result.Configuration!.Municipalities.Count);
        Changed?.Invoke(this, result.Configuration!);
        return result;
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
