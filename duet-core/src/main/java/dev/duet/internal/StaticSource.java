package dev.duet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarEntry;

/**
 * Where static files come from: a directory, or a folder on the class path (a directory or a jar).
 * It is given a path already checked by {@link StaticPaths} (plain names, none of them {@code .}
 * or {@code ..}, no separators), and still refuses what is not a regular file, and, in a
 * directory, a file whose real path (symbolic links followed) is outside the root.
 */
public sealed interface StaticSource {
    /** The file at {@code segments} below the root, or null if there is none (or it is not a regular file). */
    Entry find(List<String> segments) throws IOException;

    /** A regular file found in a source. */
    interface Entry {
        /** Its size in bytes. */
        long size();

        /** When it last changed. */
        Instant lastModified();

        /** What tells this version of the file from any other: the inside of a strong entity tag. */
        String tag();

        /** Writes {@code count} bytes from {@code first} to {@code out}; fails if the file has fewer now. */
        void copyTo(OutputStream out, long first, long count) throws IOException;
    }

    /** The files below {@code root}, a directory. */
    static StaticSource directory(Path root) {
        Path real;
        try {
            real = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("static files: " + root.toAbsolutePath() + " does not exist", e);
        }
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("static files: " + root.toAbsolutePath() + " is not a directory");
        }
        return new Directory(real);
    }

    /** The resources below {@code root} (a folder name such as {@code static}) that {@code loader} finds. */
    static StaticSource classPath(String root, ClassLoader loader) {
        return new ClassPath(root, loader);
    }

    /** A directory on disk, by its real path. */
    record Directory(Path root) implements StaticSource {
        @Override
        public Entry find(List<String> segments) throws IOException {
            Path p = root;
            for (String s : segments) p = p.resolve(s);
            return regularFileWithin(p, root);
        }

        @Override
        public String toString() {
            return root.toString();
        }
    }

    /** A folder on the class path: the first of the loader's entries (directories or jars) that has the file. */
    record ClassPath(String root, ClassLoader loader) implements StaticSource {
        @Override
        public Entry find(List<String> segments) throws IOException {
            String name = (root.isEmpty() ? "" : root + "/") + String.join("/", segments);
            URL url = loader.getResource(name);
            if (url == null) return null;
            return switch (url.getProtocol()) {
                case "file" -> {
                    Path file;
                    try {
                        file = Path.of(url.toURI());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        yield null;
                    }
                    // The static folder in the class path directory the file was found in: as many
                    // levels up as the path below it has, so a link may not lead out of the folder.
                    Path base = file;
                    for (int i = segments.size(); i > 0 && base != null; i--) base = base.getParent();
                    if (base == null) yield null;
                    yield regularFileWithin(file, base.toRealPath());
                }
                case "jar" -> inJar(url);
                default -> null; // jrt:, or a loader's own scheme: not a file Duet knows how to size and date
            };
        }

        private static Entry inJar(URL url) throws IOException {
            URLConnection c = url.openConnection();
            if (!(c instanceof JarURLConnection jar)) return null;
            JarEntry e;
            try {
                e = jar.getJarEntry();
            } catch (java.io.FileNotFoundException missing) {
                return null;
            }
            // A folder: the jar's own entry "static/css/" answers for "static/css" too.
            if (e == null || e.isDirectory() || e.getSize() < 0) return null;
            return new JarFileEntry(url, e.getSize(), Instant.ofEpochMilli(e.getTime()), e.getCrc());
        }

        @Override
        public String toString() {
            return "classpath:" + root;
        }
    }

    /** {@code p} if it is a regular file, within {@code root} once links are followed; else null. */
    private static Entry regularFileWithin(Path p, Path root) throws IOException {
        BasicFileAttributes a;
        Path real;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
            if (!a.isRegularFile()) return null;
            real = p.toRealPath();
        } catch (FileSystemException e) { // missing, a name too long, not a directory on the way, no access
            return null;
        }
        if (!real.startsWith(root)) return null; // a link inside that leads outside
        return new FileEntry(real, a.size(), a.lastModifiedTime().toInstant());
    }

    /** A file on disk. */
    record FileEntry(Path path, long size, Instant lastModified) implements Entry {
        @Override
        public String tag() {
            // Size and modification time to the nanosecond where the file system keeps it, as nginx
            // does: it changes when the file is rewritten, without reading the file to hash it.
            long nanos = lastModified.getEpochSecond() * 1_000_000_000L + lastModified.getNano();
            return Long.toHexString(size) + "-" + Long.toHexString(nanos);
        }

        @Override
        public void copyTo(OutputStream out, long first, long count) throws IOException {
            // No links followed here: the path is the real one checked in find; one swapped in
            // for it since then is refused rather than followed outside the root.
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 64 * 1024));
                long pos = first;
                long left = count;
                while (left > 0) {
                    buf.clear().limit((int) Math.min(buf.capacity(), left));
                    int n = ch.read(buf, pos);
                    if (n < 0) throw new IOException(path + " is shorter than when it was found: it changed while being sent");
                    out.write(buf.array(), 0, n);
                    pos += n;
                    left -= n;
                }
            }
        }
    }

    /** A resource inside a jar. */
    record JarFileEntry(URL url, long size, Instant lastModified, long crc) implements Entry {
        @Override
        public String tag() {
            // The CRC changes with the content, even when a build stamps every entry with the same time.
            return Long.toHexString(size) + "-" + Long.toHexString(crc);
        }

        @Override
        public void copyTo(OutputStream out, long first, long count) throws IOException {
            try (InputStream in = url.openStream()) {
                in.skipNBytes(first);
                byte[] buf = new byte[(int) Math.min(Math.max(count, 1), 64 * 1024)];
                long left = count;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) throw new IOException(url + " is shorter than its jar entry says");
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        }
    }
}
