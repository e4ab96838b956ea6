using System.Globalization;

namespace RlCommons.Evaluation.Data;

/// <summary>
/// A labelled data set prepared for the supervised-to-bandit conversion: K = max label + 1 arms, the features
/// of each row min–max scaled to [0, 1] per column over the whole file (a constant column becomes 0) with a
/// constant 1 appended as a bias feature. Immutable once loaded.
/// </summary>
internal sealed class BanditDataset
{
    private readonly float[] _features;
    private readonly int[] _labels;

    private BanditDataset(float[] features, int[] labels, int dimension, int armCount)
    {
        _features = features;
        _labels = labels;
        Dimension = dimension;
        ArmCount = armCount;
    }

    /// <summary>The number of rows.</summary>
    public int RowCount => _labels.Length;

    /// <summary>The length of a feature vector: the file's feature columns plus the bias.</summary>
    public int Dimension { get; }

    /// <summary>The number of arms K (the largest label + 1).</summary>
    public int ArmCount { get; }

    /// <summary>The label (the rewarded arm) of row <paramref name="row"/>.</summary>
    public int Label(int row) => _labels[row];

    /// <summary>The scaled features of row <paramref name="row"/>, bias last.</summary>
    public ReadOnlySpan<float> Features(int row) => _features.AsSpan(row * Dimension, Dimension);

    /// <summary>The first <paramref name="rows"/> rows (all when there are fewer), prepared as in this data set, with the same arms.</summary>
    public BanditDataset Take(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        int n = Math.Min(rows, RowCount);
        return new BanditDataset(_features[..(n * Dimension)], _labels[..n], Dimension, ArmCount);
    }

    /// <summary>Reads and prepares a CSV file (see <see cref="Parse"/>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The content is malformed; the message names the line.</exception>
    public static BanditDataset Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The data file '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path);
        return Parse(reader, Path.GetFileName(path));
    }

    /// <summary>
    /// Parses CSV text: a header line, then one row a line, comma-separated, the first column an integer label
    /// in 0..K−1 and the others numbers (invariant culture). Blank lines are skipped.
    /// </summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The name used in error messages.</param>
    /// <exception cref="InvalidDataException">A ragged row, a bad label or number, no header, no feature column or no row.</exception>
    public static BanditDataset Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? header = reader.ReadLine();
        int lineNumber = 1;
        while (header is not null && string.IsNullOrWhiteSpace(header))
        {
            header = reader.ReadLine();
            lineNumber++;
        }

        if (header is null)
        {
            throw new InvalidDataException($"{source}: the file is empty; expected a header line and data rows.");
        }

        int columns = header.Split(',').Length;
        if (columns < 2)
        {
            throw new InvalidDataException($"{source}: the header has {columns} column; expected a label column and at least one feature column.");
        }

        int featureCount = columns - 1;
        var raw = new List<double>();
        var labels = new List<int>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string[] cells = line.Split(',');
            if (cells.Length != columns)
            {
                throw new InvalidDataException($"{source}, line {lineNumber}: {cells.Length} columns, but the header has {columns}.");
            }

            if (!int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) || label < 0)
            {
                throw new InvalidDataException($"{source}, line {lineNumber}: the label '{cells[0]}' is not an integer of at least 0.");
            }

            labels.Add(label);
            for (int c = 1; c < columns; c++)
            {
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                {
                    throw new InvalidDataException($"{source}, line {lineNumber}, column {c + 1}: '{cells[c]}' is not a finite number.");
                }

                raw.Add(value);
            }
        }

        if (labels.Count == 0)
        {
            throw new InvalidDataException($"{source}: the file has a header but no data rows.");
        }

        return Prepare(raw, labels, featureCount);
    }

    private static BanditDataset Prepare(List<double> raw, List<int> labels, int featureCount)
    {
        int rows = labels.Count;
        var min = new double[featureCount];
        var max = new double[featureCount];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < featureCount; c++)
            {
                double v = raw[(r * featureCount) + c];
                min[c] = Math.Min(min[c], v);
                max[c] = Math.Max(max[c], v);
            }
        }

        int dimension = featureCount + 1;
        var features = new float[rows * dimension];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < featureCount; c++)
            {
                double range = max[c] - min[c];
                features[(r * dimension) + c] = range > 0 ? (float)((raw[(r * featureCount) + c] - min[c]) / range) : 0f;
            }

            features[(r * dimension) + featureCount] = 1f;
        }

        return new BanditDataset(features, [.. labels], dimension, labels.Max() + 1);
    }
}
