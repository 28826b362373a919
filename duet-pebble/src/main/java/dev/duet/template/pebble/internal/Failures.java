package dev.duet.template.pebble.internal;

import dev.duet.HttpError;
import dev.duet.template.TemplateException;
import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.PebbleException;

import java.lang.reflect.InvocationTargetException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pebble's failures as {@link TemplateException}s naming file, line and column.
 *
 * <p>Pebble knows a failure's template and line but not its column: its tokens carry a line
 * only. The column is found here from the culprit Pebble names (the variable, attribute, filter,
 * tag or token in its message): the culprit's one occurrence inside a tag ({{ }} or {% %}) on
 * that line. When it is not there exactly once (a message that names no culprit, or a line that
 * uses it twice), the column is reported as unknown (0) rather than guessed.
 */
public final class Failures {
    // The first "quoted" or [bracketed] text of a Pebble message: what it complains about.
    private static final Pattern CULPRIT = Pattern.compile("\"([^\"]+)\"|\\[([^\\]]+)]");

    private Failures() {
    }

    /** {@code e}, thrown while compiling or rendering the template {@code key}, as a TemplateException. */
    public static TemplateException translate(PebbleException e, String key, Sources sources) {
        PebbleException at = innermostLocated(e);
        String name = at.getFileName() != null ? at.getFileName() : key;
        String location = sources.location(name);
        int line = at.getLineNumber() == null ? 0 : Math.max(0, at.getLineNumber());
        String problem = problem(at);
        if (line == 0) {
            // A template Pebble could not find comes with no line; the template that asked for it
            // (the one rendered, its layout, an include of either) names it, which is where to point.
            String missing = missingTemplate(at);
            Columns.Reference asked = missing == null ? null : Columns.whereNamed(missing, key, sources);
            if (asked != null) return new TemplateException(problem, sources.location(asked.in()), asked.line(), asked.column(), e);
            return new TemplateException(problem, location, 0, 0, e);
        }
        String culprit = culprit(at);
        String text = culprit == null ? null : sources.text(name);
        int column = text == null ? 0 : Columns.column(text, line, culprit);
        if (column == 0 && culprit != null && !name.equals(key)) {
            // Pebble names the layout for some failures in a page's blocks (a macro it looked for
            // up the hierarchy); when the culprit is on that line of the page instead, it is there.
            String page = sources.text(key);
            int inPage = page == null ? 0 : Columns.column(page, line, culprit);
            if (inPage > 0) return new TemplateException(problem, sources.location(key), line, inPage, e);
        }
        return new TemplateException(problem, location, line, column, e);
    }

    /** A failure that is not Pebble's (a filter or a getter of the model threw): the template is known, the line is not. */
    public static TemplateException translate(RuntimeException e, String key, Sources sources) {
        return new TemplateException("failed while rendering: " + e, sources.location(key), 0, 0, e);
    }

    /** The {@link HttpError} among {@code e}'s causes, if a model method or a function threw one; else null. */
    public static HttpError httpError(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HttpError h) return h;
        }
        return null;
    }

    /** The deepest Pebble failure in the causes that says where: Pebble wraps a block's failure in the block's own. */
    private static PebbleException innermostLocated(PebbleException e) {
        PebbleException best = e;
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PebbleException p && p.getLineNumber() != null && p.getLineNumber() > 0 && p.getFileName() != null) best = p;
        }
        return best;
    }

    private static String problem(PebbleException at) {
        String message = at.getPebbleMessage() == null ? at.getClass().getSimpleName() : at.getPebbleMessage().strip();
        Throwable cause = at.getCause();
        // A getter that threw reaches Pebble as an InvocationTargetException; what it threw is the news.
        if (cause instanceof InvocationTargetException ite && ite.getCause() != null) cause = ite.getCause();
        if (cause != null && !(cause instanceof PebbleException)) message += ": " + cause;
        return message;
    }

    static String culprit(PebbleException e) {
        if (e instanceof AttributeNotFoundException a && a.getAttributeName() != null && !a.getAttributeName().equals("null")) {
            return a.getAttributeName();
        }
        String message = e.getPebbleMessage();
        if (message == null) return null;
        Matcher m = CULPRIT.matcher(message);
        if (!m.find()) return null;
        String found = m.group(1) != null ? m.group(1) : m.group(2);
        return found.isBlank() ? null : found;
    }

    private static final Pattern NOT_FOUND = Pattern.compile("no such template \"([^\"]+)\"");

    private static String missingTemplate(PebbleException e) {
        Matcher m = NOT_FOUND.matcher(String.valueOf(e.getPebbleMessage()));
        return m.find() ? m.group(1) : null;
    }
}
