import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Why is an object still alive? Reads an HPROF heap dump ({@code jcmd PID GC.heap_dump FILE}) and
 * prints, for each instance of the named class, the shortest path of strong references from a GC
 * root to it (the {@code referent} of weak, soft and phantom references is not followed), with
 * each step's class and field. Written for duet run's generation class loaders (there is no heap
 * analyser offline here), but it takes any class:
 *
 * <pre>
 * java bench/reload/HeapRoots.java dump.hprof dev.duet.cli.internal.dev.GenerationLoader
 * </pre>
 *
 * It keeps the whole object index in memory: give it a heap about a third of the dump's size
 * ({@code java -Xmx2g ...}). Dumps up to 2 GiB only (one mapped buffer).
 */
public final class HeapRoots {
    private static final int T_OBJECT = 2;

    private final ByteBuffer buf;
    private int idSize;
    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, String> classNames = new HashMap<>();   // class object id -> name
    private final Map<Long, ClassInfo> classes = new HashMap<>();
    private final LongMap objects = new LongMap();                  // object id -> offset of its record (instances, arrays)
    private final Map<Long, String> roots = new HashMap<>();        // root id -> kind

    private record Field(String name, int type) {
    }

    private record ClassInfo(long id, long superId, long loader, int instanceSize, List<Field> fields, List<long[]> statics,
                             List<String> staticNames) {
    }

