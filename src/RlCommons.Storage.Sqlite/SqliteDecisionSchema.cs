using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RlCommons.Storage.Sqlite;

/// <summary>
/// The versioned schema of the decision log, kept in <c>PRAGMA user_version</c>: migration <c>i</c> takes a database
/// from version <c>i</c> to <c>i + 1</c>. Migrations are applied at open, each in its own transaction with the version
/// bump, so a crash mid-migration leaves the previous version intact and the next open applies it again.
/// </summary>
internal static class SqliteDecisionSchema
{
    /// <summary>The SQLite result code of a file that is not a database (<c>SQLITE_NOTADB</c>).</summary>
    private const int NotADatabase = 26;

    // Append only: a released migration never changes (databases in the field have applied it).
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS decisions (
            seq INTEGER PRIMARY KEY,
            id BLOB NOT NULL UNIQUE,
            decision_point TEXT NOT NULL,
            policy_id TEXT NOT NULL,
            policy_version TEXT NOT NULL,
            action INTEGER NOT NULL,
            action_name TEXT NOT NULL,
            action_components BLOB NOT NULL,
            propensity REAL NOT NULL,
            probabilities BLOB NOT NULL,
            features BLOB NOT NULL,
            timestamp INTEGER NOT NULL,
            offset_minutes INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            sequence INTEGER NOT NULL,
            source INTEGER NOT NULL,
            explored INTEGER NOT NULL,
            reward REAL NULL,
            reward_count INTEGER NOT NULL,
            closed INTEGER NOT NULL,
            is_default INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_decisions_expiry ON decisions (decision_point, closed, timestamp);
        """,

        // Version 2: the closing order that learners read (IDecisionLog.ReadClosed); decisions closed under version 1
        // take positions in their append order.
        """
        ALTER TABLE decisions ADD COLUMN closed_position INTEGER NULL;
        WITH ordered AS (SELECT seq, ROW_NUMBER() OVER (ORDER BY seq) AS position FROM decisions WHERE closed = 1)
        UPDATE decisions SET closed_position = ordered.position FROM ordered WHERE decisions.seq = ordered.seq;
        CREATE UNIQUE INDEX IF NOT EXISTS ix_decisions_closed_position ON decisions (closed_position) WHERE closed_position IS NOT NULL;
        """,
    ];

    /// <summary>The schema version this code writes and reads.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Checks the file, sets the connection's pragmas and brings the schema to <see cref="CurrentVersion"/>.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="busyTimeout">The busy timeout.</param>
    /// <exception cref="InvalidDataException">The file is not a SQLite database (it is left as it is).</exception>
    /// <exception cref="InvalidOperationException">The database's schema is newer than this code's.</exception>
    public static void Open(SqliteConnection connection, TimeSpan busyTimeout)
    {
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};"));
        long version;
        try
        {
            // The first read of the file: a file that is not a database fails here, before anything is written to it.
            version = Scalar(connection, "PRAGMA user_version;");
        }
        catch (SqliteException e) when (e.SqliteErrorCode == NotADatabase)
        {
            throw new InvalidDataException($"'{connection.DataSource}' is not a SQLite database; the decision log left it untouched. Give the path of a decision log database or of a file that does not exist yet.", e);
        }

        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The decision log '{connection.DataSource}' has schema version {version}, newer than version {CurrentVersion} that this RlCommons.Storage.Sqlite supports. Upgrade the package to open it."));
        }

        // WAL: readers do not block the writer; NORMAL sync: a commit survives a process crash, and only the last
        // commits may be lost on a power failure (https://sqlite.org/wal.html).
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, "PRAGMA synchronous = NORMAL;");
        for (int v = (int)version; v < CurrentVersion; v++)
        {
            using SqliteTransaction transaction = connection.BeginTransaction();

            // Read again inside the write lock: another connection may have migrated meanwhile.
            if (Scalar(connection, "PRAGMA user_version;", transaction) > v)
            {
                transaction.Commit();
                continue;
            }

            Execute(connection, Migrations[v], transaction);
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {v + 1};"), transaction);
            transaction.Commit();
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
