package dev.duet.template.pebble.internal;

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

    /** {line, column} of the only occurrence in code of any of {@code candidates}, or null if not exactly one. */
    static int[] find(String text, String... candidates) {
        boolean[] code = codeMask(text);
        int found = -1;
        int count = 0;
        for (String c : candidates) {
            for (int i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) {
                if (code[i]) {
                    count++;
                    found = i;
                }
            }
        }
        if (count != 1) return null;
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < found; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, found - lineStart + 1};
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
