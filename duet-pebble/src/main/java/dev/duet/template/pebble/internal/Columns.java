package dev.duet.template.pebble.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a culprit sits in a template's text, counting only its code: what is between
 * {@code {{ }}} or {@code {% %}} (delimiters included), not text or {@code {# #}} comments.
 * Lines and columns are 1-based; a column counts chars (a tab is one).
 */
final class Columns {
    private Columns() {
    }

    /** The column of {@code culprit}'s only occurrence in code on {@code line}, or 0 if it is not there exactly once. */
    static int column(String text, int line, String culprit) {
        boolean[] code = codeMask(text);
        int start = lineStart(text, line);
        if (start < 0) return 0;
        int end = text.indexOf('\n', start);
        if (end < 0) end = text.length();
        int found = 0;
        int count = 0;
        for (int i = text.indexOf(culprit, start); i >= 0 && i + culprit.length() <= end; i = text.indexOf(culprit, i + 1)) {
            if (code[i] && wholeWord(text, i, culprit)) {
                count++;
                found = i;
            }
        }
        return count == 1 ? found - start + 1 : 0;
    }

    /** Where template {@code in} names another (its key) in a tag: the line and column of the name's opening quote. */
    record Reference(String in, String names, int line, int column) {
    }

    private static final Pattern NAMING_TAG = Pattern.compile("\\{%-?\\s*(?:extends|include|import|embed|from)\\s+([\"'])(.*?)\\1");

    /**
     * Where the template {@code missing} (a key) is named: searched in {@code start} and the
     * templates it names, and theirs (a few dozen at most). The one place, or null when it is
     * named in none or in several.
     */
    static Reference whereNamed(String missing, String start, Sources sources) {
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        Set<String> seen = new HashSet<>();
        Reference found = null;
        int count = 0;
        while (!queue.isEmpty() && seen.size() < 32) {
            String key = queue.poll();
            if (!seen.add(key)) continue;
            String text = sources.text(key);
            if (text == null) continue;
            for (Reference r : references(key, text, sources)) {
                if (r.names().equals(missing)) {
                    count++;
                    found = r;
                } else {
                    queue.add(r.names());
                }
            }
        }
        return count == 1 ? found : null;
    }

    /** The templates {@code text} (the template {@code key}) names in extends, include, import, embed and from tags. */
    private static List<Reference> references(String key, String text, Sources sources) {
        boolean[] code = codeMask(text);
        List<Reference> found = new ArrayList<>();
        Matcher m = NAMING_TAG.matcher(text);
        while (m.find()) {
            if (!code[m.start()]) continue; // a tag inside a comment
            String resolved;
            try {
                String written = m.group(2);
                String relative = sources.resolveRelativePath(written, key);
                resolved = relative != null ? relative : Sources.normalize(written);
            } catch (RuntimeException e) {
                continue; // a name that is itself wrong is another failure's business
            }
            int quote = m.start(1);
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < quote; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            found.add(new Reference(key, resolved, line, quote - lineStart + 1));
        }
        return found;
    }

    private static boolean wholeWord(String text, int at, String word) {
        if (Character.isJavaIdentifierPart(word.charAt(0)) && at > 0 && Character.isJavaIdentifierPart(text.charAt(at - 1))) return false;
        int after = at + word.length();
        return !(Character.isJavaIdentifierPart(word.charAt(word.length() - 1)) && after < text.length()
                && Character.isJavaIdentifierPart(text.charAt(after)));
    }

    private static int lineStart(String text, int line) {
        int start = 0;
        for (int l = 1; l < line; l++) {
            start = text.indexOf('\n', start);
            if (start < 0) return -1;
            start++;
        }
        return start;
    }

    /** Which chars of {@code text} are inside a print or execute tag, its delimiters included. */
    private static boolean[] codeMask(String text) {
        boolean[] code = new boolean[text.length() + 1];
        int i = 0;
        while (i < text.length() - 1) {
            char c = text.charAt(i);
            char next = text.charAt(i + 1);
            if (c == '{' && (next == '{' || next == '%' || next == '#')) {
                String close = next == '{' ? "}}" : next == '%' ? "%}" : "#}";
                int end = text.indexOf(close, i + 2);
                end = end < 0 ? text.length() : end + 2;
                if (next != '#') {
                    for (int j = i; j < end; j++) code[j] = true;
                }
                i = end;
            } else {
                i++;
            }
        }
        return code;
    }
}
