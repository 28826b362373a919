package dev.duet;

import dev.duet.session.Flash;
import dev.duet.session.Session;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One request's view of its session: what was loaded, what changed, and which old ids must be
 * deleted from a store when it is saved ({@link Sessions#commit}).
 */
final class RequestSession implements Session {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JsonMapper json;
    String id;
    long created;
    long seen;
    final Map<String, JsonNode> data;
    final List<Flash> flashes;
    private final boolean fresh;
    /** The client sent a cookie (valid or not) that the response may have to replace or delete. */
    final boolean hadCookie;
    /** Values, flashes or the id changed: the session must be written. */
    boolean changed;
    /** Ids whose server-side records must go (rotated away, invalidated). */
    final Set<String> retiredIds = new LinkedHashSet<>();

    RequestSession(JsonMapper json, String id, long created, long seen, Map<String, JsonNode> data,
                   List<Flash> flashes, boolean fresh, boolean hadCookie) {
        this.json = json;
        this.id = id;
        this.created = created;
        this.seen = seen;
        this.data = data;
        this.flashes = flashes;
        this.fresh = fresh;
        this.hadCookie = hadCookie;
    }

    static RequestSession empty(JsonMapper json, long now, boolean hadCookie) {
        RequestSession s = new RequestSession(json, newId(), now, now, new LinkedHashMap<>(), new ArrayList<>(), true, hadCookie);
        // A cookie that led nowhere (tampered, expired, revoked) is deleted, so the browser stops sending it.
        s.changed = hadCookie;
        return s;
    }

    static String newId() {
        byte[] bytes = new byte[24]; // 192 bits: not guessable, not worth enumerating
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    boolean isEmpty() {
        return data.isEmpty() && flashes.isEmpty();
    }

    @Override
    public synchronized String id() {
        return id;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    @Override
    public synchronized <T> T get(String key, Class<T> type) {
        JsonNode node = data.get(key);
        if (node == null || node.isNull()) return null;
        try {
            return json.treeToValue(node, type);
        } catch (RuntimeException e) {
            throw new IllegalStateException("session value '" + key + "' does not read as " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Session put(String key, Object value) {
        if (value == null) return remove(key);
        data.put(key, json.valueToTree(value));
        changed = true;
        return this;
    }

    @Override
    public synchronized Session remove(String key) {
        if (data.remove(key) != null) changed = true;
        return this;
    }

    @Override
    public synchronized Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(data.keySet()));
    }

    @Override
    public synchronized Session clear() {
        if (!isEmpty()) changed = true;
        data.clear();
        flashes.clear();
        return this;
    }

    @Override
    public synchronized void invalidate() {
        data.clear();
        flashes.clear();
        retiredIds.add(id);
        id = newId();
        created = seen;
        changed = true;
    }

    @Override
    public synchronized void rotate() {
        retiredIds.add(id);
        id = newId();
        changed = true;
    }

    @Override
    public synchronized Session flash(String category, String message) {
        flashes.add(new Flash(category, message));
        changed = true;
        return this;
    }

    @Override
    public synchronized List<Flash> flashes() {
        if (flashes.isEmpty()) return List.of();
        List<Flash> read = List.copyOf(flashes);
        flashes.clear();
        changed = true;
        return read;
    }

    @Override
    public synchronized String toString() {
        // Never the values: a session is full of what must not reach a log.
        return "Session[" + data.size() + " keys, " + flashes.size() + " flashes" + (fresh ? ", new]" : "]");
    }
}
