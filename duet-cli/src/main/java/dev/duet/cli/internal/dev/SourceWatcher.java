package dev.duet.cli.internal.dev;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Watches directory trees (on Linux through inotify, one watch per directory) and reports the
 * paths that changed, in batches: an editor's save is often several events (a temporary file, a
 * rename, a write), and a batch ends only after {@code quiet} without a new event, so that one
 * save is one reload.
 */
final class SourceWatcher implements AutoCloseable {
    /** One batch: the paths that changed, and whether events were lost (then anything may have). */
    record Changes(Set<Path> paths, boolean lost) {
    }

    private static final Logger log = LoggerFactory.getLogger(SourceWatcher.class);

    private final WatchService watch;
    private final Map<WatchKey, Path> dirs = new ConcurrentHashMap<>();
    private final Duration quiet;
    private final Consumer<Changes> onChange;
    private final Thread thread;

    SourceWatcher(List<Path> roots, Duration quiet, Consumer<Changes> onChange) throws IOException {
        this.watch = roots.getFirst().getFileSystem().newWatchService();
        this.quiet = quiet;
        this.onChange = onChange;
        for (Path root : roots) {
            if (Files.isDirectory(root)) registerTree(root);
        }
        this.thread = Thread.ofPlatform().daemon().name("duet-run-watch").start(this::loop);
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path dir : (Iterable<Path>) walk.filter(Files::isDirectory)::iterator) {
                WatchKey key = dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                dirs.put(key, dir);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void loop() {
        try {
            while (true) {
                Set<Path> batch = new TreeSet<>();
                boolean lost = take(watch.take(), batch);
                // The batch grows while events keep coming within the quiet time.
                for (WatchKey k; (k = watch.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null; ) lost |= take(k, batch);
                if (!batch.isEmpty() || lost) {
                    try {
                        onChange.accept(new Changes(batch, lost));
                    } catch (RuntimeException e) {
                        log.error("duet run: handling a change failed", e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the runner is stopping
        }
    }

    /** Adds what {@code key} reports to {@code batch}; true if events were lost. */
    private boolean take(WatchKey key, Set<Path> batch) {
        boolean lost = false;
        Path dir = dirs.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (dir == null) continue;
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                lost = true;
                continue;
            }
            Path p = dir.resolve((Path) event.context());
            batch.add(p);
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(p)) {
                try {
                    registerTree(p); // a new package: watch it too, and take what it holds already
                    try (Stream<Path> inside = Files.walk(p)) {
                        inside.forEach(batch::add);
                    }
                } catch (IOException | UncheckedIOException e) {
                    log.warn("duet run: cannot watch the new directory {}: {}", p, e.toString());
                }
            }
        }
        if (!key.reset()) dirs.remove(key);
        return lost;
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        thread.interrupt();
    }
}
