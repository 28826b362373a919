package dev.duet.cli.internal.create;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one templating rule of project templates: {@code %%key%%} is replaced by a value, and the
 * lines between {@code %%if:flag%%} and {@code %%end%%} (each alone on its line) are kept only
 * when the flag is set. Doubled percent signs, rare in Java, XML, Pebble and shell, keep the
 * placeholders apart from the {@code ${...}} and {@code {{ ... }}} of the files they sit in.
 */
final class TemplateText {
    private static final Pattern PLACEHOLDER = Pattern.compile("%%([A-Za-z][A-Za-z0-9]*)%%");
    private static final Pattern IF = Pattern.compile("\\s*%%if:([A-Za-z][A-Za-z0-9]*)%%\\s*");
    private static final Pattern END = Pattern.compile("\\s*%%end%%\\s*");

    private TemplateText() {
    }

    /**
     * {@code text} with its placeholders filled from {@code values} and its conditional blocks
     * kept or dropped by {@code flags}; an {@link IllegalStateException} naming {@code source}
     * and the line for an unknown placeholder or an unbalanced block (a template's bug, caught by
     * the tests that render every template).
     */
    static String render(String source, String text, Map<String, String> values, Set<String> flags) {
        List<String> kept = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String openFlag = null;
        int openLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher ifMatch = IF.matcher(line);
            if (ifMatch.matches()) {
                if (openFlag != null) throw bad(source, i, "%%if:" + ifMatch.group(1) + "%% inside %%if:" + openFlag + "%% (blocks do not nest)");
                openFlag = ifMatch.group(1);
                openLine = i;
                continue;
            }
            if (END.matcher(line).matches()) {
                if (openFlag == null) throw bad(source, i, "%%end%% without %%if:...%%");
                openFlag = null;
                continue;
            }
            if (openFlag != null && !flags.contains(openFlag)) continue;
            kept.add(fill(source, i, line, values));
        }
        if (openFlag != null) throw bad(source, openLine, "%%if:" + openFlag + "%% is never closed by %%end%%");
        return String.join("\n", kept);
    }

    private static String fill(String source, int lineIndex, String line, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) throw bad(source, lineIndex, "unknown placeholder %%" + m.group(1) + "%%; known: " + values.keySet());
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static IllegalStateException bad(String source, int lineIndex, String what) {
        return new IllegalStateException(source + ":" + (lineIndex + 1) + ": " + what);
    }
}
