package dev.duet.cli.internal;

import dev.duet.cli.Progress;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Draws a {@link Progress}: on a terminal one line redrawn with {@code \r} (a bar, the count, the
 * percentage); elsewhere (a pipe, a file, a log collector) plain lines, since a {@code \r} there
 * only makes one unreadable line: a line at each tenth done, at most one a second, and always
 * one at the end.
 */
public final class ProgressLine implements Progress {
    private static final int BAR = 30;
    // A terminal redraw is cheap but not free; a loop advancing a million times must not print a million lines.
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PLAIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private long count;
    private long lastDrawn;
    private long lastTenth;
    private int lastPercent;
    private boolean finished;

    /**
     * Progress of {@code total} steps (0: unknown) labelled {@code label}, drawn on {@code out};
     * {@code nanoTime} is the clock that paces the lines ({@code System::nanoTime}).
     */
    public ProgressLine(PrintWriter out, String label, long total, boolean terminal, LongSupplier nanoTime) {
        this.out = Objects.requireNonNull(out, "out");
        this.label = Objects.requireNonNull(label, "label");
        if (total < 0) throw new IllegalArgumentException("progress total must be 0 (unknown) or more, not " + total);
        this.total = total;
        this.terminal = terminal;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.lastDrawn = nanoTime.getAsLong();
        if (terminal) draw();
    }

    @Override
    public synchronized void advance(long steps) {
        if (steps < 0) throw new IllegalArgumentException("progress advances by 0 or more steps, not " + steps);
        if (finished) return;
        count += steps;
        long now = nanoTime.getAsLong();
        if (terminal) {
            if (now - lastDrawn >= REDRAW_NANOS || percent() != lastPercent) draw(now);
        } else if (now - lastDrawn >= PLAIN_NANOS && (total == 0 || tenth() != lastTenth)) {
            draw(now);
        }
    }

    @Override
    public synchronized long count() {
        return count;
    }

    @Override
    public synchronized void done() {
        if (finished) return;
        finished = true;
        if (terminal) {
            draw();
            out.print('\n');
        } else {
            out.println(plain() + ", done");
        }
        out.flush();
    }

    /**
     * Ends the report where it stands, not claiming it done (the command failed or was
     * cancelled): the line is ended so that what is printed next starts on a line of its own.
     */
    public synchronized void stop() {
        if (finished) return;
        finished = true;
        if (terminal) out.print('\n');
        else out.println(plain() + ", stopped");
        out.flush();
    }

    private void draw() {
        draw(nanoTime.getAsLong());
    }

    private void draw(long now) {
        lastDrawn = now;
        lastTenth = tenth();
        lastPercent = percent();
        if (terminal) {
            // The line only grows (the count and percentage do), so it needs no padding over the last.
            out.print('\r' + bar());
        } else {
            out.println(plain());
        }
        out.flush();
    }

    private long tenth() {
        return total == 0 ? 0 : Math.min(10, count * 10 / total);
    }

    private int percent() {
        return total == 0 ? 0 : (int) Math.min(100, count * 100 / total);
    }

    private String plain() {
        return total == 0 ? label + ": " + count : label + ": " + count + "/" + total + " (" + percent() + "%)";
    }

    private String bar() {
        if (total == 0) return label + " " + count;
        int filled = (int) Math.min(BAR, count * BAR / total);
        return label + " [" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + count + "/" + total + " " + percent() + "%";
    }
}
