using DataCharts.Core.Datasets.Import;
using DataCharts.Core.Query;
using static DataCharts.Core.Datasets.Identifiers;

namespace DataCharts.Core.Datasets;

/// <summary>
/// Generates the demo dataset: several years of sales orders with regions, channels, products, segments, units,
/// prices, discounts and returns, with growth and seasonality. Seeded, so it is the same on every machine.
/// </summary>
public sealed class DemoData(DuckDbEngine engine, DatasetCatalog catalog)
{
    public const string DatasetName = "Demo sales";
    public const int Seed = 20240601;
    public const int Orders = 24_000;

    private static readonly (string Category, string Product, double Price, double ReturnRate)[] Products =
    [
        ("Electronics", "Laptop", 1150, 0.06), ("Electronics", "Monitor", 240, 0.05), ("Electronics", "Headphones", 95, 0.08),
        ("Electronics", "Phone", 690, 0.07), ("Furniture", "Desk", 420, 0.04), ("Furniture", "Office Chair", 260, 0.05),
        ("Furniture", "Bookcase", 180, 0.03), ("Office Supplies", "Paper", 12, 0.01), ("Office Supplies", "Pens", 6, 0.01),
        ("Office Supplies", "Binders", 9, 0.02), ("Apparel", "Jacket", 120, 0.12), ("Apparel", "Sneakers", 85, 0.10),
    ];

    private static readonly (string Region, double Weight)[] Regions = [("North", 0.22), ("South", 0.18), ("East", 0.27), ("West", 0.23), ("Central", 0.10)];
    private static readonly (string Channel, double Weight)[] Channels = [("Online", 0.5), ("Retail", 0.35), ("Partner", 0.15)];
    private static readonly (string Segment, double Weight)[] Segments = [("Consumer", 0.55), ("Corporate", 0.3), ("Small Business", 0.15)];
    private static readonly double[] Discounts = [0, 0, 0, 0.05, 0.1, 0.1, 0.15, 0.2];

    public async Task<DatasetRecord> CreateAsync(CancellationToken ct)
    {
        var id = NewDatasetId();
        var rng = new Random(Seed);
        ImportedTable table;
        using (var writer = engine.Create(id))
        {
            var conn = writer.Connection;
            DuckDbEngine.Execute(conn, $"""
                CREATE TABLE {Quote(id)}.orders (
                  order_id BIGINT, order_date DATE, region VARCHAR, channel VARCHAR, customer_segment VARCHAR,
                  category VARCHAR, product VARCHAR, units BIGINT, unit_price DOUBLE, discount DOUBLE, revenue DOUBLE, returned BOOLEAN)
                """);
            var start = new DateOnly(2021, 1, 1);
            var days = new DateOnly(2025, 12, 31).DayNumber - start.DayNumber + 1;
            // Later years and the fourth quarter sell more: draw dates by rejection against that shape.
            using (var appender = conn.CreateAppender("orders"))
            {
                for (var i = 0; i < Orders; i++)
                {
                    DateOnly date;
                    do date = start.AddDays(rng.Next(days));
                    while (rng.NextDouble() > Weight(date));
                    var (category, product, price, returnRate) = Products[rng.Next(Products.Length)];
                    var units = category == "Office Supplies" ? rng.Next(5, 60) : rng.Next(1, 8);
                    var unitPrice = Math.Round(price * (0.9 + 0.2 * rng.NextDouble()) * (1 + 0.03 * (date.Year - 2021)), 2);
                    var discount = Discounts[rng.Next(Discounts.Length)];
                    var channel = Pick(rng, Channels);
                    var returned = rng.NextDouble() < returnRate * (channel == "Online" ? 1.5 : 1.0);
                    appender.CreateRow()
                        .AppendValue((long?)(100_000 + i))
                        .AppendValue((DateOnly?)date)
                        .AppendValue(Pick(rng, Regions))
                        .AppendValue(channel)
                        .AppendValue(Pick(rng, Segments))
                        .AppendValue(category)
                        .AppendValue(product)
                        .AppendValue((long?)units)
                        .AppendValue((double?)unitPrice)
                        .AppendValue((double?)discount)
                        .AppendValue((double?)Math.Round(units * unitPrice * (1 - discount), 2))
                        .AppendValue((bool?)returned)
                        .EndRow();
                }
            }
            // Insertion order is the draw order; keep the table in date order as an export would be.
            DuckDbEngine.Execute(conn, $"CREATE OR REPLACE TABLE {Quote(id)}.orders AS SELECT * FROM {Quote(id)}.orders ORDER BY order_date, order_id");
            var columns = new (string Name, string Label, ColumnType Type)[]
            {
                ("order_id", "Order ID", ColumnType.Integer), ("order_date", "Order date", ColumnType.Date), ("region", "Region", ColumnType.Text),
                ("channel", "Channel", ColumnType.Text), ("customer_segment", "Customer segment", ColumnType.Text), ("category", "Category", ColumnType.Text),
                ("product", "Product", ColumnType.Text), ("units", "Units", ColumnType.Integer), ("unit_price", "Unit price", ColumnType.Decimal),
                ("discount", "Discount", ColumnType.Decimal), ("revenue", "Revenue", ColumnType.Decimal), ("returned", "Returned", ColumnType.Boolean),
            };
            table = new ImportedTable("orders", "orders", Orders, columns.Select(c => new ImportedColumn(c.Name, c.Label, c.Type)).ToList());
            ct.ThrowIfCancellationRequested();
            writer.Commit();
        }
        return await catalog.PublishAsync(new ImportedDataset(id, DatasetName, ImportFormat.DuckDb, "generated", 0, [table], []), ct);
    }

    private static double Weight(DateOnly d)
    {
        var growth = 0.55 + 0.45 * (d.Year - 2021) / 4.0;
        var season = d.Month switch { 11 => 1.0, 12 => 1.0, 10 => 0.8, 1 or 2 => 0.55, _ => 0.65 };
        return growth * season;
    }

    private static string Pick(Random rng, (string, double)[] weighted)
    {
        var x = rng.NextDouble();
        foreach (var (value, w) in weighted)
        {
            if (x < w) return value;
            x -= w;
        }
        return weighted[^1].Item1;
    }
}
