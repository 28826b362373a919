package dev.duet.template.jte;

import dev.duet.template.jte.internal.Utf8Stream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The output jte writes into: the same bytes as String.getBytes(UTF_8), whatever the text and wherever the buffer fills. */
class Utf8StreamTest {
    private static final String[] PIECES = {"a", "plain ascii text ", "ü", "é€", "日本語", "😀", "\uD83D", "\uDE00", "<&>", "\u007F\u0080\u07FF\u0800\uFFFF"};

    @Test
    void encodesEveryKindOfCharacterAsUtf8AcrossBufferBoundaries() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            Utf8Stream stream = new Utf8Stream(out);
            int writes = 1 + random.nextInt(3000);
            for (int i = 0; i < writes; i++) {
                String piece = PIECES[random.nextInt(PIECES.length)].repeat(1 + random.nextInt(random.nextInt(10) == 0 ? 3000 : 4));
                switch (random.nextInt(3)) {
                    case 0 -> {
                        stream.writeContent(piece);
                        expected.writeBytes(piece.getBytes(StandardCharsets.UTF_8));
                    }
                    case 1 -> {
                        int from = random.nextInt(piece.length());
                        int to = from + random.nextInt(piece.length() - from + 1);
                        stream.writeContent(piece, from, to);
                        expected.writeBytes(piece.substring(from, to).getBytes(StandardCharsets.UTF_8));
                    }
                    default -> {
                        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
                        stream.writeBinaryContent(bytes);
                        expected.writeBytes(bytes);
                    }
                }
            }
            stream.finish();
            assertThat(out.toByteArray()).as("round %d", round).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void nothingReachesTheStreamBeforeTheBufferFillsOrTheRenderEnds() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Utf8Stream stream = new Utf8Stream(out);
        stream.writeContent("<p>");
        stream.writeBinaryContent("static".getBytes(StandardCharsets.UTF_8));
        assertThat(out.size()).isZero();
        stream.finish();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("<p>static");
    }
}
