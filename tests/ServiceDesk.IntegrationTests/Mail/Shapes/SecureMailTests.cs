using ServiceDesk.Application.Mail;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Application.Tickets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using MimeKit.Cryptography;
using X509KeyUsageFlags = System.Security.Cryptography.X509Certificates.X509KeyUsageFlags;
using static ServiceDesk.IntegrationTests.Mail.Shapes.Mime;

namespace ServiceDesk.IntegrationTests.Mail.Shapes;

/// <summary>
/// Signed mail shows its signed text (the signature is kept as an attachment); encrypted mail, which the service desk
/// cannot read, still opens a ticket that says so in Swedish and English, and its raw message is kept. The S/MIME
/// mails are real CMS made by MimeKit with a self-signed certificate; the PGP ones are written as text (their armored
/// blocks need not verify).
/// </summary>
public sealed class SecureMailTests(ShapesApp shapes) : IClassFixture<ShapesApp>
{
    public const string SignedText = "Hej! Mitt certifikat för VPN gick ut i dag, kan ni förnya det? /Anna";
    public const string SecretText = "Lösenordet till servicekontot är Sommar2026!";

    private static readonly Lazy<X509Certificate2> AnnasCertificate = new(() => Certificate("Anna Svensson", "anna@contoso.se"));
    private static readonly Lazy<X509Certificate2> SupportCertificate = new(() => Certificate("ServiceDesk", "support@servicedesk.local"));

    private static X509Certificate2 Certificate(string name, string email)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, E={email}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.NonRepudiation, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.4")], false)); // emailProtection
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(email);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static MimeEntity OutlookBody(string text)
    {
        var plain = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        plain.SetText("iso-8859-1", text + "\n");
        var html = new TextPart("html") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        html.SetText("iso-8859-1", $"<html><body><p>{System.Net.WebUtility.HtmlEncode(text)}</p></body></html>\n");
        return new MultipartAlternative { plain, html };
    }

