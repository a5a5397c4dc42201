using DataCharts.Core.Datasets;

namespace DataCharts.Core.Query;

/// <summary>The SQL a data source speaks: DuckDB for files, or the live server's own.</summary>
public enum SqlDialect { DuckDb, PostgreSql, MySql }

/// <summary>Which dialect a data source speaks, and the few spellings every dialect-aware writer needs.</summary>
public static class SqlDialects
{
    /// <summary>The <see cref="DatasetRecord.Format"/> of a live PostgreSQL connection.</summary>
    public const string PostgreSqlFormat = "postgresql";

    /// <summary>The <see cref="DatasetRecord.Format"/> of a live MySQL/MariaDB connection.</summary>
    public const string MySqlFormat = "mysql";

    /// <summary>The dialect of a data source: a live connection's server, otherwise DuckDB.</summary>
    public static SqlDialect Dialect(this DatasetRecord d) => d.Format switch
    {
        PostgreSqlFormat => SqlDialect.PostgreSql,
        MySqlFormat => SqlDialect.MySql,
        _ => SqlDialect.DuckDb,
    };

    /// <summary>A live database connection rather than a file in the engine.</summary>
    public static bool IsLive(this DatasetRecord d) => d.Dialect() != SqlDialect.DuckDb;

    /// <summary>An identifier quoted for the dialect: backticks for MySQL, double quotes otherwise.</summary>
    public static string Quote(this SqlDialect dialect, string identifier) => dialect == SqlDialect.MySql
        ? "`" + identifier.Replace("`", "``") + "`"
        : Identifiers.Quote(identifier);

    /// <summary>
    /// The data source itself when it is a file in the engine; a live connection is refused (422) with what to do instead,
    /// for the work that reads a table whole into the engine (<paramref name="what"/>: "Quality checks", "Exports of a whole table"…).
    /// </summary>
    public static DatasetRecord RequireImported(this DatasetRecord d, string what) => d.IsLive()
        ? throw new UserFacingException($"{what} work on imported datasets, and \"{d.Name}\" is a live database connection. " +
                                        "Import a copy of the table first (Data page, \"Import a copy\"), or ask in Chat and write SQL, which run on the live database.",
            422, "Not available on a live connection")
        : d;

    /// <summary>The dialect's name as people know it.</summary>
    public static string DisplayName(this SqlDialect dialect) => dialect switch
    {
        SqlDialect.PostgreSql => "PostgreSQL",
        SqlDialect.MySql => "MySQL/MariaDB",
        _ => "DuckDB",
    };
}
