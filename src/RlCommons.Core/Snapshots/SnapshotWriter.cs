using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace RlCommons.Snapshots;

/// <summary>
/// Writes a snapshot payload: little-endian primitives, length-prefixed strings and arrays. Values are
/// stored bit for bit (doubles as their IEEE-754 bits), so a round trip is exact.
/// </summary>
public sealed class SnapshotWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Writes a 32-bit integer.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    /// <summary>Writes a 64-bit integer.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>Writes an unsigned 64-bit integer.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>Writes a double, bit for bit.</summary>
    /// <param name="value">The value.</param>
    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>Writes a float, bit for bit.</summary>
    /// <param name="value">The value.</param>
    public void WriteSingle(float value) => WriteInt32(BitConverter.SingleToInt32Bits(value));

    /// <summary>Writes a boolean as one byte.</summary>
    /// <param name="value">The value.</param>
    public void WriteBoolean(bool value)
    {
        _buffer.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        _buffer.Advance(1);
    }

    /// <summary>Writes a UTF-8 string with its byte length; <see langword="null"/> is written as length −1.</summary>
    /// <param name="value">The string.</param>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        int length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(length);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    /// <summary>Writes raw bytes with their length.</summary>
    /// <param name="values">The bytes.</param>
    public void WriteBytes(ReadOnlySpan<byte> values)
    {
        WriteInt32(values.Length);
        values.CopyTo(_buffer.GetSpan(values.Length));
        _buffer.Advance(values.Length);
    }

    /// <summary>Writes doubles with their count, bit for bit.</summary>
    /// <param name="values">The values.</param>
    public void WriteDoubles(ReadOnlySpan<double> values) => WriteBlock(values);

    /// <summary>Writes floats with their count, bit for bit.</summary>
    /// <param name="values">The values.</param>
    public void WriteSingles(ReadOnlySpan<float> values) => WriteBlock(values);

    /// <summary>Writes 32-bit integers with their count.</summary>
    /// <param name="values">The values.</param>
    public void WriteInt32s(ReadOnlySpan<int> values) => WriteBlock(values);

    /// <summary>Writes 64-bit integers with their count.</summary>
    /// <param name="values">The values.</param>
    public void WriteInt64s(ReadOnlySpan<long> values) => WriteBlock(values);

    private void WriteBlock<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        WriteInt32(values.Length);
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Snapshots are written on little-endian machines only.");
        }

        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }
}
