import dev.duet.spi.Compressor;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * What compressing a response costs: each coding on the class path (gzip built in, br with
 * duet-brotli) at the level Duet uses, and gzip at other levels for comparison, on a 16 KiB and a
 * 1 MiB JSON body; microseconds per body and the compressed size. The numbers behind
 * Compression.INLINE_LIMIT and the levels chosen (docs/compression.md).
 */
public class Compress {
    public static void main(String[] args) throws Exception {
        List<Compressor> codings = new ArrayList<>();
        codings.add(new dev.duet.internal.Gzip());
        ServiceLoader.load(Compressor.class).forEach(codings::add);
        for (int size : new int[] {16 * 1024, 1024 * 1024}) {
            byte[] json = json(size);
            int rounds = size < 100_000 ? 20_000 : 200;
            for (Compressor c : codings) report(c.coding() + " (Duet's)", json, rounds, () -> c.compress(json).length);
            for (int level : new int[] {1, 4, 6, 9}) report("gzip level " + level, json, rounds, () -> gzip(json, level));
        }
    }

    interface Job {
        int run() throws Exception;
    }

    static void report(String what, byte[] body, int rounds, Job job) throws Exception {
        int out = 0;
        for (int i = 0; i < rounds; i++) out = job.run(); // warm up
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) out = job.run();
        long micros = (System.nanoTime() - start) / rounds / 1000;
        System.out.printf("%8d bytes  %-18s %7d us  -> %8d bytes (%.1f %%)%n", body.length, what, micros, out, 100.0 * out / body.length);
    }

    static int gzip(byte[] body, int level) throws Exception {
        var bytes = new java.io.ByteArrayOutputStream(body.length / 4);
        try (var z = new GZIPOutputStream(bytes) {{ def.setLevel(level); }}) {
            z.write(body);
        }
        return bytes.size();
    }

    /** A JSON list of users, as an API answers, cut to {@code size} bytes. */
    static byte[] json(int size) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; sb.length() < size; i++) {
            sb.append("{\"id\":").append(i).append(",\"name\":\"user").append(i).append("\",\"email\":\"user").append(i)
                    .append("@example.com\",\"active\":").append(i % 3 == 0).append(",\"score\":").append(i * 7919 % 1000).append("},");
        }
        sb.setLength(size - 1);
        return sb.append(']').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
