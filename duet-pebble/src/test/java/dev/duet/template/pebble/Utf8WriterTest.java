package dev.duet.template.pebble;

import dev.duet.template.pebble.internal.Utf8Writer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer Pebble renders into encodes exactly as String.getBytes(UTF_8), across buffer edges and write calls. */
class Utf8WriterTest {
    private static final String SAMPLE = "<p>Grüße ✓ 😀 \uD800 x \uDC00 y</p>"; // with a lone high and a lone low surrogate

    private static byte[] written(String text, int bufferSize, int chunk, boolean asChars) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Utf8Writer w = new Utf8Writer(out, bufferSize);
        for (int i = 0; i < text.length(); i += chunk) {
            int end = Math.min(text.length(), i + chunk);
            if (asChars) w.write(text.toCharArray(), i, end - i);
            else if (chunk == 1) w.write(text.charAt(i));
            else w.write(text, i, end - i);
        }
        w.close();
        return out.toByteArray();
    }

    @Test
    void encodesAsTheJdkDoesWhateverTheChunksAndTheBuffer() throws IOException {
        byte[] expected = SAMPLE.getBytes(StandardCharsets.UTF_8);
        for (int buffer : new int[] {16, 17, 19, 8192}) {
            for (int chunk : new int[] {1, 2, 3, 5, 1000}) {
                assertThat(written(SAMPLE, buffer, chunk, false)).as("buffer %d, chunk %d", buffer, chunk).isEqualTo(expected);
                assertThat(written(SAMPLE, buffer, chunk, true)).as("chars, buffer %d, chunk %d", buffer, chunk).isEqualTo(expected);
            }
        }
    }

    @Test
    void randomTextOfEveryKindOfCharEncodesAsTheJdkDoes() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(3000);
            for (int i = 0; i < length; i++) {
                sb.append(switch (random.nextInt(5)) {
                    case 0 -> (char) random.nextInt(0x80);
                    case 1 -> (char) (0x80 + random.nextInt(0x780));
                    case 2 -> (char) (0x800 + random.nextInt(0xD000));
                    case 3 -> (char) (0xD800 + random.nextInt(0x800)); // surrogates, paired or not
                    default -> (char) (0xE000 + random.nextInt(0x2000));
                });
            }
            String text = sb.toString();
            int chunk = 1 + random.nextInt(random.nextBoolean() ? 50 : 1000); // past the writer's 256-char slices too
            assertThat(written(text, 16 + random.nextInt(100), chunk, random.nextBoolean()))
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aHighSurrogateLastIsAQuestionMarkOnClose() throws IOException {
        assertThat(written("a\uD83D", 16, 1, false)).isEqualTo("a?".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void flushHandsTheBytesOnWithoutClosingTheStream() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Utf8Writer w = new Utf8Writer(out, 8192);
        w.write("abc");
        assertThat(out.size()).isZero(); // buffered
        w.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        w.close();
        out.write('d'); // still open
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abcd");
    }
}
