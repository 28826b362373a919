package dev.duet.template.jte;

import dev.duet.template.jte.internal.Utf8Stream;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import gg.jte.output.Utf8ByteOutput;
import gg.jte.resolve.DirectoryCodeResolver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not a test: which way of getting jte's output into a stream is fastest, on the fortunes page
 * (TechEmpower's 12 rows, one needing escaping, plus one added at run time; through the layout)
 * written into a ByteArrayOutputStream as Duet's Rendering does. Run from the repository's root,
 * after {@code ./mvnw -pl duet-jte test-compile}:
 *
 * <pre>
 * ./mvnw -q -pl duet-jte dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp duet-jte/target/test-classes:duet-jte/target/classes:$(cat /tmp/cp.txt) dev.duet.template.jte.OutputBenchmark
 * </pre>
 *
 * A hand-made harness (warm-up, then rounds of each way in turn, the median reported), not JMH:
 * read the figures as ratios between the ways on one machine, not as absolute numbers.
 */
public final class OutputBenchmark {
    private static final int ROUNDS = 15;
    private static final int RENDERS_PER_ROUND = 20_000;

    private interface Way {
        void render(ByteArrayOutputStream out) throws IOException;
    }

    public static void main(String[] args) throws IOException {
        Path source = Path.of(args.length > 0 ? args[0] : "duet-jte/src/test/jte");
        TemplateEngine text = engine(source, false);
        TemplateEngine binary = engine(source, true);
        Map<String, Object> model = Map.of("fortunes", fortunes());
        String name = "templates/fortunes.jte";

        Map<String, Way> ways = new LinkedHashMap<>();
        ways.put("StringOutput, then getBytes (jte's default)", out -> {
            StringOutput o = new StringOutput(4096);
            text.render(name, model, o);
            out.write(o.toString().getBytes(StandardCharsets.UTF_8));
        });
        ways.put("Utf8ByteOutput + binaryStaticContent, writeTo", out -> {
            Utf8ByteOutput o = new Utf8ByteOutput();
            binary.render(name, model, o);
            o.writeTo(out);
        });
        ways.put("Utf8Stream + binaryStaticContent (Duet's)", out -> {
            Utf8Stream o = new Utf8Stream(out);
            binary.render(name, model, o);
            o.finish();
        });
        ways.put("Utf8Stream, static parts as text", out -> {
            Utf8Stream o = new Utf8Stream(out);
            text.render(name, model, o);
            o.finish();
        });

        // every way writes the same bytes
        byte[] first = null;
        for (var way : ways.entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            way.getValue().render(out);
            if (first == null) first = out.toByteArray();
            else if (!Arrays.equals(first, out.toByteArray())) throw new AssertionError(way.getKey() + " writes other bytes");
        }
        System.out.printf("page: %d bytes; %d rounds of %d renders each%n", first.length, ROUNDS, RENDERS_PER_ROUND);

        for (Way way : ways.values()) time(way, RENDERS_PER_ROUND * 5); // warm-up
        Map<String, List<Double>> nanos = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (var way : ways.entrySet()) {
                nanos.computeIfAbsent(way.getKey(), k -> new ArrayList<>()).add(time(way.getValue(), RENDERS_PER_ROUND));
            }
        }
        nanos.forEach((way, ns) -> {
            double[] sorted = ns.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%-48s median %7.0f ns/render (min %7.0f, max %7.0f)%n", way, sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
        });
    }

    private static double time(Way way, int renders) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        long start = System.nanoTime();
        for (int i = 0; i < renders; i++) {
            out.reset();
            way.render(out);
        }
        return (System.nanoTime() - start) / (double) renders;
    }

    private static TemplateEngine engine(Path source, boolean binaryStaticContent) throws IOException {
        TemplateEngine jte = TemplateEngine.create(new DirectoryCodeResolver(source), Files.createTempDirectory("jte-bench-"), ContentType.Html);
        jte.setBinaryStaticContent(binaryStaticContent);
        return jte;
    }

    private static List<Fortune> fortunes() {
        List<Fortune> f = new ArrayList<>(List.of(
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
                new Fortune(12, "フレームワークのベンチマーク")));
        f.add(new Fortune(0, "Additional fortune added at request time."));
        f.sort((a, b) -> a.message().compareTo(b.message()));
        return f;
    }
}
