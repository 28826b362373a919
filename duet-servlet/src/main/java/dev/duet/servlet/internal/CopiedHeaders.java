package dev.duet.servlet.internal;

import dev.duet.Headers;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A request's header fields, copied out of the container's request: a container recycles its
 * request objects once the response is complete, while a Duet request (and the teardown hooks and
 * background tasks that hold it) may read its headers later. Names and values in arrival order;
 * lookups are case-insensitive scans, which beat hashing for the dozen fields a request carries.
 */
final class CopiedHeaders implements Headers {
    private String[] names;
    private String[] values;
    private int size;

    private CopiedHeaders(int capacity) {
        names = new String[capacity];
        values = new String[capacity];
    }

    static CopiedHeaders of(HttpServletRequest req) {
        CopiedHeaders h = new CopiedHeaders(16);
        Enumeration<String> names = req.getHeaderNames();
        if (names == null) return h;
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            Enumeration<String> values = req.getHeaders(name);
            while (values.hasMoreElements()) h.add(name, values.nextElement());
        }
        return h;
    }

    private void add(String name, String value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }

    @Override
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) return values[i];
        }
        return null;
    }

    @Override
    public List<String> all(String name) {
        List<String> out = null;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (out == null) out = new ArrayList<>(2);
                out.add(values[i]);
            }
        }
        return out == null ? List.of() : List.copyOf(out);
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) action.accept(names[i], values[i]);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) sb.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(values[i]);
        return sb.append('}').toString();
    }
}
