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
    private final List<Path> roots;
    private final Map<WatchKey, Path> dirs = new ConcurrentHashMap<>();
    /** Watches of a directory on the way to a root that does not exist yet: only their roots' appearance counts. */
    private final Set<WatchKey> waypoints = ConcurrentHashMap.newKeySet();
    private final Duration quiet;
    private final Consumer<Changes> onChange;
    private final Thread thread;

    /**
     * @param roots    the trees to watch; one that does not exist yet is watched for from its
     *                 nearest existing parent, and watched whole once it appears
     * @param quiet    how long without an event ends a batch
     * @param onChange called with each batch, on the watcher's thread
     */
    SourceWatcher(List<Path> roots, Duration quiet, Consumer<Changes> onChange) throws IOException {
        this.watch = roots.getFirst().getFileSystem().newWatchService();
        this.roots = List.copyOf(roots);
        this.quiet = quiet;
        this.onChange = onChange;
        for (Path root : this.roots) watchRoot(root);
        this.thread = Thread.ofPlatform().daemon().name("duet-run-watch").start(this::loop);
    }

    /**
     * Watches {@code root} whole if it exists; if not, its nearest existing parent alone, to learn
     * when the way to it appears (src/main/resources made after duet run started, say).
     */
    private void watchRoot(Path root) throws IOException {
        if (Files.isDirectory(root)) {
            registerTree(root);
            return;
        }
        Path parent = root.getParent();
        while (parent != null && !Files.isDirectory(parent)) parent = parent.getParent();
        // Inside a tree watched whole already (the resources inside the sources, say), it is seen appearing as any new directory is.
        if (parent == null || dirs.containsValue(parent)) return;
        WatchKey key = parent.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
        dirs.put(key, parent);
        waypoints.add(key);
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
            if (waypoints.contains(key)) {
                awaited(p, batch);
                continue;
            }
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
        if (!key.reset()) {
            dirs.remove(key);
            waypoints.remove(key);
            if (roots.contains(dir)) { // a root deleted (or renamed away): wait for it to come back
                try {
                    watchRoot(dir);
                } catch (IOException e) {
                    log.warn("duet run: cannot watch for {} again: {}", dir, e.toString());
                }
            }
        }
        return lost;
    }

    /**
     * {@code p} appeared in a directory on the way to a root that did not exist: if it leads to
     * one, that root is watched now, or the next step on the way to it; and whatever the root
     * holds already (made with it, as {@code mkdir -p} and an editor's save do) is a change.
     */
    private void awaited(Path p, Set<Path> batch) {
        for (Path root : roots) {
            if (!root.startsWith(p) || !Files.isDirectory(p) || dirs.containsValue(root)) continue;
            try {
                watchRoot(root);
                if (Files.isDirectory(root)) {
                    try (Stream<Path> inside = Files.walk(root)) {
                        inside.forEach(batch::add);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                log.warn("duet run: cannot watch the new directory {}: {}", p, e.toString());
            }
        }
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
