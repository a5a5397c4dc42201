using Microsoft.Extensions.Options;

namespace DataCharts.Core.Storage;

/// <summary>Options that never change, for code that runs the engine outside the web host (tests, benchmarks, tools).</summary>
public sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;
    public T Get(string? name) => value;
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
