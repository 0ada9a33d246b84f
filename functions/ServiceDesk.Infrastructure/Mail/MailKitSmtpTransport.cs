using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using ServiceDesk.Application.Mail;
using ServiceDesk.Domain.Mail;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>
/// SMTP with MailKit, one connection per mail (the global rate is at most a mail every two seconds). Every mail has
/// From and Reply-To the support mailbox, our Message-ID, Auto-Submitted (RFC 3834), our loop header, and asks
/// Exchange not to auto-respond. 5xx replies are permanent, except authentication (530, 534, 535, 538: our
/// credentials, not the mail); 4xx, authentication, connection and protocol failures are transient.
/// </summary>
public sealed class MailKitSmtpTransport(IOptions<SmtpOptions> smtp, IOptions<MailOptions> mail) : ISmtpTransport
{
    public async Task SendAsync(OutgoingMail outgoing, CancellationToken ct)
    {
        var message = Build(outgoing, mail.Value);
        var o = smtp.Value;
        using var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        try
        {
            var security = o.Security.ToLowerInvariant() switch
            {
                "none" => SecureSocketOptions.None,
                "starttls" => SecureSocketOptions.StartTls,
                "sslonconnect" => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.Auto,
            };
            await client.ConnectAsync(o.Host, o.Port, security, ct);
            if (o.UserName.Length > 0)
            {
                await client.AuthenticateAsync(o.UserName, o.Password, ct);
            }
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (e is AuthenticationException or ServiceNotAuthenticatedException)
        {
            // ServiceNotAuthenticatedException: the server answered 530 to MAIL FROM (credentials required, none sent).
            // Before it was caught here it escaped the transport, and the queue message ended in poison.
            throw new MailDeliveryException(false, "SMTP authentication failed (check ServiceDesk:Mail:Smtp:UserName and Password): " + e.Message, e, authentication: true);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode is 530 or 534 or 535 or 538)
        {
            // Authentication required or refused: our configuration, not this mail. Retried like an outage, so nothing
            // is marked failed for good while the credentials are being fixed.
            throw new MailDeliveryException(false, $"SMTP authentication failed (check ServiceDesk:Mail:Smtp:UserName and Password): {(int)e.StatusCode} {e.Message}", e, authentication: true);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            throw new MailDeliveryException(true, $"{(int)e.StatusCode} {e.Message}", e);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or SocketException or IOException
                                      or AuthenticationException or ServiceNotConnectedException or TimeoutException
                                      or SslHandshakeException)
        {
            throw new MailDeliveryException(false, e.Message, e);
        }
    }

    public static MimeMessage Build(OutgoingMail outgoing, MailOptions options)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.SupportName, options.SupportAddress));
        message.ReplyTo.Add(new MailboxAddress(options.SupportName, options.SupportAddress));
        message.To.Add(new MailboxAddress(outgoing.ToName, outgoing.To));
        message.Subject = outgoing.Subject;
        message.MessageId = outgoing.MessageId;
        if (outgoing.InReplyTo is { } inReplyTo)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        message.Headers.Add("Auto-Submitted", outgoing.AutoSubmitted);
        message.Headers.Add(LoopDetector.LoopHeader, options.MessageIdDomain);
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        message.Body = new TextPart("plain") { Text = outgoing.Body };
        return message;
    }
}
