using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using RlCommons.Core.Tests.TestSupport;
using RlCommons.Features;
using RlCommons.Snapshots;

namespace RlCommons.Core.Tests.Snapshots;

public sealed class SnapshotTests : IDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Created);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rlcommons-snapshot-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void ToBytesLoad_AwkwardDoubles_RoundTripBitExact()
    {
        double[] values =
        [
            -0.0,
            double.Epsilon,
            BitConverter.Int64BitsToDouble(0x000F_FFFF_FFFF_FFFF),
            BitConverter.Int64BitsToDouble(0x7FF8_0000_DEAD_BEEF),
            BitConverter.Int64BitsToDouble(unchecked((long)0xFFF0_0000_0000_0001)),
            double.NegativeInfinity,
            double.MaxValue,
            Math.PI,
        ];
        var source = new PayloadProbe { Doubles = values, Single = BitConverter.Int32BitsToSingle(0x7FC0_1234), Double = -0.0 };
        var target = new PayloadProbe();

        Snapshot.Load(target, Snapshot.ToBytes(source, _clock));

        Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), target.Doubles.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(0x7FC0_1234, BitConverter.SingleToInt32Bits(target.Single));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(target.Double));
    }

    [Fact]
    public void ToBytesLoad_EveryPrimitive_RoundTrips()
    {
        var source = new PayloadProbe
        {
            Int32 = -123456,
            Int64 = long.MinValue,
            UInt64 = ulong.MaxValue,
            Flag = true,
            Text = "état ✓ 日本",
            NullText = null,
            Bytes = [0, 255, 7],
            Singles = [1.5f, -0f, float.NaN],
            Int32s = [int.MinValue, 0, int.MaxValue],
            Int64s = [long.MaxValue, -1],
        };
        var target = new PayloadProbe { NullText = "not null" };

        Snapshot.Load(target, Snapshot.ToBytes(source, _clock));

        Assert.Equal(source.Int32, target.Int32);
        Assert.Equal(source.Int64, target.Int64);
        Assert.Equal(source.UInt64, target.UInt64);
        Assert.True(target.Flag);
        Assert.Equal(source.Text, target.Text);
        Assert.Null(target.NullText);
        Assert.Equal(source.Bytes, target.Bytes);
        Assert.Equal(source.Singles.Select(BitConverter.SingleToInt32Bits), target.Singles.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(source.Int32s, target.Int32s);
        Assert.Equal(source.Int64s, target.Int64s);
    }

    [Fact]
    public void ToBytes_Layout_MatchesDocumentedHeader()
    {
        var probe = new PayloadProbe();
        byte[] bytes = Snapshot.ToBytes(probe, _clock);
        byte[] type = Encoding.UTF8.GetBytes(probe.SnapshotType);
        int offset = 12 + type.Length;

        Assert.Equal("RLCS"u8.ToArray(), bytes[..4]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(type.Length, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(type, bytes[12..offset]);
        Assert.Equal(probe.SnapshotVersion, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset)));
        Assert.Equal(Created.UtcTicks, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 4)));
        long payloadLength = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 12));
        Assert.Equal(bytes.Length, offset + 20 + payloadLength + 32);
        Assert.Equal(SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)), bytes[^32..]);
    }

    [Fact]
    public void ReadInfo_ReturnsHeaderFields()
    {
        var stats = new RunningMeanVariance(2);

        SnapshotInfo info = Snapshot.ReadInfo(Snapshot.ToBytes(stats, _clock));

        Assert.Equal(1, info.FormatVersion);
        Assert.Equal("RlCommons.RunningMeanVariance", info.SnapshotType);
        Assert.Equal(1, info.SnapshotVersion);
        Assert.Equal(Created, info.CreatedAt);
        Assert.Equal(TimeSpan.Zero, info.CreatedAt.Offset);
        Assert.Equal(4 + 8 + (2 * (4 + 16)), info.PayloadLength);
    }

    [Fact]
    public void ReadInfo_ClockInOtherOffset_StoresUtcInstant()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 14, 17, 9, 26, TimeSpan.FromHours(2)));

        SnapshotInfo info = Snapshot.ReadInfo(Snapshot.ToBytes(new RunningMeanVariance(1), clock));

        Assert.Equal(new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.Zero), info.CreatedAt);
    }

    [Fact]
    public void Load_ReturnsTheSameInfoAsReadInfo()
    {
        byte[] bytes = Snapshot.ToBytes(new RunningMeanVariance(1), _clock);

        Assert.Equal(Snapshot.ReadInfo(bytes), Snapshot.Load(new RunningMeanVariance(1), bytes));
    }

    [Fact]
    public void Load_TruncatedAtEveryLength_ThrowsAndKeepsTarget()
    {
        byte[] bytes = Snapshot.ToBytes(Statistics(1, 2.5f, -1f), _clock);
        RunningMeanVariance target = Statistics(1, 7f);
        byte[] before = Snapshot.ToBytes(target, _clock);

        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] truncated = bytes[..length];
            Assert.Throws<SnapshotException>(() => Snapshot.Load(target, truncated));
            Assert.Throws<SnapshotException>(() => Snapshot.ReadInfo(truncated));
        }

        Assert.Equal(before, Snapshot.ToBytes(target, _clock));
    }

    [Fact]
    public void Load_AnySingleByteFlipped_ThrowsAndKeepsTarget()
    {
        byte[] bytes = Snapshot.ToBytes(Statistics(1, 2.5f, -1f), _clock);
        RunningMeanVariance target = Statistics(1, 7f);
        byte[] before = Snapshot.ToBytes(target, _clock);

        for (int position = 0; position < bytes.Length; position++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                byte[] corrupt = (byte[])bytes.Clone();
                corrupt[position] ^= mask;
                Assert.Throws<SnapshotException>(() => Snapshot.Load(target, corrupt));
            }
        }

        Assert.Equal(before, Snapshot.ToBytes(target, _clock));
    }

    [Fact]
    public void Load_TruncatedBody_ReportsTruncation()
    {
        byte[] bytes = Snapshot.ToBytes(new RunningMeanVariance(1), _clock);

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(new RunningMeanVariance(1), bytes.AsMemory(..^1)));

        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExtraByteAfterChecksum_Throws()
    {
        byte[] bytes = [.. Snapshot.ToBytes(new RunningMeanVariance(1), _clock), 0];

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(new RunningMeanVariance(1), bytes));

        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ChecksumMismatch_ReportsChecksum()
    {
        byte[] bytes = Snapshot.ToBytes(new RunningMeanVariance(1), _clock);
        bytes[^1] ^= 1;

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(new RunningMeanVariance(1), bytes));

        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotASnapshot_ReportsMagic()
    {
        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(new RunningMeanVariance(1), Encoding.UTF8.GetBytes("{\"json\": true} and more text to be long enough for a header")));

        Assert.Contains("'RLCS'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongType_NamesBothTypes()
    {
        byte[] bytes = Snapshot.ToBytes(new PayloadProbe(), _clock);
        RunningMeanVariance target = Statistics(1, 3f);
        byte[] before = Snapshot.ToBytes(target, _clock);

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, bytes));

        Assert.Contains("'Tests.PayloadProbe'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'RlCommons.RunningMeanVariance'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot.ToBytes(target, _clock));
    }

    [Fact]
    public void Load_FuturePayloadVersion_Throws()
    {
        byte[] bytes = Snapshot.ToBytes(new PayloadProbe { Version = 2 }, _clock);
        var target = new PayloadProbe { Int32 = 5 };

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, bytes));

        Assert.Contains("payload version 2 is not supported", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 1", ex.Message, StringComparison.Ordinal);
        Assert.Equal(5, target.Int32);
    }

    [Fact]
    public void Load_OlderPayloadVersion_IsPassedToReader()
    {
        byte[] bytes = Snapshot.ToBytes(new PayloadProbe { Version = 1 }, _clock);
        var target = new PayloadProbe { Version = 3 };

        SnapshotInfo info = Snapshot.Load(target, bytes);

        Assert.Equal(1, info.SnapshotVersion);
        Assert.Equal(1, target.LoadedVersion);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Load_PayloadVersionBelowOne_Throws(int version)
    {
        byte[] bytes = Snapshot.ToBytes(new PayloadProbe { Version = version }, _clock);

        Assert.Throws<SnapshotException>(() => Snapshot.Load(new PayloadProbe(), bytes));
    }

    [Fact]
    public void Load_FutureFormatVersion_Throws()
    {
        byte[] bytes = Snapshot.ToBytes(new RunningMeanVariance(1), _clock);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 2);

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.ReadInfo(bytes));

        Assert.StartsWith("Snapshot format version 2 is not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TrailingPayloadBytes_ThrowsAndKeepsStatistics()
    {
        // A payload of the right type whose statistics are followed by one byte more than the layout has.
        byte[] bytes = Snapshot.ToBytes(new ForgedStatistics { Dimension = 1, Count = 2, Trailing = true }, _clock);
        RunningMeanVariance target = Statistics(1, 3f);
        byte[] before = Snapshot.ToBytes(target, _clock);

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, bytes));

        Assert.Contains("1 unexpected trailing bytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot.ToBytes(target, _clock));
    }

    [Fact]
    public void Load_NegativeCount_ThrowsAndKeepsStatistics()
    {
        byte[] bytes = Snapshot.ToBytes(new ForgedStatistics { Dimension = 1, Count = -1 }, _clock);
        RunningMeanVariance target = Statistics(1, 3f);
        byte[] before = Snapshot.ToBytes(target, _clock);

        Assert.Throws<SnapshotException>(() => Snapshot.Load(target, bytes));

        Assert.Equal(before, Snapshot.ToBytes(target, _clock));
    }

    [Fact]
    public void Load_ForgedValidStatistics_AreAccepted()
    {
        // Guards the forgery above: without the defect it planted, the same payload loads.
        byte[] bytes = Snapshot.ToBytes(new ForgedStatistics { Dimension = 1, Count = 2 }, _clock);
        var target = new RunningMeanVariance(1);

        Snapshot.Load(target, bytes);

        Assert.Equal(2, target.Count);
    }

    [Fact]
    public void Load_ReaderThrowsArgumentException_WrappedInSnapshotException()
    {
        byte[] bytes = Snapshot.ToBytes(new PayloadProbe(), _clock);
        var target = new PayloadProbe { ThrowOnRead = new ArgumentException("bad arm index") };

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, bytes));

        Assert.Contains("bad arm index", ex.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentException>(ex.InnerException);
    }

    [Fact]
    public void Load_ReaderThrowsOtherException_PropagatesUnchanged()
    {
        byte[] bytes = Snapshot.ToBytes(new PayloadProbe(), _clock);
        var target = new PayloadProbe { ThrowOnRead = new NotSupportedException("boom") };

        Assert.Throws<NotSupportedException>(() => Snapshot.Load(target, bytes));
    }

    [Fact]
    public void ToBytes_WriterThrows_Propagates()
        => Assert.Throws<InvalidOperationException>(() => Snapshot.ToBytes(new ThrowingSnapshotable(), _clock));

    [Fact]
    public void ToBytes_EmptyType_Throws()
        => Assert.Equal("source", Assert.Throws<ArgumentException>(() => Snapshot.ToBytes(new PayloadProbe { Type = "" }, _clock)).ParamName);

    [Fact]
    public void SaveLoad_Stream_RoundTrips()
    {
        RunningMeanVariance source = Statistics(2, 1f, 2f, 5f, -3f);
        using var stream = new MemoryStream();
        Snapshot.Save(source, stream, _clock);
        stream.Position = 0;
        var target = new RunningMeanVariance(2);

        SnapshotInfo info = Snapshot.Load(target, stream);

        Assert.Equal(Created, info.CreatedAt);
        Assert.Equal(Snapshot.ToBytes(source, _clock), Snapshot.ToBytes(target, _clock));
    }

    [Fact]
    public void SaveLoad_File_RoundTripsAndCreatesFolder()
    {
        string path = Path.Combine(_folder, "nested", "deeper", "stats.rlcs");
        RunningMeanVariance source = Statistics(1, 4f, 8f);

        Snapshot.Save(source, path, _clock);
        var target = new RunningMeanVariance(1);
        Snapshot.Load(target, path);

        Assert.Equal(Snapshot.ToBytes(source, _clock), File.ReadAllBytes(path));
        Assert.Equal(Snapshot.ToBytes(source, _clock), Snapshot.ToBytes(target, _clock));
        Assert.Equal(["stats.rlcs"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Save_File_OverwritesPreviousSnapshot()
    {
        string path = Path.Combine(_folder, "stats.rlcs");
        Snapshot.Save(Statistics(1, 1f), path, _clock);

        Snapshot.Save(Statistics(1, 2f, 3f), path, _clock);

        Assert.Equal(Snapshot.ToBytes(Statistics(1, 2f, 3f), _clock), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Save_WriterThrows_PreviousFileByteIdenticalAndNoTempFiles()
    {
        string path = Path.Combine(_folder, "stats.rlcs");
        Snapshot.Save(Statistics(1, 1f, 2f), path, _clock);
        byte[] previous = File.ReadAllBytes(path);

        Assert.Throws<InvalidOperationException>(() => Snapshot.Save(new ThrowingSnapshotable(), path, _clock));

        Assert.Equal(previous, File.ReadAllBytes(path));
        Assert.Equal(["stats.rlcs"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Save_RenameFails_LeavesNoTempFile()
    {
        // The target is a folder, so the final rename fails after the temporary file was written.
        string path = Path.Combine(_folder, "occupied");
        Directory.CreateDirectory(path);

        Assert.ThrowsAny<IOException>(() => Snapshot.Save(new RunningMeanVariance(1), path, _clock));

        Assert.Empty(Directory.GetFiles(_folder));
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Directory.CreateDirectory(_folder);

        Assert.Throws<FileNotFoundException>(() => Snapshot.Load(new RunningMeanVariance(1), Path.Combine(_folder, "missing.rlcs")));
    }

    [Fact]
    public void SaveLoad_BlankPath_Throws()
    {
        Assert.Throws<ArgumentException>(() => Snapshot.Save(new RunningMeanVariance(1), " ", _clock));
        Assert.Throws<ArgumentException>(() => Snapshot.Load(new RunningMeanVariance(1), " "));
    }

    private static RunningMeanVariance Statistics(int dimension, params float[] values)
    {
        var stats = new RunningMeanVariance(dimension);
        for (int i = 0; i < values.Length; i += dimension)
        {
            stats.Update(values.AsSpan(i, dimension));
        }

        return stats;
    }

    /// <summary>Writes one of every payload primitive and reads them back.</summary>
    private sealed class PayloadProbe : ISnapshotable
    {
        public string Type { get; init; } = "Tests.PayloadProbe";

        public int Version { get; init; } = 1;

        public int LoadedVersion { get; private set; }

        public Exception? ThrowOnRead { get; init; }

        public int Int32 { get; set; }

        public long Int64 { get; set; }

        public ulong UInt64 { get; set; }

        public double Double { get; set; }

        public float Single { get; set; }

        public bool Flag { get; set; }

        public string? Text { get; set; } = "";

        public string? NullText { get; set; }

        public byte[] Bytes { get; set; } = [];

        public double[] Doubles { get; set; } = [];

        public float[] Singles { get; set; } = [];

        public int[] Int32s { get; set; } = [];

        public long[] Int64s { get; set; } = [];

        public string SnapshotType => Type;

        public int SnapshotVersion => Version;

        public void WriteSnapshot(SnapshotWriter writer)
        {
            writer.WriteInt32(Int32);
            writer.WriteInt64(Int64);
            writer.WriteUInt64(UInt64);
            writer.WriteDouble(Double);
            writer.WriteSingle(Single);
            writer.WriteBoolean(Flag);
            writer.WriteString(Text);
            writer.WriteString(NullText);
            writer.WriteBytes(Bytes);
            writer.WriteDoubles(Doubles);
            writer.WriteSingles(Singles);
            writer.WriteInt32s(Int32s);
            writer.WriteInt64s(Int64s);
        }

        public void ReadSnapshot(SnapshotReader reader, int version)
        {
            if (ThrowOnRead is not null)
            {
                throw ThrowOnRead;
            }

            (Int32, Int64, UInt64, Double, Single, Flag) = (reader.ReadInt32(), reader.ReadInt64(), reader.ReadUInt64(), reader.ReadDouble(), reader.ReadSingle(), reader.ReadBoolean());
            (Text, NullText, Bytes) = (reader.ReadString(), reader.ReadString(), reader.ReadBytes());
            (Doubles, Singles, Int32s, Int64s) = (reader.ReadDoubles(), reader.ReadSingles(), reader.ReadInt32s(), reader.ReadInt64s());
            reader.EnsureEnd();
            LoadedVersion = version;
        }
    }

    /// <summary>Writes a RunningMeanVariance payload by hand, optionally with a planted defect.</summary>
    private sealed class ForgedStatistics : ISnapshotable
    {
        public int Dimension { get; init; }

        public long Count { get; init; }

        public bool Trailing { get; init; }

        public string SnapshotType => "RlCommons.RunningMeanVariance";

        public int SnapshotVersion => 1;

        public void WriteSnapshot(SnapshotWriter writer)
        {
            writer.WriteInt32(Dimension);
            writer.WriteInt64(Count);
            writer.WriteDoubles(new double[Dimension]);
            writer.WriteDoubles(new double[Dimension]);
            if (Trailing)
            {
                writer.WriteBoolean(false);
            }
        }

        public void ReadSnapshot(SnapshotReader reader, int version) => throw new NotSupportedException();
    }

    private sealed class ThrowingSnapshotable : ISnapshotable
    {
        public string SnapshotType => "Tests.Throwing";

        public int SnapshotVersion => 1;

        public void WriteSnapshot(SnapshotWriter writer)
        {
            writer.WriteInt32(1);
            throw new InvalidOperationException("The state cannot be written right now.");
        }

        public void ReadSnapshot(SnapshotReader reader, int version) => throw new NotSupportedException();
    }
}
