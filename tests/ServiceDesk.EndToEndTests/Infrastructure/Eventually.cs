namespace ServiceDesk.EndToEndTests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes; the deadline is a bound, not the assertion.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        do
        {
            last = await probe();
            if (done(last)) return last;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0} s; last value: {last}");
    }
}
