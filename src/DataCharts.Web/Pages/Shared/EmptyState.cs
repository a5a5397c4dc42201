namespace DataCharts.Web.Pages.Shared;

/// <summary>What an empty page says it will hold, and where to go meanwhile.</summary>
public sealed record EmptyState(string Title, string Text, IReadOnlyList<string> Items, string? LinkHref = null, string? LinkText = null);
