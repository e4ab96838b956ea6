namespace ProviderSelection;

/// <summary>The kinds of work a request asks an LLM for.</summary>
public enum RequestKind
{
    /// <summary>Write or fix code.</summary>
    Code,

    /// <summary>Conversational answer.</summary>
    Chat,

    /// <summary>Summarize a document.</summary>
    Summarization,

    /// <summary>Pull structured fields out of text.</summary>
    Extraction,
}

/// <summary>One request the host application must route to a provider.</summary>
/// <param name="Kind">What is asked.</param>
/// <param name="PromptTokens">The prompt length in tokens.</param>
public sealed record LlmRequest(RequestKind Kind, int PromptTokens);
