using DataCharts.Core.Connections;
using DataCharts.Core.Datasets;

namespace DataCharts.Core.Tests.Connections;

/// <summary>Reading a live database's tables, columns, types and declared foreign keys from its catalog.</summary>
public sealed class LiveSchemaTests
{
    [Theory]
    [MemberData(nameof(LiveServers.Kinds), MemberType = typeof(LiveServers))]
    public async Task Tables_columns_types_and_declared_foreign_keys_are_read(ConnectionKind kind)
    {
        var s = LiveServers.Require(kind);
        var stem = $"t{Guid.NewGuid():N}"[..12];
        await using (var c = await LiveServers.OpenAsync(s, CancellationToken.None))
        {
            foreach (var sql in new[]
            {
                $"CREATE TABLE {stem}_customers (customer_id integer PRIMARY KEY, name varchar(40) NOT NULL, joined date)",
                $"CREATE TABLE {stem}_orders (order_id bigint PRIMARY KEY, customer_id integer REFERENCES {stem}_customers (customer_id), amount numeric(10,2), paid boolean)",
                $"INSERT INTO {stem}_customers VALUES (1, 'Ada', '2024-01-02')",
            })
            {
                await using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                await cmd.ExecuteNonQueryAsync();
            }
        }
        var tables = await LiveSchema.ReadAsync(s, CancellationToken.None);
        var orders = Assert.Single(tables, t => t.Name == $"{stem}_orders");
        Assert.False(orders.IsView);
        Assert.Equal(["order_id", "customer_id", "amount", "paid"], orders.Columns.Select(c => c.Name));
        Assert.Equal([ColumnType.Integer, ColumnType.Integer, ColumnType.Decimal, ColumnType.Boolean], orders.Columns.Select(c => c.Type));
        var fk = Assert.Single(orders.ForeignKeys);
        Assert.Equal(["customer_id"], fk.Columns);
        Assert.Equal($"{stem}_customers", fk.RefTable);
        Assert.Equal(["customer_id"], fk.RefColumns);
        var customers = Assert.Single(tables, t => t.Name == $"{stem}_customers");
        Assert.False(customers.Columns.Single(c => c.Name == "name").Nullable);
        Assert.Equal(ColumnType.Date, customers.Columns.Single(c => c.Name == "joined").Type);
        Assert.Empty(customers.ForeignKeys);
    }

    [Fact]
    public async Task A_read_only_user_sees_the_tables_it_may_read()
    {
        var super = LiveServers.Require(ConnectionKind.PostgreSql);
        var reader = LiveServers.Require(ConnectionKind.PostgreSql, super: false);
        var name = $"r{Guid.NewGuid():N}"[..12];
        await using (var c = await LiveServers.OpenAsync(super, CancellationToken.None))
        {
            await using var cmd = c.CreateCommand();
            // The test servers grant the read-only role SELECT on the superuser's new tables by default.
            cmd.CommandText = $"CREATE TABLE {name} (id integer)";
            await cmd.ExecuteNonQueryAsync();
        }
        var tables = await LiveSchema.ReadAsync(reader, CancellationToken.None);
        Assert.Contains(tables, t => t.Name == name && t.Columns.Single().Type == ColumnType.Integer);
        Assert.All(tables, t => Assert.Equal("public", t.Schema));
    }

    [Fact]
    public async Task A_partitioned_table_is_one_table_with_its_partitions_rows_and_no_partition_is_listed()
    {
        await using var box = await LiveSandbox.CreateAsync(ConnectionKind.PostgreSql,
            "CREATE TABLE payment (payment_id integer, paid_on date NOT NULL, amount numeric(8,2)) PARTITION BY RANGE (paid_on)",
            "CREATE TABLE payment_p2024_01 PARTITION OF payment FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')",
            "CREATE TABLE payment_p2024_02 PARTITION OF payment FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')",
            "INSERT INTO payment SELECT g, DATE '2024-01-01' + (g % 59), g FROM generate_series(1, 3000) g",
            "ANALYZE payment");
        var tables = await LiveSchema.ReadAsync(box.Settings, CancellationToken.None);
        var payment = Assert.Single(tables);
        Assert.Equal("payment", payment.Name);
        Assert.Equal(3000, payment.EstimatedRows);
        Assert.Equal(["payment_id", "paid_on", "amount"], payment.Columns.Select(c => c.Name));
    }
}