    private static byte[] Serialize(MimeEntity entity)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        entity.WriteTo(options, stream);
        return stream.ToArray();
    }

    /// <summary>The outer headers Outlook writes, then the MIME entity (which brings its own Content-* headers).</summary>
    private static byte[] OutlookMail(string messageId, string subject, MimeEntity body) =>
        [.. Utf8(Lines(
            "From: Anna Svensson <anna@contoso.se>",
            "To: Support <support@servicedesk.local>",
            $"Subject: {Q(subject, "iso-8859-1")}",
            $"Thread-Topic: {Q(subject, "iso-8859-1")}",
            $"Date: {Date}",
            $"Message-ID: <{messageId}>",
            "Accept-Language: sv-SE, en-US",
            "Content-Language: sv-SE",
            "X-MS-Has-Attach: yes",
            "MIME-Version: 1.0")), .. Serialize(body)];

    public static byte[] SmimeSigned(string messageId)
    {
        using var context = new TemporarySecureMimeContext();
        var signer = new CmsSigner(AnnasCertificate.Value) { DigestAlgorithm = DigestAlgorithm.Sha256 };
        return OutlookMail(messageId, "Förnya VPN-certifikat", MultipartSigned.Create(context, signer, OutlookBody(SignedText)));
    }

    public static byte[] SmimeOpaqueSigned(string messageId)
    {
        using var context = new TemporarySecureMimeContext();
        var signer = new CmsSigner(AnnasCertificate.Value) { DigestAlgorithm = DigestAlgorithm.Sha256 };
        return OutlookMail(messageId, "Förnya VPN-certifikat", ApplicationPkcs7Mime.Sign(context, signer, OutlookBody(SignedText)));
    }

    public static byte[] SmimeEncrypted(string messageId)
    {
        using var context = new TemporarySecureMimeContext();
        var publicOnly = X509CertificateLoader.LoadCertificate(SupportCertificate.Value.RawData);
        var recipients = new CmsRecipientCollection { new CmsRecipient(publicOnly) };
        return OutlookMail(messageId, "Lösenord till servicekontot", ApplicationPkcs7Mime.Encrypt(context, recipients, OutlookBody(SecretText)));
    }

    /// <summary>Apple Mail with GPG Suite: multipart/signed, the signature as signature.asc.</summary>
    public static byte[] PgpSigned(string messageId) => Utf8(Lines(
        "From: Anna Svensson <anna@contoso.se>",
        $"Content-Type: multipart/signed;\r\n\tboundary=\"Apple-Mail=_5B7C1E0A-2F4D-4C1B-9E55-3C2A1D0F9B11\";\r\n\tprotocol=\"application/pgp-signature\";\r\n\tmicalg=pgp-sha256",
        "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.600.62\\))",
        $"Subject: {Q("Förnya VPN-certifikat")}",
        $"Date: {Date}",
        $"Message-Id: <{messageId}>",
        "To: support@servicedesk.local",
        "X-Mailer: Apple Mail (2.3774.600.62)",
        "",
        "",
        "--Apple-Mail=_5B7C1E0A-2F4D-4C1B-9E55-3C2A1D0F9B11",
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Type: text/plain;",
        "\tcharset=utf-8",
        "",
        QuotedPrintable(SignedText + "\n") + "--Apple-Mail=_5B7C1E0A-2F4D-4C1B-9E55-3C2A1D0F9B11",
        "Content-Transfer-Encoding: 7bit",
        "Content-Disposition: attachment;",
        "\tfilename=signature.asc",
        "Content-Type: application/pgp-signature;",
        "\tname=signature.asc",
        "Content-Description: Message signed with OpenPGP",
        "",
        "-----BEGIN PGP SIGNATURE-----",
        "",
        Base64(Noise(118, 1)).TrimEnd(),
        "=q2Rt",
        "-----END PGP SIGNATURE-----",
        "",
        "--Apple-Mail=_5B7C1E0A-2F4D-4C1B-9E55-3C2A1D0F9B11--"));

    /// <summary>Thunderbird/Enigmail PGP/MIME: application/pgp-encrypted version part, then the armored message.</summary>
    public static byte[] PgpEncrypted(string messageId) => Utf8(Lines(
        "From: Anna Svensson <anna@contoso.se>",
        "To: support@servicedesk.local",
        $"Subject: {Q("Lösenord till servicekontot")}",
        $"Message-ID: <{messageId}>",
        $"Date: {Date}",
        "User-Agent: Mozilla Thunderbird",
        "MIME-Version: 1.0",
        "Content-Type: multipart/encrypted;\r\n protocol=\"application/pgp-encrypted\";\r\n boundary=\"------------enc0Q7mZfX1Lr2VbN8cWy4Hs\"",
        "",
        "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)",
        "--------------enc0Q7mZfX1Lr2VbN8cWy4Hs",
        "Content-Type: application/pgp-encrypted",
        "Content-Description: PGP/MIME version identification",
        "",
        "Version: 1",
        "",
        "--------------enc0Q7mZfX1Lr2VbN8cWy4Hs",
        "Content-Type: application/octet-stream; name=\"encrypted.asc\"",
        "Content-Description: OpenPGP encrypted message",
        "Content-Disposition: inline; filename=\"encrypted.asc\"",
        "",
        "-----BEGIN PGP MESSAGE-----",
        "",
        Base64(Noise(700, 2)).TrimEnd(),
        "=Xy3k",
        "-----END PGP MESSAGE-----",
        "",
        "--------------enc0Q7mZfX1Lr2VbN8cWy4Hs--"));

    [Fact]
    public async Task An_SMIME_signed_mail_shows_the_signed_text_and_keeps_smime_p7s()
    {
        var o = (await shapes.IngestAsync(SmimeSigned(NewId()))).Created();

        Assert.Contains(SignedText, o.Text);
        Assert.Contains("Attachment stored: smime.p7s", o.Notes);
    }

    [Fact]
    public async Task A_PGP_signed_mail_shows_the_signed_text_and_keeps_signature_asc()
    {
        var o = (await shapes.IngestAsync(PgpSigned(NewId()))).Created();

        Assert.Contains(SignedText, o.Text);
        Assert.Contains("Attachment stored: signature.asc", o.Notes);
    }

    [Fact]
    public async Task An_opaque_SMIME_signed_mail_shows_the_text_inside_the_signed_data()
    {
        var o = (await shapes.IngestAsync(SmimeOpaqueSigned(NewId()))).Created();

        Assert.Contains(SignedText, o.Text);
    }

    [Theory]
    [InlineData("smime")]
    [InlineData("pgp")]
    public async Task An_encrypted_mail_opens_a_ticket_saying_in_Swedish_and_English_that_it_is_encrypted_and_keeps_the_raw(string kind)
    {
        var id = NewId();
        var raw = kind == "smime" ? SmimeEncrypted(id) : PgpEncrypted(id);

        var o = (await shapes.IngestAsync(raw)).Created();

        Assert.Contains("krypterat", o.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("encrypted", o.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Sommar2026", o.Text);
        // The sender is answered too: a public comment of the desk (mailed as "New reply") in the requester's language.
        var activities = (await shapes.App.Get<ITicketStore>().ListActivityAsync(o.Result.TicketNumber!, true, 100, null, CancellationToken.None)).Items;
        var answer = Assert.Single(activities, a => a.Type == ActivityType.Comment && a.Actor.Id == "servicedesk");
        Assert.Equal(InboundMailText.EncryptedAnswer(Language.Sv), answer.Text);
        var record = await shapes.InboundAsync("created", id);
        Assert.NotNull(record);
        Assert.False(string.IsNullOrEmpty(record.RawBlob), "The raw message was not kept.");
    }

    [Fact]
    public void The_SMIME_fixtures_are_real_CMS_that_verify_and_decrypt()
    {
        using var context = new TemporarySecureMimeContext();
        var signed = Assert.IsType<MultipartSigned>(MimeMessage.Load(new MemoryStream(SmimeSigned(NewId()))).Body);
        Assert.Equal("application/pkcs7-signature", signed.ContentType.Parameters["protocol"]);
        Assert.True(Assert.Single(signed.Verify(context)).Verify(verifySignatureOnly: true));

        var opaque = Assert.IsType<ApplicationPkcs7Mime>(MimeMessage.Load(new MemoryStream(SmimeOpaqueSigned(NewId()))).Body);
        Assert.Equal(SecureMimeType.SignedData, opaque.SecureMimeType);
        opaque.Verify(context, out var content);
        Assert.Contains(SignedText, Assert.IsType<MultipartAlternative>(content).TextBody);

        var encrypted = Assert.IsType<ApplicationPkcs7Mime>(MimeMessage.Load(new MemoryStream(SmimeEncrypted(NewId()))).Body);
        Assert.Equal(SecureMimeType.EnvelopedData, encrypted.SecureMimeType);
        Assert.Equal("smime.p7m", encrypted.ContentType.Name);
        context.Import(new MemoryStream(SupportCertificate.Value.Export(X509ContentType.Pfx, "p")), "p");
        Assert.Contains(SecretText, Assert.IsType<MultipartAlternative>(encrypted.Decrypt(context)).TextBody);
    }
}
