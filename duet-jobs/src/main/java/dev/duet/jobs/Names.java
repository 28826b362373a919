package dev.duet.jobs;

import java.util.regex.Pattern;

/** The rule for job type and schedule names, which are stored as db-scheduler task names. */
final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    /** Kept for duet-jobs' own housekeeping tasks. */
    static final String RESERVED_PREFIX = "duet-";

    private Names() {
    }

    static String check(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A " + what + " name is 1 to 80 letters, digits, '.', '_' or '-', starting with a letter"
                    + " or digit; not '" + name + "'");
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            throw new IllegalArgumentException("A " + what + " name must not start with '" + RESERVED_PREFIX + "' (kept for duet-jobs): '"
                    + name + "'");
        }
        return name;
    }
}
