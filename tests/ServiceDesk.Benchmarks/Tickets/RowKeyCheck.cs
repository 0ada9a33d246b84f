using System.Text;
using Azure.Data.Tables;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.Benchmarks.Tickets;

/// <summary>
/// --rowkey-check: shows an Azurite property that shapes the results. Inserts slices of 2,000 entities (64 in
/// flight), alternating between a table where every entity has the same RowKey (as the app's ticket rows, RowKey
/// "ticket", each in its own partition) and one with unique RowKeys, and prints the rate as the tables grow.
/// </summary>
public static class RowKeyCheck
{
    public static async Task<int> RunAsync(int slices, string? outputPath)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var service = new TableServiceClient(azurite.ConnectionString);
        var constant = service.GetTableClient("rowkeyconstant");
        var unique = service.GetTableClient("rowkeyunique");
        await constant.CreateIfNotExistsAsync();
        await unique.CreateIfNotExistsAsync();

        var report = new StringBuilder();
        report.AppendLine("| rows already in each table | same RowKey \"ticket\" for all: inserts/s | unique RowKeys: inserts/s |");
        report.AppendLine("|---:|---:|---:|");
        for (var s = 0; s < slices; s++)
        {
            var same = await SliceAsync(constant, s, i => "ticket");
            var different = await SliceAsync(unique, s, i => "r" + i);
            report.AppendLine($"| {s * 2000} | {same:0} | {different:0} |");
            Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] slice {s + 1}/{slices}: {same:0}/s vs {different:0}/s");
        }
        Console.WriteLine(report);
        if (outputPath is not null)
        {
            await File.WriteAllTextAsync(outputPath, report.ToString());
        }
        return 0;
    }

    private static async Task<double> SliceAsync(TableClient table, int slice, Func<string, string> rowKey)
    {
        var result = await LoadGenerator.RunAsync("rowkey", 2000, 64, async i =>
        {
            var partition = $"p{slice:D3}-{i:D5}";
            await table.AddEntityAsync(new TableEntity(partition, rowKey(partition)) { ["N"] = i });
        }, () => 0, null);
        return result.Errors > 0 ? throw new InvalidOperationException(result.FirstError) : result.OpsPerSecond;
    }
}
