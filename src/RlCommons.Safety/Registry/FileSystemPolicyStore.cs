using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RlCommons.Snapshots;

namespace RlCommons.Safety.Registry;

/// <summary>
/// A crash-safe <see cref="IPolicyStore"/> in a folder: <c>versions/000001.snapshot</c> and <c>versions/000001.json</c>
/// per version, a <c>CURRENT</c> pointer file and an append-only <c>audit.jsonl</c>.
/// </summary>
/// <remarks>
/// <para>Every file is written atomically: in full to a temporary file in the same folder, flushed to disk, then renamed
/// over the target. A version's snapshot is written before its metadata, and the metadata names the snapshot's
/// SHA-256, so a version whose write was interrupted is never listed; <c>CURRENT</c> is only replaced after the version
/// it points to is complete. A crash therefore leaves the previous version current. Audit lines are appended and
/// flushed; a torn last line is ignored on read.</para>
/// <para>Thread safety: all members are thread-safe within one process (one lock); one process should own a folder.</para>
/// </remarks>
public sealed class FileSystemPolicyStore : IPolicyStore
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };
    private readonly Lock _gate = new();
    private readonly string _versions;
    private readonly string _current;
    private readonly string _audit;

    /// <summary>Opens (or creates) a store in <paramref name="folder"/>.</summary>
    /// <param name="folder">The folder; created when missing.</param>
    public FileSystemPolicyStore(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string root = Path.GetFullPath(folder);
        _versions = Path.Combine(root, "versions");
        _current = Path.Combine(root, "CURRENT");
        _audit = Path.Combine(root, "audit.jsonl");
        Directory.CreateDirectory(_versions);
    }

    /// <summary>Test hook: when set, the next atomic write stops after this many bytes with an <see cref="IOException"/>, leaving its temporary file behind as a crash would.</summary>
    internal long? CrashAfterBytes { get; set; }

    /// <summary>Test hook: how many atomic writes complete before the one that <see cref="CrashAfterBytes"/> interrupts.</summary>
    internal int CrashSkipWrites { get; set; }

    /// <inheritdoc/>
    public void WriteVersion(PolicyVersion version, ReadOnlySpan<byte> snapshot)
    {
        ArgumentNullException.ThrowIfNull(version);
        byte[] bytes = snapshot.ToArray();
        lock (_gate)
        {
            WriteAtomically(SnapshotPath(version.Number), bytes);
            WriteAtomically(MetadataPath(version.Number), JsonSerializer.SerializeToUtf8Bytes(version, Json));
        }
    }

    /// <inheritdoc/>
    public byte[] ReadSnapshot(int number)
    {
        lock (_gate)
        {
            PolicyVersion? version = ReadVersion(MetadataPath(number));
            return version is not null && TryReadSnapshot(version, out byte[] bytes)
                ? bytes
                : throw new KeyNotFoundException($"Policy version {number} does not exist or is incomplete.");
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<PolicyVersion> ListVersions()
    {
        lock (_gate)
        {
            var list = new List<PolicyVersion>();
            foreach (string path in Directory.EnumerateFiles(_versions, "*.json"))
            {
                if (ReadVersion(path) is { } v && TryReadSnapshot(v, out _))
                {
                    list.Add(v);
                }
            }

            list.Sort((a, b) => a.Number.CompareTo(b.Number));
            return list;
        }
    }

    /// <inheritdoc/>
    public int? ReadCurrent()
    {
        lock (_gate)
        {
            if (!File.Exists(_current))
            {
                return null;
            }

            string text = File.ReadAllText(_current).Trim();
            return text.Length == 0 ? null : int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        }
    }

    /// <inheritdoc/>
    public void WriteCurrent(int? number)
    {
        lock (_gate)
        {
            WriteAtomically(_current, Encoding.UTF8.GetBytes(number?.ToString(CultureInfo.InvariantCulture) ?? string.Empty));
        }
    }

    /// <inheritdoc/>
    public void AppendAudit(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(entry, Json), (byte)'\n'];
        lock (_gate)
        {
            using var stream = new FileStream(_audit, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(line);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> ReadAudit()
    {
        lock (_gate)
        {
            if (!File.Exists(_audit))
            {
                return [];
            }

            var entries = new List<AuditEntry>();
            foreach (string line in File.ReadAllLines(_audit))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    entries.Add(JsonSerializer.Deserialize<AuditEntry>(line, Json)!);
                }
                catch (JsonException)
                {
                    // A torn line from an interrupted append; the entries before it stand.
                }
            }

            return entries;
        }
    }

    private string SnapshotPath(int number) => Path.Combine(_versions, $"{number:D6}.snapshot");

    private string MetadataPath(int number) => Path.Combine(_versions, $"{number:D6}.json");

    private static PolicyVersion? ReadVersion(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<PolicyVersion>(File.ReadAllBytes(path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private bool TryReadSnapshot(PolicyVersion version, out byte[] bytes)
    {
        string path = SnapshotPath(version.Number);
        bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
        return bytes.Length > 0 && string.Equals(Convert.ToHexString(SHA256.HashData(bytes)), version.SnapshotSha256, StringComparison.OrdinalIgnoreCase);
    }

    private void WriteAtomically(string path, byte[] bytes)
    {
        long? crashAfter = CrashAfterBytes is not null && CrashSkipWrites-- <= 0 ? CrashAfterBytes : null;
        if (crashAfter is not null)
        {
            CrashAfterBytes = null;
        }

        AtomicFile.Write(path, bytes, crashAfter);
    }
}
