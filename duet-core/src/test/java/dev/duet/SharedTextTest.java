package dev.duet;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The UTF-8 bytes a broadcast's sockets share: right for every text, never changed by a socket. */
class SharedTextTest {
    private final SharedText shared = new SharedText();

    private static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    @Test
    void eachSocketGetsTheTextsBytesInABufferOfItsOwn() {
        String message = "héllo, wörld ✓ 🎉";
        ByteBuffer first = shared.utf8(message);
        ByteBuffer second = shared.utf8(message);

        assertThat(first.remaining()).isEqualTo(message.getBytes(StandardCharsets.UTF_8).length);
        assertThat(text(first)).isEqualTo(message);
        assertThat(first.remaining()).as("the first socket read its buffer").isZero();
        assertThat(text(second)).as("the second socket's buffer was not moved by the first").isEqualTo(message);
    }

    @Test
    void theSharedBytesCannotBeChangedByASocket() {
        ByteBuffer b = shared.utf8("broadcast");
        assertThat(b.isReadOnly()).isTrue();
        assertThatThrownBy(() -> b.put(0, (byte) 'X')).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(text(shared.utf8("broadcast"))).isEqualTo("broadcast");
    }

    @Test
    void anotherTextIsEncodedAfreshEvenWhenEqualOrInterleaved() {
        String a = "alpha";
        String b = "beta";
        String aAgain = new String("alpha".toCharArray()); // equal to a, another instance
        assertThat(text(shared.utf8(a))).isEqualTo("alpha");
        assertThat(text(shared.utf8(b))).isEqualTo("beta");
        assertThat(text(shared.utf8(a))).isEqualTo("alpha");
        assertThat(text(shared.utf8(aAgain))).isEqualTo("alpha");
        assertThat(text(shared.utf8(""))).isEmpty();
    }
}
