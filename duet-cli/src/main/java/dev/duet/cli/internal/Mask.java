package dev.duet.cli.internal;

import java.util.regex.Pattern;

/** Hides secrets in what the command line prints: signing keys, passwords, tokens, a URL's password. */
public final class Mask {
    /** What a hidden value is shown as. */
    public static final String HIDDEN = "****";

    // Up to the last '@' of the authority: a password may hold an '@' of its own (p@ss), never a '/'.
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@?#]*:)[^/?#]*@");
    // password=, sslpassword=, pwd=, and any *secret= or *token= parameter.
    private static final Pattern PARAM_PASSWORD = Pattern.compile("(?i)([?&;][a-z_.-]*(?:password|pwd|secret|token)=)[^&;]*");

    private Mask() {
    }

    /** {@code text} as it may be printed for {@code key}: hidden if the key is a secret, a URL's password hidden. */
    public static String value(String key, String text) {
        if (text.isEmpty()) return text; // nothing to hide, and "not set" is worth seeing
        if (Keys.isSecret(key)) return HIDDEN;
        return url(text);
    }

    /** {@code url} with the password of {@code user:password@} and of a {@code password=} (or {@code pwd=}, {@code *token=}...) parameter hidden. */
    public static String url(String url) {
        String s = URL_PASSWORD.matcher(url).replaceAll("$1" + HIDDEN + "@");
        return PARAM_PASSWORD.matcher(s).replaceAll("$1" + HIDDEN);
    }
}
