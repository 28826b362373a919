package dev.duet.cli.internal;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both renderings of progress, on a clock the test moves. */
class ProgressLineTest {
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);
    private long now = 1_000_000_000L;

    private ProgressLine progress(long total, boolean terminal) {
        return new ProgressLine(out, "Seeding", total, terminal, () -> now);
    }

    private void later(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void pipedPrintsALineAtEachTenthAtMostOnceASecondAndOneAtTheEnd() {
        ProgressLine p = progress(100, false);
        assertThat(text.toString()).isEmpty();
        later(1000);
        p.advance(5);
        assertThat(text.toString()).as("no tenth reached yet").isEmpty();
        p.advance(5);
        assertThat(text.toString()).isEqualTo("Seeding: 10/100 (10%)\n");
        p.advance(15);
        assertThat(text.toString()).as("a second has not passed").isEqualTo("Seeding: 10/100 (10%)\n");
        later(1000);
        p.advance(1);
        assertThat(text.toString()).endsWith("Seeding: 26/100 (26%)\n");
        later(1000);
        p.advance(1);
        assertThat(text.toString()).as("still in the same tenth").doesNotContain("27/100");
        p.done();
        assertThat(text.toString()).isEqualTo("Seeding: 10/100 (10%)\nSeeding: 26/100 (26%)\nSeeding: 27/100 (27%), done\n")
                .doesNotContain("\r");
    }

    @Test
    void aFastLoopPipedPrintsOnlyTheEnd() {
        ProgressLine p = progress(1_000_000, false);
        for (int i = 0; i < 1_000_000; i++) p.advance(1);
        p.done();
        assertThat(text.toString()).isEqualTo("Seeding: 1000000/1000000 (100%), done\n");
    }

    @Test
    void onATerminalOneLineIsRedrawnInPlace() {
        ProgressLine p = progress(4, true);
        assertThat(text.toString()).isEqualTo("\rSeeding [                              ] 0/4 0%");
        p.advance(1);
        assertThat(text.toString()).endsWith("\rSeeding [#######                       ] 1/4 25%");
        p.advance(3);
        p.done();
        assertThat(text.toString()).endsWith("\rSeeding [##############################] 4/4 100%\n").doesNotContain("\n\r")
                .containsOnlyOnce("\n");
    }

    @Test
    void onATerminalRedrawsArePacedUnlessThePercentageMoves() {
        ProgressLine p = progress(1000, true);
        p.advance(1);
        p.advance(1);
        assertThat(text.toString()).as("0% twice, in no time: drawn once").containsOnlyOnce("\r");
        later(100);
        p.advance(1);
        assertThat(text.toString()).endsWith(" 3/1000 0%");
        p.advance(7);
        assertThat(text.toString()).endsWith(" 10/1000 1%");
    }

    @Test
    void anUnknownTotalShowsTheCount() {
        ProgressLine piped = progress(0, false);
        piped.advance(3);
        later(1000);
        piped.advance(4);
        piped.done();
        assertThat(text.toString()).isEqualTo("Seeding: 7\nSeeding: 7, done\n");
    }

    @Test
    void anUnknownTotalOnATerminalIsRedrawnEveryTenthOfASecond() {
        ProgressLine p = progress(0, true);
        p.advance(12345);
        assertThat(text.toString()).isEqualTo("\rSeeding 0");
        later(100);
        p.advance(1);
        assertThat(text.toString()).isEqualTo("\rSeeding 0\rSeeding 12346");
    }

    @Test
    void doneIsIdempotentAndLaterAdvancesAreIgnored() {
        ProgressLine p = progress(10, false);
        p.advance(2);
        p.done();
        p.done();
        later(5000);
        p.advance(8);
        assertThat(p.count()).isEqualTo(2);
        assertThat(text.toString()).isEqualTo("Seeding: 2/10 (20%), done\n");
    }

    @Test
    void badNumbersAreRefused() {
        assertThatThrownBy(() -> progress(-1, false)).hasMessage("progress total must be 0 (unknown) or more, not -1");
        assertThatThrownBy(() -> progress(5, false).advance(-2)).hasMessage("progress advances by 0 or more steps, not -2");
    }
}
