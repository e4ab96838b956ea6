namespace DocumentStrategy;

/// <summary>The language a document is written in.</summary>
public enum DocumentLanguage
{
    /// <summary>English (Latin script).</summary>
    English,

    /// <summary>German (Latin script).</summary>
    German,

    /// <summary>Japanese (non-Latin script).</summary>
    Japanese,

    /// <summary>Arabic (non-Latin script, right to left).</summary>
    Arabic,
}

/// <summary>An incoming document, as the intake service sees it before processing.</summary>
/// <param name="Pages">The page count, at least 1.</param>
/// <param name="Scanned">Whether the pages are images (scanned) rather than born-digital text.</param>
/// <param name="HasTables">Whether the document contains tables.</param>
/// <param name="Language">The document's language.</param>
/// <param name="SizeMegabytes">The file size.</param>
public sealed record Document(int Pages, bool Scanned, bool HasTables, DocumentLanguage Language, double SizeMegabytes)
{
    /// <summary>Whether the script is non-Latin, which most OCR engines read worse.</summary>
    public bool NonLatin => Language is DocumentLanguage.Japanese or DocumentLanguage.Arabic;

    /// <summary>A short description for tables: "scanned, tables, Japanese, 12 p".</summary>
    /// <returns>The description.</returns>
    public string Describe()
        => $"{(Scanned ? "scanned" : "digital")}{(HasTables ? ", tables" : string.Empty)}, {Language}, {Pages} p";
}
