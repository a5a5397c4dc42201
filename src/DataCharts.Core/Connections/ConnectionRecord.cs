namespace DataCharts.Core.Connections;

/// <summary>
/// Where a live data source is: the dataset row of the same <see cref="Id"/> holds its name, tables and columns; this row
/// holds how to reach the server. The password is stored only encrypted (<see cref="ProtectedPassword"/>).
/// </summary>
public sealed class ConnectionRecord
{
    /// <summary>The data source's id, the same as its dataset's.</summary>
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Host { get; set; } = "";
    public int Port { get; set; }
    public string Database { get; set; } = "";
    public string Username { get; set; } = "";
    /// <summary>The password encrypted with ASP.NET Data Protection (as provider keys are); never the clear text.</summary>
    public string? ProtectedPassword { get; set; }
    public string Tls { get; set; } = "prefer";
    /// <summary>The schemas whose tables it shows, one per line (empty: the server's default).</summary>
    public string Schemas { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the tables and columns were last read from the server.</summary>
    public DateTimeOffset RefreshedAt { get; set; }
}
