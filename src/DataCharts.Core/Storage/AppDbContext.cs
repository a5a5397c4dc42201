using DataCharts.Core.Ask;
using DataCharts.Core.Datasets;
using DataCharts.Core.Jobs;
using DataCharts.Core.Settings;
using Microsoft.EntityFrameworkCore;

namespace DataCharts.Core.Storage;

/// <summary>App state in SQLite: the dataset catalog and jobs (later issues add tables).</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<DatasetRecord> Datasets => Set<DatasetRecord>();
    public DbSet<DatasetTableRecord> DatasetTables => Set<DatasetTableRecord>();
    public DbSet<DatasetColumnRecord> DatasetColumns => Set<DatasetColumnRecord>();
    public DbSet<DatasetRelationRecord> DatasetRelations => Set<DatasetRelationRecord>();
    public DbSet<JobRecord> Jobs => Set<JobRecord>();
    public DbSet<ConversationRecord> Conversations => Set<ConversationRecord>();
    public DbSet<MessageRecord> Messages => Set<MessageRecord>();
    public DbSet<ChartRecord> Charts => Set<ChartRecord>();
    public DbSet<SettingRecord> Settings => Set<SettingRecord>();
    public DbSet<DataCharts.Core.Notebooks.NotebookRecord> Notebooks => Set<DataCharts.Core.Notebooks.NotebookRecord>();
    public DbSet<DataCharts.Core.Semantics.SemanticEditRecord> SemanticEdits => Set<DataCharts.Core.Semantics.SemanticEditRecord>();
    public DbSet<DataCharts.Core.Connections.ConnectionRecord> Connections => Set<DataCharts.Core.Connections.ConnectionRecord>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<DatasetRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasMany(x => x.Tables).WithOne().HasForeignKey(x => x.DatasetId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Relations).WithOne().HasForeignKey(x => x.DatasetId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<DatasetTableRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.DatasetId, x.Name }).IsUnique();
            e.HasMany(x => x.Columns).WithOne().HasForeignKey(x => x.TableId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<DatasetColumnRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.TableId, x.Name }).IsUnique();
            e.Property(x => x.Type).HasConversion<string>().HasMaxLength(20);
        });
        b.Entity<DatasetRelationRecord>(e => e.HasKey(x => x.Id));
        b.Entity<ConversationRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.DataId);
            e.HasMany(x => x.Messages).WithOne().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MessageRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ConversationId, x.Ordinal });
            e.Property(x => x.EstimatedCost).HasConversion<double>();
        });
        b.Entity<ChartRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.DataId);
        });
        b.Entity<SettingRecord>(e => e.HasKey(x => x.Key));
        b.Entity<DataCharts.Core.Notebooks.NotebookRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.Cells);
            e.HasIndex(x => x.UpdatedAt);
        });
        b.Entity<DataCharts.Core.Semantics.SemanticEditRecord>(e =>
        {
            e.HasKey(x => x.DatasetName);
            e.Property(x => x.DatasetName).HasMaxLength(200);
        });
        b.Entity<DataCharts.Core.Connections.ConnectionRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Host).HasMaxLength(255);
            e.Property(x => x.Tls).HasMaxLength(20);
            // The data source goes with its dataset row.
            e.HasOne<DatasetRecord>().WithOne().HasForeignKey<DataCharts.Core.Connections.ConnectionRecord>(x => x.Id).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<JobRecord>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(x => x.CreatedAt);
        });
    }
}
