package dev.duet.template.jte.internal;

import dev.duet.template.TemplateException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jte's failures as Duet's {@link TemplateException}, naming the template's file and line. jte
 * says where in its messages (and, for a render failure, in the stack trace it rewrites to point
 * at template lines); it never gives a column, so the column is always 0 (unknown).
 */
public final class Failures {
    /**
     * "Failed to compile template:\ntemplates/a.jte:3\n(javac's errors)" (jte 3.2.5: a Java error in the
     * template's code), "Failed to compile template, error at templates/a.jte:3. No parameter with
     * name ...", "Failed to render templates/a.jte, error at templates/b.jte:3".
     */
    private static final Pattern ERROR_AT = Pattern.compile("(?:error at |Failed to compile template:\\s*)([^\\s:]+\\.[jk]te):(\\d+)");
    /** "Failed to compile templates/a.jte, error at line 3: ..." (jte's own parser). */
    private static final Pattern COMPILE_LINE = Pattern.compile("Failed to compile ([^\\s,]+), error at line (\\d+): (.*)", Pattern.DOTALL);
    /** "x.jte not found (tried to load file at ...), referenced at templates/a.jte:3" (a call to a missing template). */
    private static final Pattern REFERENCED_AT = Pattern.compile("^(\\S+) not found.*, referenced at ([^\\s:]+):(\\d+)", Pattern.DOTALL);
    /** javac's "...Generated.java:12: error: cannot find symbol" and the detail lines after it. */
    private static final Pattern JAVAC_ERROR = Pattern.compile("\\.java:\\d+: error: (.*)");

    private Failures() {
    }

    /** {@code e}, thrown while {@code name} was compiled (dev mode), as Duet's exception. */
    public static TemplateException compiling(String name, gg.jte.TemplateException e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = REFERENCED_AT.matcher(message);
        if (m.find()) {
            return new TemplateException("calls " + m.group(1) + ", which does not exist", m.group(2), Integer.parseInt(m.group(3)), 0, e);
        }
        if (e instanceof gg.jte.TemplateNotFoundException) {
            return new TemplateException("no such template", name, 0, 0, e); // it went away since it was found
        }
        m = COMPILE_LINE.matcher(message);
        if (m.find()) {
            return new TemplateException("does not compile: " + m.group(3).strip(), m.group(1), Integer.parseInt(m.group(2)), 0, e);
        }
        m = ERROR_AT.matcher(message);
        if (m.find()) {
            return new TemplateException("does not compile: " + javacError(message), m.group(1), Integer.parseInt(m.group(2)), 0, e);
        }
        return new TemplateException("does not compile: " + message, name, 0, 0, e);
    }

    /** {@code e}, thrown while {@code name} was rendered, as Duet's exception. */
    public static TemplateException rendering(String name, gg.jte.TemplateException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Failed to compile") || e instanceof gg.jte.TemplateNotFoundException) {
            return compiling(name, e); // dev mode recompiles a template that changed, on its next render
        }
        Throwable cause = e.getCause() == null ? e : e.getCause();
        // jte rewrote the cause's stack to point at template lines: the first such frame is where it failed
        for (StackTraceElement frame : cause.getStackTrace()) {
            String file = frame.getFileName();
            if (file != null && (file.endsWith(".jte") || file.endsWith(".kte")) && frame.getClassName().startsWith("gg.jte.generated.")) {
                return new TemplateException("failed while rendering: " + cause, file, Math.max(frame.getLineNumber(), 0), 0, e);
            }
        }
        Matcher m = ERROR_AT.matcher(message);
        if (m.find()) {
            return new TemplateException("failed while rendering: " + cause, m.group(1), Integer.parseInt(m.group(2)), 0, e);
        }
        return new TemplateException("failed while rendering: " + (cause == e ? message : cause.toString()), name, 0, 0, e);
    }

    /** javac's first error and what it says of the symbol involved, without the generated code's lines. */
    private static String javacError(String message) {
        java.util.List<String> lines = message.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = JAVAC_ERROR.matcher(lines.get(i));
            if (!m.find()) continue;
            StringBuilder error = new StringBuilder(m.group(1).strip());
            String details = lines.subList(i + 1, lines.size()).stream()
                    .takeWhile(l -> !JAVAC_ERROR.matcher(l).find())
                    .map(String::strip)
                    .filter(l -> l.startsWith("symbol:") || l.startsWith("required:") || l.startsWith("found:") || l.startsWith("reason:"))
                    .map(l -> l.replaceAll("\\s+", " "))
                    .reduce((a, b) -> a + ", " + b).orElse("");
            if (!details.isEmpty()) error.append(" (").append(details).append(')');
            return error.toString();
        }
        return lines.size() > 1 ? lines.get(1).strip() : message;
    }
}
