package dev.duet.form;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The typed readers: each conversion's success and failure, bounds, and absent values. */
class TypedFieldTest {
    enum Plan { FREE, PRO }

    private static Form form(String name, String value) {
        return Form.of(Map.of(name, List.of(value)));
    }

    @Test
    void intsParseWithTheirBoundsAndFallBackWhenAbsent() {
        assertThat(form("age", " 42 ").field("age").asInt().min(13).max(130).value()).isEqualTo(42);
        assertThat(form("age", "").field("age").asInt().min(13).orElse(0)).isZero();
        Form young = form("age", "5");
        assertThat(young.field("age").asInt().min(13).orElse(0)).as("invalid: the fallback").isZero();
        assertThat(young.errors("age")).containsExactly("must be at least 13");
        Form old = form("age", "200");
        old.field("age").asInt().max(130, "nobody is that old");
        assertThat(old.errors("age")).containsExactly("nobody is that old");
    }

    @Test
    void intsRefuseWhatIsNotAWholeNumberOrIsOutOfRange() {
        for (String bad : List.of("x", "4.2", "1e3", "--1", "0x10")) {
            Form f = form("n", bad);
            assertThat(f.field("n").asInt().min(0).value()).as(bad).isNull();
            assertThat(f.errors("n")).as(bad + ": the conversion's error only").containsExactly("must be a whole number");
        }
        Form big = form("n", "2147483648");
        big.field("n").asInt();
        assertThat(big.errors("n")).containsExactly("must be a whole number from -2147483648 to 2147483647");
        Form huge = form("n", "99999999999999999999");
        huge.field("n").asLong();
        assertThat(huge.errors("n")).containsExactly("must be a whole number from -9223372036854775808 to 9223372036854775807");
    }

    @Test
    void longs() {
        assertThat(form("id", "-9000000000").field("id").asLong().value()).isEqualTo(-9_000_000_000L);
    }

    @Test
    void decimalsAreWrittenPlainly() {
        assertThat(form("price", "12.50").field("price").asDecimal().min(BigDecimal.ZERO).value()).isEqualByComparingTo("12.5");
        assertThat(form("price", "-.5").field("price").asDecimal().value()).isEqualByComparingTo("-0.5");
        for (String bad : List.of("1e999999999", "12,5", "abc", "1.2.3")) {
            Form f = form("price", bad);
            assertThat(f.field("price").asDecimal().value()).as(bad).isNull();
            assertThat(f.errors("price")).containsExactly("must be a number");
        }
        Form neg = form("price", "-1");
        neg.field("price").asDecimal().min(BigDecimal.ZERO);
        assertThat(neg.errors("price")).containsExactly("must be at least 0");
    }

    @Test
    void checkboxesAreFalseWhenAbsentAndReadTheUsualSpellings() {
        Form none = Form.of(Map.of());
        assertThat(none.field("terms").asBoolean().value()).isFalse();
        assertThat(none.checked("terms")).isFalse();
        for (String yes : List.of("on", "TRUE", "yes", "1")) {
            Form f = form("terms", yes);
            assertThat(f.field("terms").asBoolean().value()).as(yes).isTrue();
            assertThat(f.checked("terms")).as(yes).isTrue();
        }
        for (String no : List.of("off", "false", "No", "0")) {
            assertThat(form("terms", no).field("terms").asBoolean().value()).as(no).isFalse();
        }
        Form bad = form("terms", "maybe");
        bad.field("terms").asBoolean();
        assertThat(bad.errors("terms")).containsExactly("must be true or false");
        Form unticked = Form.of(Map.of());
        unticked.field("terms").asBoolean().check(Boolean::booleanValue, "must be accepted");
        assertThat(unticked.errors("terms")).containsExactly("must be accepted");
    }

    @Test
    void datesAreIsoByDefaultOrInAFormatOfOnesOwn() {
        assertThat(form("d", "2026-12-06").field("d").asDate().value()).isEqualTo(LocalDate.of(2026, 12, 6));
        assertThat(form("d", "06/12/2026").field("d").asDate(DateTimeFormatter.ofPattern("dd/MM/uuuu")).value())
                .isEqualTo(LocalDate.of(2026, 12, 6));
        Form bad = form("d", "2026-13-01");
        bad.field("d").asDate();
        assertThat(bad.errors("d")).containsExactly("must be a date such as 2026-12-31");
        Form badOwn = form("d", "x");
        badOwn.field("d").asDate(DateTimeFormatter.ofPattern("dd/MM/uuuu"));
        assertThat(badOwn.errors("d")).containsExactly("must be a date such as 31/12/2026");
        Form early = form("d", "2020-01-01");
        early.field("d").asDate().min(LocalDate.of(2021, 1, 1)).max(LocalDate.of(2019, 1, 1));
        assertThat(early.errors("d")).containsExactly("must be on or after 2021-01-01", "must be on or before 2019-01-01");
    }

    @Test
    void enumsMatchTheirNamesInAnyCase() {
        assertThat(form("plan", "pro").field("plan").asEnum(Plan.class).value()).isEqualTo(Plan.PRO);
        Form bad = form("plan", "gold");
        assertThat(bad.field("plan").asEnum(Plan.class).orElse(Plan.FREE)).isEqualTo(Plan.FREE);
        assertThat(bad.errors("plan")).containsExactly("must be one of: free, pro");
        Form notAllowed = form("plan", "pro");
        notAllowed.field("plan").asEnum(Plan.class).oneOf(List.of(Plan.FREE));
        assertThat(notAllowed.errors("plan")).containsExactly("must be one of: FREE");
    }

    @Test
    void aConversionOfOnesOwnTurnsRefusalIntoTheMessage() {
        UUID id = UUID.randomUUID();
        assertThat(form("t", id.toString()).field("t").as(UUID::fromString, "must be a token").value()).isEqualTo(id);
        Form bad = form("t", "nope");
        assertThat(bad.field("t").as(UUID::fromString, "must be a token").required().value()).isNull();
        assertThat(bad.errors("t")).containsExactly("must be a token");
        Form nullParse = form("t", "x");
        nullParse.field("t").as(v -> null, "refused");
        assertThat(nullParse.errors("t")).containsExactly("refused");
    }

    @Test
    void requiredWorksBeforeOrAfterTheConversionWithOneErrorEitherWay() {
        Form before = Form.of(Map.of());
        before.field("age").required().asInt().required().min(13);
        assertThat(before.errors("age")).containsExactly("is required");
        Form after = Form.of(Map.of());
        assertThat(after.field("age").asInt().required().min(13).value()).isNull();
        assertThat(after.errors("age")).containsExactly("is required");
        Form badNumber = form("age", "x");
        badNumber.field("age").asInt().required().min(13);
        assertThat(badNumber.errors("age")).as("a failed conversion stops the chain").containsExactly("must be a whole number");
    }
}
