package dev.duet.sse;

import java.time.Duration;
import java.util.Objects;

/**
 * One server-sent event: its data (several lines become several {@code data:} fields), and
 * optionally its name ({@code event:}), id ({@code id:}, which a reconnecting browser sends back as
 * {@code Last-Event-ID}) and the reconnection delay it asks for ({@code retry:}). Or a comment,
 * which a browser ignores. Immutable: each {@code with} method returns a new event.
 *
 * <pre>{@code
 * events.send(Event.data("tick 1"));
 * events.send(Event.of("progress", "42").id("7"));
 * events.send(Event.data("line one\nline two").retry(Duration.ofSeconds(5)));
 * }</pre>
 */
public final class Event {
    private final String name;
    private final String data;
    private final String id;
    private final Duration retry;
    private final String comment;

    private Event(String name, String data, String id, Duration retry, String comment) {
        this.name = name;
        this.data = data;
        this.id = id;
        this.retry = retry;
        this.comment = comment;
    }

    /** An unnamed event (a browser's {@code onmessage}) carrying {@code data}, which may span lines. */
    public static Event data(String data) {
        return new Event(null, Objects.requireNonNull(data, "data"), null, null, null);
    }

    /** An event named {@code name} (a browser's {@code addEventListener(name, ...)}) carrying {@code data}'s text. */
    public static Event of(String name, Object data) {
        return data(String.valueOf(data)).name(name);
    }

    /** A comment: a line a browser ignores (keep-alives are comments). */
    public static Event comment(String text) {
        return new Event(null, null, null, null, Objects.requireNonNull(text, "text"));
    }

    /** This event named {@code name}; a name has no line break. */
    public Event name(String name) {
        return new Event(singleLine("name", name), data, id, retry, comment);
    }

    /** This event with the id {@code id}; an id has no line break and no NUL. */
    public Event id(String id) {
        if (id.indexOf('\0') >= 0) throw new IllegalArgumentException("an event id cannot hold a NUL character");
        return new Event(name, data, singleLine("id", id), retry, comment);
    }

    /** This event asking the browser to wait {@code delay} before reconnecting. */
    public Event retry(Duration delay) {
        if (delay.isNegative()) throw new IllegalArgumentException("retry cannot be negative: " + delay);
        return new Event(name, data, id, delay, comment);
    }

    /** The name, or null for an unnamed event. */
    public String name() {
        return name;
    }

    /** The data, or null for a comment. */
    public String data() {
        return data;
    }

    /** The id, or null. */
    public String id() {
        return id;
    }

    /** The reconnection delay asked for, or null. */
    public Duration retry() {
        return retry;
    }

    /** The comment's text, or null for an event. */
    public String comment() {
        return comment;
    }

    /** True if this is a comment. */
    public boolean isComment() {
        return comment != null;
    }

    /** The event as it goes on the wire, blank line included. */
    public String encode() {
        StringBuilder out = new StringBuilder(32 + (data != null ? data.length() : comment.length()));
        if (comment != null) {
            lines(out, ": ", comment);
            return out.append('\n').toString();
        }
        if (id != null) out.append("id: ").append(id).append('\n');
        if (name != null) out.append("event: ").append(name).append('\n');
        if (retry != null) out.append("retry: ").append(retry.toMillis()).append('\n');
        lines(out, "data: ", data);
        return out.append('\n').toString();
    }

    /** One {@code prefix}ed line per line of {@code text}, whichever of CR, LF or CRLF ends them. */
    private static void lines(StringBuilder out, String prefix, String text) {
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '\n';
            if (c != '\n' && c != '\r') continue;
            out.append(prefix).append(text, start, i).append('\n');
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
            start = i + 1;
        }
    }

    private static String singleLine(String what, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an event " + what + " cannot span lines: " + value.replace("\n", "\\n").replace("\r", "\\r"));
        }
        return value;
    }

    @Override
    public String toString() {
        return "Event[" + encode().replace("\n", "\\n") + "]";
    }
}
