package dev.duet.cli.internal;

import dev.duet.Config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names settings go by. In a file and in {@code --set}: Duet's knobs by their own names
 * ({@code port}, {@code requestTimeout}), the database's as {@code databaseUrl} and its siblings,
 * and the app's own keys under {@code app.} ({@code app.mail.host}). In the environment:
 * {@code DUET_PORT}, {@code DATABASE_URL}, {@code DUET_APP_MAIL_HOST}.
 */
public final class Keys {
    /** Every Duet knob, in {@link Config}'s order. */
    public static final List<String> KNOBS = List.copyOf(Config.defaults().knobs().keySet());
    /** The database's settings, read by {@code DbConfig}; each also {@code DATABASE_<NAME>} in the environment. */
    public static final List<String> DATABASE = List.of("databaseUrl", "databasePoolSize",
            "databaseConnectionPerRequest", "databaseTablePrefix", "databaseSchema");
    /** The prefix of the app's own keys in a file, {@code --set} and {@code -D duet.} properties. */
    public static final String APP = "app.";
    /** The prefix of the app's own keys in the environment. */
    public static final String APP_ENV = "DUET_APP_";

    /**
     * {@code DUET_} variables that are not settings but are Duet's all the same: the launcher's
     * JDK search path, and Duet's own test and benchmark servers ({@code DUET_TEST_*},
     * {@code DUET_BENCH_*}, prefixes).
     */
    static final List<String> OTHER_ENV = List.of("DUET_PROFILE", "DUET_JDK_DIRS", "DUET_TEST_", "DUET_BENCH_");
    private static final Set<String> KNOB_ENV = KNOBS.stream().map(Keys::envName).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "pwd", "secret", "key", "token", "credential");

    private Keys() {
    }

    /** {@code requestTimeout} -> {@code DUET_REQUEST_TIMEOUT}; {@code databaseUrl} -> {@code DATABASE_URL}. */
    public static String envName(String key) {
        String snake = key.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT);
        return DATABASE.contains(key) ? snake : "DUET_" + snake;
    }

    /** An app key as it is compared: case and the separators {@code . - _} do not matter. */
    public static String normalizeApp(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** Whether the value of {@code key} is a secret, never printed: {@code secrets}, and any *password*, *passwd*, *pwd*, *secret*, *key*, *token*, *credential*. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String w : SECRET_WORDS) if (k.contains(w)) return true;
        return false;
    }

    /**
     * Whether {@code name}, a {@code DUET_} environment variable, is one Duet knows: a knob's
     * ({@code DUET_PORT}), an app key's ({@code DUET_APP_MAIL_HOST}), or one of {@link #OTHER_ENV}.
     */
    static boolean isDuetEnv(String name) {
        if (KNOB_ENV.contains(name) || (name.startsWith(APP_ENV) && name.length() > APP_ENV.length())) return true;
        for (String other : OTHER_ENV) {
            if (other.endsWith("_") ? name.startsWith(other) && name.length() > other.length() : name.equals(other)) return true;
        }
        return false;
    }

    /** What an unknown {@code DUET_} variable was probably meant to be, as a hint; empty if nothing is close. */
    static String envHint(String unknown) {
        String best = null;
        int bestDistance = 3;
        for (String k : KNOB_ENV.stream().sorted().toList()) {
            int d = distance(unknown, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        if (best == null && distance(unknown, "DUET_PROFILE") < 3) best = "DUET_PROFILE";
        if (best == null && unknown.startsWith("DUET_APP") && !unknown.startsWith(APP_ENV)) best = APP_ENV + "...";
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /** What an unknown key was probably meant to be, as a hint for its error; empty if nothing is close. */
    public static String hint(String unknown) {
        String best = null;
        int bestDistance = 3; // two edits at most: further than that is another word, not a typo
        for (List<String> names : List.of(KNOBS, DATABASE)) {
            for (String k : names) {
                int d = distance(unknown.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
                if (d < bestDistance) {
                    bestDistance = d;
                    best = k;
                }
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    // Levenshtein distance, enough to catch a transposed or missing letter.
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
