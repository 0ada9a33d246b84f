using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Staff;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Knowledge;

namespace ServiceDesk.Application.Knowledge;

/// <summary>
/// The daily reminder: every article whose review-by date has come (read from the review index, not from all articles)
/// gets one mail to its owner (the staff directory's address and language) through the outbox, keyed by article and
/// date so a rerun sends nothing twice; then its entry leaves the index. An entry whose article moved its date or was
/// archived is dropped without a mail.
/// </summary>
public sealed class ReviewReminders(IKnowledgeStore store, IStaffDirectory staff, IMailOutbox outbox, IOptions<MailOptions> mail, TimeProvider time)
{
    public sealed record Result(int Due, int Reminded, int Dropped);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var due = await store.ReviewsDueAsync(today, ct);
        int reminded = 0, dropped = 0;
        foreach (var (id, reviewBy) in due)
        {
            var article = (await store.FindAsync(id, ct))?.Article;
            if (article is null || article.ReviewBy != reviewBy || article.Status == ArticleStatus.Archived)
            {
                dropped++;
            }
            else if (await staff.FindAsync(article.Owner, ct) is { } owner)
            {
                var key = $"review:{reviewBy:yyyyMMdd}";
                var ticketKey = "review." + id;
                if (await outbox.GetAsync(ticketKey + "|" + key, ct) is null)
                {
                    var sv = owner.Language == Language.Sv;
                    var title = (article.Draft.Translations.GetValueOrDefault(owner.Language) ?? article.Draft.Translations.Values.First()).Title;
                    var subject = sv ? $"Dags att granska artikel {id}: {title}" : $"Time to review article {id}: {title}";
                    var body = sv
                        ? $"Hej {owner.Name},\n\nArtikeln {id} \"{title}\" skulle granskas senast {reviewBy:yyyy-MM-dd}. Kontrollera att den stämmer, uppdatera den eller arkivera den, och sätt ett nytt granskningsdatum.\n\nServicedesken\n"
                        : $"Hello {owner.Name},\n\nThe article {id} \"{title}\" was due for review by {reviewBy:yyyy-MM-dd}. Check that it is right, update or archive it, and set a new review date.\n\nThe service desk\n";
                    var messageId = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}.review@{mail.Value.MessageIdDomain}";
                    await outbox.AddAsync(new OutgoingMail(ticketKey, key, "article-review", owner.Email, owner.Name, subject, body, messageId, null, "auto-generated"), ct);
                }
                reminded++;
            }
            else
            {
                dropped++;   // the owner is not in the staff directory: nobody to remind
            }
            await store.RemoveReviewAsync(id, reviewBy, ct);
        }
        return new Result(due.Count, reminded, dropped);
    }
}
