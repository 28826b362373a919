package dev.duet.template;

/**
 * A template that cannot be found, compiled or rendered. It names where: the template's file,
 * and the line and column when the engine knows them; {@link #getMessage()} starts with that
 * location ({@code templates/home.html:12:5: ...}), which is what the log and the dev-mode error
 * page show.
 */
public class TemplateException extends RuntimeException {
    private final String template;
    private final int line;
    private final int column;

    /**
     * A failure in {@code template} (its name or file; null if unknown) at {@code line} and
     * {@code column} (1-based; 0 if unknown), described by {@code problem}.
     */
    public TemplateException(String problem, String template, int line, int column, Throwable cause) {
        super(location(template, line, column) + problem, cause);
        this.template = template;
        this.line = Math.max(0, line);
        this.column = Math.max(0, column);
    }

    /** No template named {@code name}. */
    public static TemplateException notFound(String name) {
        return new TemplateException("no such template", name, 0, 0, null);
    }

    /** The template's name or file, or null if unknown. */
    public String template() {
        return template;
    }

    /** The 1-based line of the failure, or 0 if unknown. */
    public int line() {
        return line;
    }

    /** The 1-based column of the failure, or 0 if unknown. */
    public int column() {
        return column;
    }

    /** {@code file:line:column} as far as known ({@code file}, {@code file:line}), or an empty string. */
    public String location() {
        if (template == null) return "";
        if (line == 0) return template;
        return column == 0 ? template + ":" + line : template + ":" + line + ":" + column;
    }

    private static String location(String template, int line, int column) {
        if (template == null) return "";
        StringBuilder sb = new StringBuilder(template);
        if (line > 0) sb.append(':').append(line);
        if (line > 0 && column > 0) sb.append(':').append(column);
        return sb.append(": ").toString();
    }
}
