package dev.duet;

import java.util.Optional;

/**
 * The app's line that registered a route, for {@link Route#source()}: the first frame of the
 * calling thread outside Duet's own package (and outside the JDK, so a registration made through
 * reflection or a stream still names the app's code).
 */
final class CallerFrame {
    // Once per registration, at configuration time only: the walk costs microseconds, never a request.
    private static final StackWalker WALKER = StackWalker.getInstance();

    private CallerFrame() {
    }

    /** {@code Site.java:42}, or {@code com.example.Site.create} when the class has no debug info; {@code unknown} if none. */
    static String find() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames -> frames.filter(f -> !framework(f.getClassName())).findFirst());
        return frame.map(CallerFrame::describe).orElse("unknown");
    }

    static boolean framework(String className) {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot);
        // Only dev.duet itself, not its sub-packages' names: an app may well live in dev.duet.something.
        return pkg.equals("dev.duet") || pkg.startsWith("java.") || pkg.startsWith("jdk.") || pkg.startsWith("sun.");
    }

    private static String describe(StackWalker.StackFrame f) {
        if (f.getFileName() == null || f.getLineNumber() < 0) return f.getClassName() + "." + f.getMethodName();
        return f.getFileName() + ":" + f.getLineNumber();
    }
}
