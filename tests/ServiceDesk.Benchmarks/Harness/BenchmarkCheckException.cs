namespace ServiceDesk.Benchmarks.Harness;

/// <summary>
/// A benchmark found something wrong that is not about speed (a request refused, a seed that did not happen, an
/// incremental run that was not incremental); the program prints the message and exits with 1.
/// </summary>
public sealed class BenchmarkCheckException(string message) : Exception(message)
{
    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new BenchmarkCheckException(message);
        }
    }
}
