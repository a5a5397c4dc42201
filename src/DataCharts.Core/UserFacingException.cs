namespace DataCharts.Core;

/// <summary>
/// Bad input from the user: the message says what is wrong and, where known, the line and column.
/// The web layer turns it into a 4xx problem+json or an inline message, never a 500.
/// </summary>
public class UserFacingException(string message, int status = 400, string? title = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Title { get; } = title ?? "The input could not be used";
    public long? Line { get; init; }
    public long? Column { get; init; }
    public string? Field { get; init; }
}

/// <summary>Something asked for does not exist (maps to 404).</summary>
public sealed class NotFoundException(string message) : UserFacingException(message, 404, "Not found");
