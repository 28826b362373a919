package dev.duet.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class path lookup cache: the class loader is asked once per name, small files are read once
 * into memory, and the limits (per file, in all) hold.
 */
class ResourceCacheTest {
    @TempDir
    Path tmp;

    /** Counts what it is asked for, so that a test can see the cache spare it. */
    static final class CountingLoader extends URLClassLoader {
        final AtomicInteger lookups = new AtomicInteger();

        CountingLoader(URL jar) {
            super(new URL[] {jar}, null);
        }

        @Override
        public URL getResource(String name) {
            lookups.incrementAndGet();
            return super.getResource(name);
        }
    }

    private URL jar(int bigSize) throws IOException {
        Path jar = tmp.resolve("site.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "web/tour.css", "body { margin: 0 }\n".getBytes(StandardCharsets.UTF_8));
            entry(out, "web/other.css", "p { }\n".getBytes(StandardCharsets.UTF_8));
            entry(out, "web/big.js", new byte[bigSize]);
        }
        return jar.toUri().toURL();
    }

    private static void entry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static byte[] read(StaticSource.Entry e) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.copyTo(out, 0, e.size());
        return out.toByteArray();
    }

    @Test
    void theSecondReadOfAFileDoesNotTouchTheClassLoader() throws IOException {
        try (CountingLoader loader = new CountingLoader(jar(10))) {
            StaticSource source = StaticSource.classPath("web", loader);
            ResourceCache cache = new ResourceCache(source, 1024, 1 << 20);
            StaticSource.Entry first = cache.find(List.of("tour.css"));
            assertThat(loader.lookups.get()).isEqualTo(1);
            StaticSource.Entry uncached = source.find(List.of("tour.css"));
            int before = loader.lookups.get();

            StaticSource.Entry second = cache.find(List.of("tour.css"));
            assertThat(read(second)).isEqualTo("body { margin: 0 }\n".getBytes(StandardCharsets.UTF_8));
            assertThat(loader.lookups.get()).as("no lookup, and no read through the loader").isEqualTo(before);
            assertThat(second).isSameAs(first).isInstanceOf(ResourceCache.InMemory.class);
            // The validators are the jar entry's own: ETag and Last-Modified do not change with the cache.
            assertThat(second.tag()).isEqualTo(uncached.tag());
            assertThat(second.lastModified()).isEqualTo(uncached.lastModified());
            assertThat(second.size()).isEqualTo(uncached.size());
            assertThat(cache.bytesInMemory()).isEqualTo(uncached.size());
        }
    }

    @Test
    void aMissingNameIsRememberedToo() throws IOException {
        try (CountingLoader loader = new CountingLoader(jar(10))) {
            ResourceCache cache = new ResourceCache(StaticSource.classPath("web", loader), 1024, 1 << 20);
            assertThat(cache.find(List.of("tour.css.br"))).isNull();
            assertThat(cache.find(List.of("tour.css.br"))).isNull();
            assertThat(loader.lookups.get()).isEqualTo(1);
        }
    }

    @Test
    void aFileOverTheLimitIsLookedUpOnceButStreamedEachTime() throws IOException {
        try (CountingLoader loader = new CountingLoader(jar(5000))) {
            ResourceCache cache = new ResourceCache(StaticSource.classPath("web", loader), 4096, 1 << 20);
            StaticSource.Entry big = cache.find(List.of("big.js"));
            assertThat(big).isNotInstanceOf(ResourceCache.InMemory.class);
            assertThat(cache.find(List.of("big.js"))).isSameAs(big);
            assertThat(loader.lookups.get()).isEqualTo(1);
            assertThat(read(big)).hasSize(5000);
            assertThat(cache.bytesInMemory()).isZero();
        }
    }

    @Test
    void theTotalLimitHolds() throws IOException {
        try (CountingLoader loader = new CountingLoader(jar(10))) {
            int css = "body { margin: 0 }\n".length();
            ResourceCache cache = new ResourceCache(StaticSource.classPath("web", loader), 1024, css + 3);
            assertThat(cache.find(List.of("tour.css"))).isInstanceOf(ResourceCache.InMemory.class);
            StaticSource.Entry other = cache.find(List.of("other.css"));
            assertThat(other).as("over the total: kept as a lookup, read from the jar").isNotInstanceOf(ResourceCache.InMemory.class);
            assertThat(read(other)).isEqualTo("p { }\n".getBytes(StandardCharsets.UTF_8));
            assertThat(cache.bytesInMemory()).isEqualTo(css);
        }
    }

    @Test
    void zeroLimitsKeepNoBytes() throws IOException {
        try (CountingLoader loader = new CountingLoader(jar(10))) {
            ResourceCache cache = new ResourceCache(StaticSource.classPath("web", loader), 0, 0);
            assertThat(cache.find(List.of("tour.css"))).isNotInstanceOf(ResourceCache.InMemory.class);
            assertThat(cache.bytesInMemory()).isZero();
        }
    }

    @Test
    void aRangeOfAnInMemoryFileIsThoseBytesAndOneBeyondItFails() throws IOException {
        var e = new ResourceCache.InMemory("0123456789".getBytes(StandardCharsets.US_ASCII), java.time.Instant.EPOCH, "t");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.copyTo(out, 2, 3);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("234");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.copyTo(new ByteArrayOutputStream(), 8, 3))
                .isInstanceOf(IOException.class);
    }
}
