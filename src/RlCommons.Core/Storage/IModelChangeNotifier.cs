namespace RlCommons.Storage;

/// <summary>
/// Implemented by model stores that can tell a watcher at once when a published pointer changes (PostgreSQL's
/// LISTEN/NOTIFY); a published-model watcher then wakes on the notice and polls only as a fallback.
/// </summary>
public interface IModelChangeNotifier
{
    /// <summary>Calls <paramref name="onChanged"/> with the policy id whenever a published pointer changes, in any process, until the returned handle is disposed.</summary>
    /// <param name="onChanged">The callback; called on a background thread, must not block.</param>
    /// <returns>The subscription.</returns>
    IDisposable SubscribeToPublications(Action<string> onChanged);
}
