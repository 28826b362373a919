package dev.duet.bench.templates;

import dev.duet.bench.BenchApp.Fortune;
import dev.duet.template.Template;
import dev.duet.template.jte.JteTemplates;
import dev.duet.template.pebble.PebbleTemplates;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The TechEmpower fortunes page (the 12 fortunes of bench/lib/db.sql plus the one added per
 * request, sorted, HTML escaping on) rendered three ways, each into a fresh
 * {@code ByteArrayOutputStream(2048)} whose bytes are the result, as Duet renders a View for a
 * response body:
 *
 * <ul>
 *   <li>{@link #pebble}: bench/duet's {@code templates/fortunes.html} by duet-pebble's {@code PebbleTemplates};</li>
 *   <li>{@link #jte}: bench/duet's {@code fortunes.jte}, precompiled by jte-maven-plugin, by duet-jte's {@code JteTemplates};</li>
 *   <li>{@link #handBuilt}: the StringBuilder page bench/duet built before it used templates
 *       (kept here word for word), its bytes written to the same kind of stream.</li>
 * </ul>
 *
 * The sorted rows are made once: what differs between the three is the rendering alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FortunesBench {
    /** As in bench/lib/db.sql, the rows TechEmpower's fortune table holds. */
    static final List<Fortune> ROWS = List.of(
            new Fortune(1, "fortune: No such file or directory"),
            new Fortune(2, "A computer scientist is someone who fixes things that aren't broken."),
            new Fortune(3, "After enough decimal places, nobody gives a damn."),
            new Fortune(4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
            new Fortune(5, "A computer program does what you tell it to do, not what you want it to do."),
            new Fortune(6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"),
            new Fortune(7, "Any program that runs right is obsolete."),
            new Fortune(8, "A list is only as strong as its weakest link. — Donald Knuth"),
            new Fortune(9, "Feature: A bug with seniority."),
            new Fortune(10, "Computers make very fast, very accurate mistakes."),
            new Fortune(11, "<script>alert(\"This should not be displayed in a browser alert box.\");</script>"),
            new Fortune(12, "フレームワークのベンチマーク"));

    private List<Fortune> fortunes;
    private Map<String, Object> model;
    private Template pebblePage;
    private Template jtePage;

    @Setup
    public void setUp() throws IOException {
        List<Fortune> list = new ArrayList<>(ROWS);
        list.add(new Fortune(0, "Additional fortune added at request time."));
        list.sort(Comparator.comparing(Fortune::message));
        fortunes = List.copyOf(list);
        model = Map.of("fortunes", fortunes);
        pebblePage = PebbleTemplates.builder().build().resolve("fortunes.html");
        jtePage = JteTemplates.precompiled().resolve("fortunes.jte");
        samePage();
    }

    /**
     * Refuses to measure three different pages. jte escapes text content by its context (quotes
     * are left as they are between tags), the other two escape quotes everywhere: the pages are
     * compared with quotes unescaped.
     */
    private void samePage() throws IOException {
        String hand = new String(handBuilt(), StandardCharsets.UTF_8);
        String pebble = new String(pebble(), StandardCharsets.UTF_8);
        String jte = new String(jte(), StandardCharsets.UTF_8);
        if (!hand.contains("&lt;script&gt;") || !hand.contains("フレームワークのベンチマーク") || count(hand, "<tr>") != 14) {
            throw new IllegalStateException("the hand-built page is not the fortunes page: " + hand);
        }
        if (!pebble.equals(hand)) throw new IllegalStateException("Pebble's page differs:\n" + pebble + "\n" + hand);
        if (!unquoted(jte).equals(unquoted(hand))) throw new IllegalStateException("jte's page differs:\n" + jte + "\n" + hand);
    }

    private static String unquoted(String page) {
        return page.replace("&quot;", "\"").replace("&#34;", "\"").replace("&#39;", "'");
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }

    @Benchmark
    public byte[] pebble() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        pebblePage.render(model, out);
        return out.toByteArray();
    }

    @Benchmark
    public byte[] jte() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        jtePage.render(model, out);
        return out.toByteArray();
    }

    @Benchmark
    public byte[] handBuilt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        out.write(page(fortunes));
        return out.toByteArray();
    }

    /** bench/duet's fortunes page before templates (commit 5d2f459), less the sort done in setUp. */
    static byte[] page(List<Fortune> list) {
        StringBuilder sb = new StringBuilder(1200);
        sb.append("<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
                + "<tr><th>id</th><th>message</th></tr>");
        for (Fortune f : list) {
            sb.append("<tr><td>").append(f.id()).append("</td><td>");
            escape(sb, f.message());
            sb.append("</td></tr>");
        }
        sb.append("</table></body></html>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
    }
}
