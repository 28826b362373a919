package dev.duet.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Keeps sessions on a server, by id, for sessions that must be revocable: the cookie then holds
 * only the signed id, and deleting the record ({@link Session#invalidate()}, or an operator) makes
 * a stolen cookie worthless. Without a store the session lives in its signed cookie.
 * duet-redis provides one; give it to the app with {@code app.sessions(store)}.
 *
 * <pre>{@code
 * app.sessions(RedisSessionStore.connect("redis://127.0.0.1:6379"));
 * }</pre>
 *
 * <p>Every operation returns a stage and must not block the calling thread: Duet calls them from
 * event loops (an async handler's {@code req.sessionAsync()}, the save after the response is
 * chosen) as well as from virtual threads. A record is opaque text (JSON) to the store.
 */
public interface SessionStore {

    /** The record saved under {@code id}, or empty if there is none (never saved, deleted or expired). */
    CompletionStage<Optional<String>> load(String id);

    /** Saves {@code record} under {@code id}, to be forgotten after {@code timeToLive} without a new save. */
    CompletionStage<Void> save(String id, String record, Duration timeToLive);

    /** Deletes the record under {@code id}, if there is one. */
    CompletionStage<Void> delete(String id);
}