    private HeapRoots(ByteBuffer buf) {
        this.buf = buf;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java HeapRoots.java DUMP.hprof CLASS_NAME");
            System.exit(2);
        }
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            HeapRoots h = new HeapRoots(map);
            h.read();
            h.explain(args[1]);
        }
    }

    private long id() {
        return idSize == 8 ? buf.getLong() : buf.getInt() & 0xffffffffL;
    }

    private int size(int type) {
        return switch (type) {
            case T_OBJECT -> idSize;
            case 4, 8 -> 1;
            case 5, 9 -> 2;
            case 6, 10 -> 4;
            case 7, 11 -> 8;
            default -> throw new IllegalStateException("type " + type);
        };
    }

    private void read() {
        while (buf.get() != 0) { } // "JAVA PROFILE 1.0.2\0"
        idSize = buf.getInt();
        buf.getLong();
        while (buf.hasRemaining()) {
            int tag = buf.get() & 0xff;
            buf.getInt();
            long len = buf.getInt() & 0xffffffffL;
            int end = (int) (buf.position() + len);
            switch (tag) {
                case 0x01 -> {
                    long sid = id();
                    byte[] b = new byte[end - buf.position()];
                    buf.get(b);
                    strings.put(sid, new String(b, StandardCharsets.UTF_8));
                }
                case 0x02 -> {
                    buf.getInt();
                    long cid = id();
                    buf.getInt();
                    classNames.put(cid, strings.getOrDefault(id(), "?").replace('/', '.'));
                }
                case 0x0C, 0x1C -> heap(end);
                default -> { }
            }
            buf.position(end);
        }
    }

    private void heap(int end) {
        while (buf.position() < end) {
            int sub = buf.get() & 0xff;
            switch (sub) {
                case 0xFF -> roots.putIfAbsent(id(), "unknown root");
                case 0x01 -> { roots.putIfAbsent(id(), "JNI global"); id(); }
                case 0x02 -> { roots.putIfAbsent(id(), "JNI local"); buf.getInt(); buf.getInt(); }
                case 0x03 -> { roots.putIfAbsent(id(), "Java frame (a local variable)"); buf.getInt(); buf.getInt(); }
                case 0x04 -> { roots.putIfAbsent(id(), "native stack"); buf.getInt(); }
                case 0x05 -> roots.putIfAbsent(id(), "system class");
                case 0x06 -> { roots.putIfAbsent(id(), "thread block"); buf.getInt(); }
                case 0x07 -> roots.putIfAbsent(id(), "monitor in use");
                case 0x08 -> { roots.putIfAbsent(id(), "thread"); buf.getInt(); buf.getInt(); }
                case 0x20 -> classDump();
                case 0x21 -> {
                    int at = buf.position() - 1;
                    objects.put(id(), at);
                    buf.getInt();
                    id();
                    int n = buf.getInt();
                    buf.position(buf.position() + n);
                }
                case 0x22 -> {
                    int at = buf.position() - 1;
                    objects.put(id(), at);
                    buf.getInt();
                    int n = buf.getInt();
                    id();
                    buf.position(buf.position() + n * idSize);
                }
                case 0x23 -> {
                    objects.put(id(), buf.position() - 1 - idSize);
                    buf.getInt();
                    int n = buf.getInt();
                    int type = buf.get();
                    buf.position(buf.position() + n * size(type));
                }
                default -> throw new IllegalStateException("heap sub-record " + Integer.toHexString(sub) + " at " + buf.position());
            }
        }
    }

    private void classDump() {
        long cid = id();
        buf.getInt();
        long superId = id();
        long loader = id();
        id(); id(); id(); id();
        int instanceSize = buf.getInt();
        int cp = buf.getShort() & 0xffff;
        for (int i = 0; i < cp; i++) {
            buf.getShort();
            int t = buf.get();
            buf.position(buf.position() + size(t));
        }
        List<long[]> statics = new ArrayList<>();
        List<String> staticNames = new ArrayList<>();
        int ns = buf.getShort() & 0xffff;
        for (int i = 0; i < ns; i++) {
            String name = strings.getOrDefault(id(), "?");
            int t = buf.get();
            if (t == T_OBJECT) {
                long v = id();
                if (v != 0) {
                    statics.add(new long[]{v});
                    staticNames.add(name);
                }
            } else {
                buf.position(buf.position() + size(t));
            }
        }
        List<Field> fields = new ArrayList<>();
        int nf = buf.getShort() & 0xffff;
        for (int i = 0; i < nf; i++) fields.add(new Field(strings.getOrDefault(id(), "?"), buf.get()));
        classes.put(cid, new ClassInfo(cid, superId, loader, instanceSize, fields, statics, staticNames));
    }

    /** Calls {@code out} with each strong reference of {@code id}: (label, target). */
    private void refs(long id, java.util.function.BiConsumer<String, Long> out) {
        ClassInfo ci = classes.get(id);
        if (ci != null) { // a class: its statics and its loader
            for (int i = 0; i < ci.statics.size(); i++) out.accept("static " + ci.staticNames.get(i), ci.statics.get(i)[0]);
            if (ci.loader != 0) out.accept("<loader>", ci.loader);
            if (ci.superId != 0) out.accept("<super>", ci.superId);
            return;
        }
        int at = objects.get(id);
        if (at < 0) return;
        ByteBuffer b = buf.duplicate();
        b.position(at);
        int sub = b.get() & 0xff;
        if (sub == 0x23) return; // an array of numbers refers to nothing
        if (sub == 0x22) {
            skipId(b);
            b.getInt();
            int n = b.getInt();
            skipId(b);
            for (int i = 0; i < n; i++) {
                long v = readId(b);
                if (v != 0) out.accept("[" + i + "]", v);
            }
            return;
        }
        skipId(b);
        b.getInt();
        long cls = readId(b);
        b.getInt();
        out.accept("<class>", cls);
        boolean reference = isA(cls, "java.lang.ref.Reference");
        for (long c = cls; c != 0; ) {
            ClassInfo k = classes.get(c);
            if (k == null) break;
            for (Field f : k.fields) {
                if (f.type == T_OBJECT) {
                    long v = readId(b);
                    if (v != 0 && !(reference && f.name.equals("referent"))) out.accept(f.name, v);
                } else {
                    b.position(b.position() + size(f.type));
                }
            }
            c = k.superId;
        }
    }

    private boolean isA(long cls, String name) {
        for (long c = cls; c != 0; ) {
            if (name.equals(classNames.get(c))) return true;
            ClassInfo k = classes.get(c);
            c = k == null ? 0 : k.superId;
        }
        return false;
    }

    private void skipId(ByteBuffer b) {
        b.position(b.position() + idSize);
    }

    private long readId(ByteBuffer b) {
        return idSize == 8 ? b.getLong() : b.getInt() & 0xffffffffL;
    }

    private String describe(long id) {
        if (classes.containsKey(id)) return "class " + classNames.getOrDefault(id, "?");
        int at = objects.get(id);
        if (at < 0) return "?@" + Long.toHexString(id);
        ByteBuffer b = buf.duplicate();
        b.position(at);
        int sub = b.get() & 0xff;
        skipId(b);
        b.getInt();
        if (sub == 0x23) return "primitive array@" + Long.toHexString(id);
        if (sub == 0x22) {
            b.getInt();
            return classNames.getOrDefault(readId(b), "Object[]") + "@" + Long.toHexString(id);
        }
        long cls = readId(b);
        String d = classNames.getOrDefault(cls, "?") + "@" + Long.toHexString(id);
        // A thread's name says whose it is (the JDK's, Netty's, the app's).
        if (isA(cls, "java.lang.Thread")) d += " \"" + string(field(id, "name")) + "\"";
        return d;
    }

    /** The reference {@code name} of the instance {@code id} (the first such field up its classes), or 0. */
    private long field(long id, String name) {
        long[] found = {0};
        refs(id, (l, t) -> { if (found[0] == 0 && l.equals(name)) found[0] = t; });
        return found[0];
    }

    /** The text of the java.lang.String {@code id}, from its bytes and coder. */
    private String string(long id) {
        long value = field(id, "value");
        int at = value == 0 ? -1 : objects.get(value);
        if (at < 0) return "?";
        ByteBuffer b = buf.duplicate();
        b.position(at + 1 + idSize + 4);
        int n = b.getInt();
        b.get();
        byte[] bytes = new byte[n];
        b.get(bytes);
        // Latin-1 (coder 0) or UTF-16 in the JVM's byte order (coder 1): the length tells them apart well enough here.
        boolean utf16 = n % 2 == 0 && n > 1 && bytes[1] == 0 && bytes[0] != 0;
        return utf16 ? new String(bytes, StandardCharsets.UTF_16LE) : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private void explain(String target) {
        List<Long> wanted = new ArrayList<>();
        objects.forEach((id, at) -> {
            ByteBuffer b = buf.duplicate();
            b.position(at);
            if ((b.get() & 0xff) != 0x21) return;
            skipId(b);
            b.getInt();
            if (target.equals(classNames.get(readId(b)))) wanted.add(id);
        });
        System.out.println(wanted.size() + " instance(s) of " + target);
        if (wanted.isEmpty()) return;
        // Breadth first from every root: the first time an object is reached is by a shortest path.
        Map<Long, Long> parent = new HashMap<>();
        ArrayDeque<Long> queue = new ArrayDeque<>();
        for (Long r : roots.keySet()) {
            parent.put(r, 0L);
            queue.add(r);
        }
        while (!queue.isEmpty()) {
            long o = queue.poll();
            refs(o, (label, t) -> {
                if (parent.putIfAbsent(t, o) == null) queue.add(t);
            });
        }
        for (long w : wanted) {
            System.out.println();
            System.out.println(describe(w) + ":");
            if (!parent.containsKey(w)) {
                System.out.println("  not strongly reachable (only weak/soft references, or garbage the dump kept)");
                continue;
            }
            List<String> path = new ArrayList<>();
            for (long o = w; ; ) {
                long p = parent.get(o);
                if (p == 0) {
                    path.add("ROOT (" + roots.get(o) + ") " + describe(o));
                    break;
                }
                String[] label = {"?"};
                long child = o;
                refs(p, (l, t) -> { if (t == child && label[0].equals("?")) label[0] = l; });
                path.add(describe(p) + " ." + label[0]);
                o = p;
            }
            for (int i = path.size() - 1; i >= 0; i--) System.out.println("  " + path.get(i));
        }
    }

    /** An open-addressing map of long to non-negative int (the record offsets). */
    private static final class LongMap {
        private long[] keys = new long[1 << 20];
        private int[] vals = new int[1 << 20];
        private int size;

        void put(long k, int v) {
            if (size * 2 >= keys.length) grow();
            int i = slot(keys, k);
            if (keys[i] == 0) size++;
            keys[i] = k;
            vals[i] = v;
        }

        int get(long k) {
            int i = slot(keys, k);
            return keys[i] == 0 ? -1 : vals[i];
        }

        void forEach(java.util.function.BiConsumer<Long, Integer> f) {
            for (int i = 0; i < keys.length; i++) if (keys[i] != 0) f.accept(keys[i], vals[i]);
        }

        private static int slot(long[] keys, long k) {
            int mask = keys.length - 1;
            int i = (int) (Long.hashCode(k * 0x9E3779B97F4A7C15L)) & mask;
            while (keys[i] != 0 && keys[i] != k) i = (i + 1) & mask;
            return i;
        }

        private void grow() {
            long[] ok = keys;
            int[] ov = vals;
            keys = new long[ok.length * 2];
            vals = new int[ok.length * 2];
            for (int i = 0; i < ok.length; i++) {
                if (ok[i] != 0) {
                    int s = slot(keys, ok[i]);
                    keys[s] = ok[i];
                    vals[s] = ov[i];
                }
            }
        }
    }
}
