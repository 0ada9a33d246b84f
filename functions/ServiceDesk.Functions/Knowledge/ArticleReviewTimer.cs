using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.Knowledge;

namespace ServiceDesk.Functions.Knowledge;

/// <summary>Every day at 06:00 UTC: remind the owners of articles whose review-by date has come.</summary>
public sealed partial class ArticleReviewTimer(ReviewReminders reminders, ILogger<ArticleReviewTimer> logger)
{
    [Function("ArticleReviewReminders")]
    public async Task Run([TimerTrigger("0 0 6 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await reminders.RunAsync(cancellationToken);
        if (result.Due > 0)
        {
            LogResult(logger, result.Due, result.Reminded, result.Dropped);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Article reviews: {Due} due, {Reminded} owners reminded, {Dropped} dropped.")]
    private static partial void LogResult(ILogger logger, int due, int reminded, int dropped);
}
