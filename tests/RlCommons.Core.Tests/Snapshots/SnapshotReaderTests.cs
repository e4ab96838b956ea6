using RlCommons.Snapshots;

namespace RlCommons.Core.Tests.Snapshots;

public class SnapshotReaderTests
{
    [Fact]
    public void Writer_Primitives_AreLittleEndian()
    {
        var writer = new SnapshotWriter();
        writer.WriteInt32(0x01020304);
        writer.WriteInt64(-2);
        writer.WriteBoolean(true);
        writer.WriteString("é");
        writer.WriteString(null);

        Assert.Equal(
            [0x04, 0x03, 0x02, 0x01, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x02, 0, 0, 0, 0xC3, 0xA9, 0xFF, 0xFF, 0xFF, 0xFF],
            writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Writer_Doubles_CountThenIeeeBits()
    {
        var writer = new SnapshotWriter();
        writer.WriteDoubles([1.0]);

        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F], writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Writer_LargePayload_GrowsBuffer()
    {
        var writer = new SnapshotWriter();
        var values = new double[1000];
        values[999] = 42;
        writer.WriteDoubles(values);
        var reader = new SnapshotReader(writer.WrittenSpan.ToArray());

        double[] read = reader.ReadDoubles(1000, "values");

        Assert.Equal(42, read[999]);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Remaining_CountsDown()
    {
        var reader = new SnapshotReader(new byte[12]);

        Assert.Equal(12, reader.Remaining);
        reader.ReadInt32();
        Assert.Equal(8, reader.Remaining);
        reader.ReadDouble();
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void ReadInt64_PastEnd_ThrowsTruncated()
    {
        var reader = new SnapshotReader(new byte[7]);

        var ex = Assert.Throws<SnapshotException>(() => reader.ReadInt64());

        Assert.Equal("The payload is truncated: needed 8 bytes at offset 0, 7 left.", ex.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(255)]
    public void ReadBoolean_NotZeroOrOne_Throws(byte value)
    {
        var ex = Assert.Throws<SnapshotException>(() => new SnapshotReader(new[] { value }).ReadBoolean());
        Assert.Contains($"found {value}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadString_LengthBeyondPayload_Throws()
    {
        byte[] payload = [10, 0, 0, 0, (byte)'a'];

        var ex = Assert.Throws<SnapshotException>(() => new SnapshotReader(payload).ReadString());

        Assert.Contains("a length of 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadString_NegativeLengthOtherThanNull_Throws()
        => Assert.Throws<SnapshotException>(() => new SnapshotReader(new byte[] { 0xFE, 0xFF, 0xFF, 0xFF }).ReadString());

    [Fact]
    public void ReadString_InvalidUtf8_Throws()
    {
        byte[] payload = [2, 0, 0, 0, 0xC3, 0x28];

        var ex = Assert.Throws<SnapshotException>(() => new SnapshotReader(payload).ReadString());

        Assert.Equal("A string in the snapshot is not valid UTF-8.", ex.Message);
    }

    [Fact]
    public void ReadRequiredString_Null_Throws()
    {
        var writer = new SnapshotWriter();
        writer.WriteString(null);

        Assert.Throws<SnapshotException>(() => new SnapshotReader(writer.WrittenSpan.ToArray()).ReadRequiredString());
    }

    [Fact]
    public void ReadRequiredString_Value_ReturnsIt()
    {
        var writer = new SnapshotWriter();
        writer.WriteString("");

        Assert.Equal("", new SnapshotReader(writer.WrittenSpan.ToArray()).ReadRequiredString());
    }

    [Fact]
    public void ReadDoubles_HugeCount_ThrowsWithoutAllocating()
    {
        // int.MaxValue doubles would be 16 GiB: the count is checked against the bytes left first.
        byte[] payload = [0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0];

        Assert.Throws<SnapshotException>(() => new SnapshotReader(payload).ReadDoubles());
    }

    [Fact]
    public void ReadInt32s_NegativeCount_Throws()
        => Assert.Throws<SnapshotException>(() => new SnapshotReader(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }).ReadInt32s());

    [Fact]
    public void ReadBytes_CountBeyondPayload_Throws()
        => Assert.Throws<SnapshotException>(() => new SnapshotReader(new byte[] { 3, 0, 0, 0, 1, 2 }).ReadBytes());

    [Fact]
    public void ReadDoubles_UnexpectedCount_ThrowsNamingWhat()
    {
        var writer = new SnapshotWriter();
        writer.WriteDoubles([1.0, 2.0]);

        var ex = Assert.Throws<SnapshotException>(() => new SnapshotReader(writer.WrittenSpan.ToArray()).ReadDoubles(3, "the means"));

        Assert.Equal("Expected 3 values for the means, the snapshot has 2.", ex.Message);
    }

    [Fact]
    public void EnsureEnd_BytesLeft_ThrowsWithCount()
    {
        var reader = new SnapshotReader(new byte[6]);
        reader.ReadInt32();

        var ex = Assert.Throws<SnapshotException>(reader.EnsureEnd);

        Assert.Equal("The payload has 2 unexpected trailing bytes.", ex.Message);
    }

    [Fact]
    public void EnsureEnd_AllRead_DoesNotThrow()
    {
        var reader = new SnapshotReader(new byte[4]);
        reader.ReadSingle();

        reader.EnsureEnd();

        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void SnapshotException_IsAnIOException()
    {
        var inner = new InvalidOperationException("x");

        Assert.IsAssignableFrom<IOException>(new SnapshotException("m"));
        Assert.Same(inner, new SnapshotException("m", inner).InnerException);
        Assert.NotNull(new SnapshotException().Message);
    }
}
