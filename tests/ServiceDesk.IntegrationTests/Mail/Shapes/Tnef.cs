using System.Text;

namespace ServiceDesk.IntegrationTests.Mail.Shapes;

/// <summary>
/// Writes a winmail.dat as Outlook does in rich-text mode ([MS-OXTNEF]): signature and legacy key; message attributes
/// attTnefVersion, attOemCodepage, attMessageClass, attMsgProps (PR_SUBJECT, PR_BODY as Unicode); then per attachment
/// attAttachRendData, attAttachTitle, attAttachData and attAttachment (PR_ATTACH_METHOD, PR_ATTACH_LONG_FILENAME,
/// PR_ATTACH_MIME_TAG). Every attribute: level byte, tag, length, data, 16-bit checksum of the data.
/// MimeKit 4.18.2 has no TnefWriter (only TnefReader), hence this.
/// </summary>
internal static class Tnef
{
    private const byte LevelMessage = 1;
    private const byte LevelAttachment = 2;

    private const uint AttTnefVersion = 0x00089006;
    private const uint AttOemCodepage = 0x00069007;
    private const uint AttMessageClass = 0x00078008;
    private const uint AttMsgProps = 0x00069003;
    private const uint AttAttachRendData = 0x00069002;
    private const uint AttAttachTitle = 0x00018010;
    private const uint AttAttachData = 0x0006800F;
    private const uint AttAttachment = 0x00069005;

    private const ushort PtLong = 0x0003;
    private const ushort PtUnicode = 0x001F;
    private const ushort PrSubject = 0x0037;
    private const ushort PrBody = 0x1000;
    private const ushort PrAttachMethod = 0x3705;
    private const ushort PrAttachLongFilename = 0x3707;
    private const ushort PrAttachMimeTag = 0x370E;

    public static byte[] Write(string subject, string body, params (string Name, string MimeType, byte[] Bytes)[] attachments)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write(0x223E9F78u);
        w.Write((ushort)0x4A2B);
        Attribute(w, LevelMessage, AttTnefVersion, BitConverter.GetBytes(0x00010000u));
        Attribute(w, LevelMessage, AttOemCodepage, [.. BitConverter.GetBytes(1252u), .. BitConverter.GetBytes(0u)]);
        Attribute(w, LevelMessage, AttMessageClass, Encoding.ASCII.GetBytes("IPM.Microsoft Mail.Note\0"));
        Attribute(w, LevelMessage, AttMsgProps, Properties(
            w2 => Unicode(w2, PrSubject, subject),
            w2 => Unicode(w2, PrBody, body)));
        foreach (var (name, mimeType, bytes) in attachments)
        {
            // attAttachRendData: AttachType 1 (file), position -1, width/height -1, flags 0.
            byte[] rend = [.. BitConverter.GetBytes((ushort)1), .. BitConverter.GetBytes(0xFFFFFFFFu),
                .. BitConverter.GetBytes((ushort)0xFFFF), .. BitConverter.GetBytes((ushort)0xFFFF), .. BitConverter.GetBytes(0u)];
            Attribute(w, LevelAttachment, AttAttachRendData, rend);
            Attribute(w, LevelAttachment, AttAttachTitle, Encoding.Latin1.GetBytes(name + "\0"));
            Attribute(w, LevelAttachment, AttAttachData, bytes);
            Attribute(w, LevelAttachment, AttAttachment, Properties(
                w2 => Long(w2, PrAttachMethod, 1),
                w2 => Unicode(w2, PrAttachLongFilename, name),
                w2 => Unicode(w2, PrAttachMimeTag, mimeType)));
        }
        w.Flush();
        return stream.ToArray();
    }

    private static void Attribute(BinaryWriter w, byte level, uint tag, byte[] data)
    {
        w.Write(level);
        w.Write(tag);
        w.Write((uint)data.Length);
        w.Write(data);
        w.Write((ushort)(data.Sum(b => (int)b) & 0xFFFF));
    }

    private static byte[] Properties(params Action<BinaryWriter>[] properties)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write((uint)properties.Length);
        foreach (var property in properties)
        {
            property(w);
        }
        w.Flush();
        return stream.ToArray();
    }

    private static void Long(BinaryWriter w, ushort id, int value)
    {
        w.Write(PtLong);
        w.Write(id);
        w.Write(value);
    }

    /// <summary>A PT_UNICODE value: value count 1, byte length (with the terminating NUL), UTF-16LE, padded to 4 bytes.</summary>
    private static void Unicode(BinaryWriter w, ushort id, string value)
    {
        var bytes = Encoding.Unicode.GetBytes(value + "\0");
        w.Write(PtUnicode);
        w.Write(id);
        w.Write(1u);
        w.Write((uint)bytes.Length);
        w.Write(bytes);
        w.Write(new byte[(4 - bytes.Length % 4) % 4]);
    }
}
