using System.Text;
using ServiceDesk.Application.Workflows;

namespace ServiceDesk.UnitTests.Workflows;

public sealed class VendorSignatureTests
{
    private const string Secret = "vendor-secret-0123456789";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"ticketNumber\":\"INC-000001\",\"type\":\"acknowledged\"}");

    [Fact]
    public void A_signature_over_timestamp_and_body_verifies() =>
        Assert.True(VendorSignature.Verify(Secret, "1800000000", VendorSignature.Sign(Secret, 1_800_000_000, Body), Body, Now, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Another_secret_a_changed_body_or_a_changed_timestamp_fails()
    {
        var signature = VendorSignature.Sign(Secret, 1_800_000_000, Body);
        Assert.False(VendorSignature.Verify("another-secret-0123456", "1800000000", signature, Body, Now, TimeSpan.FromMinutes(5)));
        Assert.False(VendorSignature.Verify(Secret, "1800000000", signature, [.. Body, (byte)' '], Now, TimeSpan.FromMinutes(5)));
        Assert.False(VendorSignature.Verify(Secret, "1800000001", signature, Body, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_stale_timestamp_fails_even_when_correctly_signed()
    {
        var old = 1_800_000_000 - 600;
        Assert.False(VendorSignature.Verify(Secret, old.ToString(), VendorSignature.Sign(Secret, old, Body), Body, Now, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(null, "sha256=00")]
    [InlineData("abc", "sha256=00")]
    [InlineData("1800000000", null)]
    public void Missing_headers_fail(string? timestamp, string? signature) =>
        Assert.False(VendorSignature.Verify(Secret, timestamp, signature, Body, Now, TimeSpan.FromMinutes(5)));
}
