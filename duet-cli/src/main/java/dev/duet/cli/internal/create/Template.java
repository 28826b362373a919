package dev.duet.cli.internal.create;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of project {@code duet new} writes; each has a manifest of its own files. */
enum Template {
    /** JSON endpoints over the model, no pages. */
    API("JSON endpoints over a model"),
    /** A page with a Pebble template, a static style sheet, the model behind them. */
    SITE("a page, its Pebble template and a style sheet, over a model");

    private final String description;

    Template(String description) {
        this.description = description;
    }

    /** The name users type: {@code api}, {@code site}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One line on what the template gives. */
    public String description() {
        return description;
    }

    /** The template called {@code id}, or an {@link IllegalArgumentException} listing the ones there are. */
    public static Template byId(String id) {
        for (Template t : values()) {
            if (t.id().equals(id)) return t;
        }
        throw new IllegalArgumentException("unknown template '" + id + "': choose " + choices());
    }

    /** {@code api or site}, for messages and help. */
    public static String choices() {
        String[] ids = Arrays.stream(values()).map(Template::id).toArray(String[]::new);
        return Arrays.stream(ids, 0, ids.length - 1).collect(Collectors.joining(", ")) + " or " + ids[ids.length - 1];
    }
}
