using System.Diagnostics;

namespace ServiceDesk.Benchmarks.Tickets;

/// <summary>What one phase measured: wall time, per-operation latencies, errors, and resource deltas.</summary>
public sealed record PhaseResult(
    string Name,
    int Operations,
    int Errors,
    string? FirstError,
    TimeSpan Elapsed,
    double[] LatenciesMs,
    long StorageRequests,
    long AllocatedBytes,
    TimeSpan BenchmarkCpu,
    TimeSpan? AzuriteCpu)
{
    public int Succeeded => Operations - Errors;
    public double OpsPerSecond => Succeeded / Elapsed.TotalSeconds;
    public double RequestsPerOp => Succeeded == 0 ? double.NaN : (double)StorageRequests / Succeeded;
    public double AllocatedKbPerOp => Operations == 0 ? double.NaN : AllocatedBytes / 1024.0 / Operations;
    public double CpuMsPerOp => Operations == 0 ? double.NaN : BenchmarkCpu.TotalMilliseconds / Operations;
    public double? AzuriteCpuPercent => AzuriteCpu is { } c ? 100 * c.TotalSeconds / Elapsed.TotalSeconds : null;
    /// <summary>Azurite CPU per successful operation: what the operation costs the emulator, much less sensitive to other load than ops/s.</summary>
    public double? AzuriteCpuMsPerOp => AzuriteCpu is { } c && Succeeded > 0 ? c.TotalMilliseconds / Succeeded : null;
    public double P50 => Stats.Percentile(LatenciesMs, 0.50);
    public double P99 => Stats.Percentile(LatenciesMs, 0.99);

    /// <summary>Pools several runs of the same phase (e.g. one per round): rates from total ops over total time.</summary>
    public static PhaseResult Pool(IReadOnlyList<PhaseResult> runs) => new(
        runs[0].Name,
        runs.Sum(r => r.Operations),
        runs.Sum(r => r.Errors),
        runs.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
        TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)),
        runs.SelectMany(r => r.LatenciesMs).ToArray(),
        runs.Sum(r => r.StorageRequests),
        runs.Sum(r => r.AllocatedBytes),
        TimeSpan.FromTicks(runs.Sum(r => r.BenchmarkCpu.Ticks)),
        runs.All(r => r.AzuriteCpu is not null) ? TimeSpan.FromTicks(runs.Sum(r => r.AzuriteCpu!.Value.Ticks)) : null);
}

/// <summary>
/// A closed-loop load generator: <c>concurrency</c> workers each take the next operation index and run it until
/// <c>operations</c> have been started, so exactly that many operations are in flight at any time (except at the end).
/// </summary>
public static class LoadGenerator
{
    public static async Task<PhaseResult> RunAsync(
        string name, int operations, int concurrency, Func<int, Task> operation, Func<long> storageRequests, ProcessCpu? azurite)
    {
        var latencies = new double[operations];
        var succeeded = new bool[operations];
        var next = -1;
        var errors = 0;
        string? firstError = null;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var cpuBefore = ProcessCpu.Self();
        var azuriteBefore = azurite?.Read();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var requestsBefore = storageRequests();
        var start = Stopwatch.GetTimestamp();

        var workers = new Task[Math.Max(1, Math.Min(concurrency, operations))];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < operations)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        await operation(i);
                        succeeded[i] = true;
                    }
                    catch (Exception e)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                    }
                    latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                }
            });
        }
        await Task.WhenAll(workers);

        var elapsed = Stopwatch.GetElapsedTime(start);
        var requests = storageRequests() - requestsBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var cpu = ProcessCpu.Self() - cpuBefore;
        TimeSpan? azuriteCpu = azuriteBefore is { } a && azurite!.Read() is { } b ? b - a : null;
        var okLatencies = latencies.Where((_, i) => succeeded[i]).ToArray();
        return new PhaseResult(name, operations, errors, firstError, elapsed, okLatencies, requests, allocated, cpu, azuriteCpu);
    }
}

public static class Stats
{
    /// <summary>Nearest-rank percentile (p in 0..1) of unsorted samples; NaN when there are none.</summary>
    public static double Percentile(double[] samples, double p)
    {
        if (samples.Length == 0)
        {
            return double.NaN;
        }
        var sorted = (double[])samples.Clone();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>CPU time of a process: this one, or the Azurite (node) child it started, read from /proc on Linux.</summary>
public sealed class ProcessCpu(int pid)
{
    public int Pid { get; } = pid;

    public static TimeSpan Self()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    public TimeSpan? Read()
    {
        try
        {
            using var p = Process.GetProcessById(Pid);
            return p.HasExited ? null : p.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>CPU time all processes of the machine used so far (Linux /proc/stat: all but idle and iowait); null elsewhere.</summary>
    public static TimeSpan? Machine()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal …, in clock ticks (USER_HZ, 100 on Linux).
            long Field(int i) => fields.Length > i ? long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture) : 0;
            var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
            return TimeSpan.FromMilliseconds(busy * 10);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return null;
        }
    }

    public static string LoadAverage() =>
        OperatingSystem.IsLinux() && File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The node process this process started (Azurite), if it can be found; Linux only.</summary>
    public static ProcessCpu? FindNodeChild()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid ...: comm may contain spaces, so parse after the last ')'.
                var close = stat.LastIndexOf(')');
                var comm = stat[(stat.IndexOf('(') + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                if (comm == "node" && int.Parse(fields[1]) == self)
                {
                    return new ProcessCpu(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return null;
    }
}
