package dev.duet.test;

import dev.duet.sse.Event;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reads a {@code text/event-stream} as a browser's {@code EventSource} does (the HTML standard's
 * "interpreting an event stream"), from bytes in any pieces: lines end with CR, LF or CRLF; a
 * blank line dispatches the event if it has data; {@code :} starts a comment. What it reads
 * goes to {@code out} as {@link Event}s, comments included.
 */
final class EventParser extends OutputStream {
    private final Consumer<Event> out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean afterCr;
    private StringBuilder data;
    private String name;
    private String id;
    private Duration retry;

    EventParser(Consumer<Event> out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        if (afterCr && b == '\n') {
            afterCr = false;
            return;
        }
        afterCr = b == '\r';
        if (b == '\r' || b == '\n') {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            line(text);
        } else {
            line.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    private void line(String text) {
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        int colon = text.indexOf(':');
        if (colon == 0) {
            out.accept(Event.comment(text.startsWith(": ") ? text.substring(2) : text.substring(1)));
            return;
        }
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(text.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
        switch (field) {
            case "data" -> (data == null ? data = new StringBuilder() : data.append('\n')).append(value);
            case "event" -> name = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) id = value;
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) retry = Duration.ofMillis(Long.parseLong(value));
            }
            default -> { } // unknown fields are ignored, as the standard says
        }
    }

    private void dispatch() {
        if (data != null) {
            Event e = Event.data(data.toString());
            if (name != null && !name.isEmpty()) e = e.name(name);
            if (id != null) e = e.id(id);
            if (retry != null) e = e.retry(retry);
            out.accept(e);
        }
        data = null;
        name = null;
        id = null;
        retry = null;
    }
}
