package dev.duet;

import dev.duet.session.Flash;
import dev.duet.session.Session;
import dev.duet.internal.FailureLog;
import dev.duet.session.SessionStore;
import dev.duet.spi.EventLoopThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * An app's sessions: read lazily from the request's cookie (and its {@link SessionStore}, if the
 * app has one), checked for expiry, and written back when the response is chosen, only if they
 * changed (or the last-seen time is due, for the idle timeout).
 *
 * <p>A record is JSON: {@code {"id":..,"created":ms,"seen":ms,"data":{..},"flash":[[cat,msg]..]}}.
 * In the cookie store the cookie is that record, base64url, signed; with a server store the
 * cookie is the signed id and the store keeps the record.
 */
final class Sessions {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    /** What browsers keep of one cookie, name and value (RFC 6265 section 6.1 asks for at least this much). */
    static final int COOKIE_LIMIT = 4096;

    private final App app;
    private final Config config;
    private volatile SessionStore store;
    /** The store's failures as state changes: one WARN when they start, one INFO when it works again. */
    private volatile FailureLog storeLog;
    private volatile boolean declared;

    Sessions(App app) {
        this.app = app;
        this.config = app.config();
    }

    void store(SessionStore store) {
        this.store = store;
        this.storeLog = new FailureLog(log, "The session store " + store);
        this.declared = true;
    }

    /** At start: an app that declared sessions may not run in production unsigned. */
    void checkAtStart() {
        if (declared && !config.dev() && config.secrets().isEmpty()) {
            throw new IllegalStateException(NO_SECRETS);
        }
    }

    private static final String NO_SECRETS = "sessions need secret keys outside dev mode: set the secrets setting"
            + " (DUET_SECRETS=<key> or -Dduet.secrets=<key>; comma-separated to rotate, the first signs; each at least "
            + Secrets.MIN_LENGTH + " characters, e.g. from: openssl rand -base64 48)";

    private Secrets secrets() {
        if (!config.secrets().isEmpty()) return config.secrets();
        if (config.dev()) return DevKey.SECRETS;
        throw new IllegalStateException(NO_SECRETS);
    }

    private JsonMapper json() {
        return app.json().mapper();
    }

    // ---- reading ----

    /** The request's session, loading it (blocking on a store only where a thread may block). */
    Session session(Request req) {
        RequestSession s = req.loadedSession;
        if (s != null) return s;
        if (store != null && EventLoopThread.isCurrent()) {
            throw new IllegalStateException("req.session() would block this event loop reading the session store;"
                    + " in an async link use req.sessionAsync()");
        }
        CompletionStage<RequestSession> loading = load(req);
        try {
            return req.call.await(loading);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not load the session: " + e.getMessage(), e);
        }
    }

    CompletionStage<Session> sessionAsync(Request req) {
        RequestSession s = req.loadedSession;
        if (s != null) return CompletableFuture.completedFuture(s);
        return load(req).thenApply(x -> x);
    }

    /** Loads once per request; concurrent callers share the one load. */
    private CompletionStage<RequestSession> load(Request req) {
        CompletableFuture<RequestSession> mine;
        synchronized (req) {
            if (req.sessionLoading != null) return req.sessionLoading;
            mine = new CompletableFuture<>();
            req.sessionLoading = mine;
        }
        try {
            read(req).whenComplete((s, e) -> {
                if (e != null) {
                    mine.completeExceptionally(e);
                } else {
                    req.loadedSession = s;
                    mine.complete(s);
                }
            });
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        }
        return mine;
    }

    private CompletionStage<RequestSession> read(Request req) {
        Secrets secrets = secrets();
        long now = app.clock().millis();
        String cookie = req.cookie(config.sessionCookie());
        if (cookie == null || cookie.isEmpty()) return done(RequestSession.empty(json(), now, false));
        Optional<String> payload = secrets.verify(cookie);
        if (payload.isEmpty()) {
            log.debug("The session cookie of {} does not verify with any key (tampered, or signed with a retired key): a new session starts", req);
            return done(RequestSession.empty(json(), now, true));
        }
        // Verified by a key other than the first: written again under the first, so that the old key can retire.
        boolean oldKey = !secrets.sign(payload.get()).equals(cookie);
        SessionStore s = store;
        if (s == null) {
            String record;
            try {
                record = new String(Base64.getUrlDecoder().decode(payload.get()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return done(RequestSession.empty(json(), now, true));
            }
            return done(fromRecord(req, record, now, oldKey));
        }
        String id = payload.get();
        CompletionStage<Optional<String>> loading;
        try {
            loading = s.load(id);
        } catch (RuntimeException e) {
            loading = CompletableFuture.failedFuture(e);
        }
        FailureLog failures = storeLog;
        return loading.handle((found, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                // Per request only at DEBUG: an outage would otherwise write a stack trace per request.
                failures.failed("reading the session of " + req, cause);
                throw new java.util.concurrent.CompletionException(new HttpError(503,
                        "The session store could not be read; try again shortly", Map.of("Retry-After", "1"), cause));
            }
            failures.worked();
            if (found.isEmpty()) {
                log.debug("The session of {} is not in the store (expired or revoked): a new session starts", req);
                return RequestSession.empty(json(), now, true);
            }
            RequestSession loaded = fromRecord(req, found.get(), now, oldKey);
            if (!loaded.isNew() && !loaded.id.equals(id)) {
                log.debug("The session record of {} names another id: a new session starts", req);
                return RequestSession.empty(json(), now, true);
            }
            return loaded;
        });
    }

    private RequestSession fromRecord(Request req, String record, long now, boolean oldKey) {
        JsonNode node;
        try {
            node = json().readTree(record);
        } catch (RuntimeException e) {
            log.debug("The session record of {} is not JSON: a new session starts", req);
            return RequestSession.empty(json(), now, true);
        }
        long created = node.path("created").asLong(0);
        long seen = node.path("seen").asLong(0);
        String id = node.path("id").asString("");
        if (id.isEmpty() || created == 0 || seen == 0) return RequestSession.empty(json(), now, true);
        if (now - seen > config.sessionIdleTimeout().toMillis()) {
            log.debug("The session of {} expired: idle for {} s, over sessionIdleTimeout", req, (now - seen) / 1000);
            return RequestSession.empty(json(), now, true);
        }
        if (now - created > config.sessionMaxAge().toMillis()) {
            log.debug("The session of {} expired: {} s old, over sessionMaxAge", req, (now - created) / 1000);
            return RequestSession.empty(json(), now, true);
        }
        Map<String, JsonNode> data = new LinkedHashMap<>();
        node.path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue()));
        List<Flash> flashes = new ArrayList<>();
        for (JsonNode f : node.path("flash")) flashes.add(new Flash(f.path(0).asString(Flash.INFO), f.path(1).asString("")));
        RequestSession s = new RequestSession(json(), id, created, seen, data, flashes, false, true);
        if (oldKey) s.changed = true;
        return s;
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** The flashes for a view's model: empty without a session, unread if reading would block an event loop. */
    List<Flash> flashesForView(Request req) {
        RequestSession s = req.loadedSession;
        if (s == null) {
            if (req.cookie(config.sessionCookie()) == null) return List.of();
            if (store != null && EventLoopThread.isCurrent()) return null;
            try {
                s = (RequestSession) session(req);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return s.flashes();
    }

    // ---- writing ----

    /**
     * {@code res} with the session written (a Set-Cookie, a save), if the request loaded one and
     * it needs writing. Never fails: a session that cannot be saved becomes the error response
     * (in dev mode, for the cookie limit) or is logged (in production, for the cookie limit).
     */
    CompletionStage<Response> commit(Request req, Response res) {
        RequestSession s = req.loadedSession;
        if (s == null) return done(res);
        try {
            return write(req, s, res);
        } catch (HttpError e) {
            return done(app.answers().defaultError(req, e));
        } catch (RuntimeException e) {
            log.error("Could not save the session of {}", req, e);
            return done(app.answers().defaultError(req, e));
        }
    }

    private CompletionStage<Response> write(Request req, RequestSession s, Response res) {
        long now = app.clock().millis();
        long touchEvery = Math.min(60_000, config.sessionIdleTimeout().toMillis() / 4);
        SessionStore st = store;
        List<String> retired;
        String id;
        String record;
        long created;
        boolean empty;
        synchronized (s) {
            boolean due = !s.isEmpty() && now - s.seen >= touchEvery;
            if (!s.changed && !due) return done(res);
            empty = s.isEmpty();
            retired = List.copyOf(s.retiredIds);
            id = s.id;
            created = s.created;
            s.seen = now;
            record = empty ? null : record(s);
        }
        CompletionStage<Void> deletions = done(null);
        if (st != null) {
            for (String old : retired) deletions = deletions.thenCompose(x -> st.delete(old));
        }
        if (empty) {
            // Nothing to keep: the cookie goes (if the client has one), and a record with it.
            if (s.hadCookie) res.cookie(cookie("", Duration.ZERO));
            if (st != null && s.hadCookie && !s.isNew()) {
                String current = id;
                deletions = deletions.thenCompose(x -> st.delete(current));
            }
            return finish(req, res, deletions);
        }
        // Whole seconds, rounded up: Max-Age counts seconds, and a new session's must read as the full lifetime.
        long leftMs = Math.max(1000, created + config.sessionMaxAge().toMillis() - now);
        Duration left = Duration.ofSeconds((leftMs + 999) / 1000);
        if (st == null) {
            String value = secrets().sign(Base64.getUrlEncoder().withoutPadding().encodeToString(record.getBytes(StandardCharsets.UTF_8)));
            int size = config.sessionCookie().length() + 1 + value.length();
            if (size > COOKIE_LIMIT) {
                String problem = "The session cookie would be " + size + " bytes, over the " + COOKIE_LIMIT
                        + "-byte limit browsers keep; the biggest values: " + biggest(s)
                        + ". Keep ids in the session, not data, or use a SessionStore";
                if (config.dev()) throw new HttpError(500, problem);
                log.error("{}: the session of {} was NOT saved", problem, req);
                return done(res);
            }
            res.cookie(cookie(value, left));
            return done(res);
        }
        Duration ttl = left.compareTo(config.sessionIdleTimeout()) < 0 ? left : config.sessionIdleTimeout();
        res.cookie(cookie(secrets().sign(id), left));
        return finish(req, res, deletions.thenCompose(x -> st.save(id, record, ttl)));
    }

    private CompletionStage<Response> finish(Request req, Response res, CompletionStage<Void> storeWork) {
        // The request's deadline no longer runs once its response is chosen: a store that never
        // answers must not hold the response forever.
        Duration limit = config.requestTimeout().isZero() ? Duration.ofSeconds(30) : config.requestTimeout();
        FailureLog failures = storeLog;
        return storeWork.toCompletableFuture().orTimeout(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).handle((x, e) -> {
            if (e == null) {
                if (failures != null) failures.worked();
                return res;
            }
            if (failures != null) {
                failures.failed("saving the session of " + req, e);
            } else {
                log.error("Could not save the session of {}", req, e);
            }
            return app.answers().defaultError(req, new HttpError(503, "The session could not be saved; try again shortly",
                    Map.of("Retry-After", "1"), e));
        });
    }

    private Cookie cookie(String value, Duration maxAge) {
        return Cookie.of(config.sessionCookie(), value).path("/").maxAge(maxAge).secure(config.sessionSecure())
                .httpOnly(true).sameSite(Cookie.SameSite.LAX);
    }

    private String record(RequestSession s) {
        ObjectNode node = json().createObjectNode();
        node.put("id", s.id);
        node.put("created", s.created);
        node.put("seen", s.seen);
        ObjectNode data = node.putObject("data");
        s.data.forEach(data::set);
        ArrayNode flash = node.putArray("flash");
        for (Flash f : s.flashes) flash.addArray().add(f.category()).add(f.message());
        return json().writeValueAsString(node);
    }

    private String biggest(RequestSession s) {
        return s.data.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), json().writeValueAsString(e.getValue()).length()))
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(3)
                .map(e -> e.getKey() + " (" + e.getValue() + " bytes of JSON)")
                .collect(Collectors.joining(", "))
                + (s.flashes.isEmpty() ? "" : ", and " + s.flashes.size() + " flash messages");
    }

    /**
     * The key dev mode signs with when no secrets are set: random per process, so sessions survive
     * an app's restart within the JVM but never a process's, and warned about once.
     */
    private static final class DevKey {
        static final Secrets SECRETS;

        static {
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            SECRETS = Secrets.of(Base64.getEncoder().encodeToString(bytes));
            log.warn("No secrets are set: dev mode signs sessions with a random key for this process only (sessions"
                    + " end when it exits). Set DUET_SECRETS (or -Dduet.secrets) to keep them, and outside dev mode.");
        }
    }
}
