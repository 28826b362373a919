package dev.duet;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The app's signing keys: what they sign comes back only unchanged and only under a known key. */
class SecretsTest {
    private static final String OLD = "old-key-old-key-old-key-old-key-old";
    private static final String NEW = "new-key-new-key-new-key-new-key-new";

    @Test
    void aSignedValueVerifiesAndATamperedOneDoesNot() {
        Secrets secrets = Secrets.of(NEW);
        String signed = secrets.sign("user=42");
        assertThat(signed).startsWith("user=42.");
        assertThat(secrets.verify(signed)).contains("user=42");
        assertThat(secrets.verify(signed.replace("user=42", "user=43"))).isEmpty();
        assertThat(secrets.verify(signed.substring(0, signed.length() - 1) + "A")).isEmpty();
        assertThat(secrets.verify("user=42")).isEmpty();
        assertThat(secrets.verify(null)).isEmpty();
    }

    @Test
    void theFirstKeySignsAndEveryKeyVerifies() {
        String signedWithOld = Secrets.of(OLD).sign("v");
        Secrets rotated = Secrets.of(NEW, OLD);
        assertThat(rotated.verify(signedWithOld)).as("the old key still verifies").contains("v");
        assertThat(rotated.sign("v")).isEqualTo(Secrets.of(NEW).sign("v")).isNotEqualTo(signedWithOld);
        assertThat(Secrets.of(NEW).verify(signedWithOld)).as("once the old key is dropped").isEmpty();
    }

    @Test
    void aShortKeyIsRefusedSayingHowLongAndHowToMakeOne() {
        assertThatThrownBy(() -> Secrets.of(NEW, "short"))
                .hasMessage("secret key 2 of 2 is 5 characters long; a key must have at least 32 (for example: openssl rand -base64 48)");
    }

    @Test
    void withoutKeysSigningSaysHowToSetThem() {
        assertThat(Secrets.none().isEmpty()).isTrue();
        assertThat(Secrets.none().verify("x.y")).isEmpty();
        assertThatThrownBy(() -> Secrets.none().sign("x")).hasMessageContaining("DUET_SECRETS");
    }

    @Test
    void keysAreNeverPrinted() {
        Config config = Config.builder().secrets(Secrets.of(NEW, OLD)).build();
        assertThat(config.toString()).contains("Secrets[2 keys]").doesNotContain(NEW).doesNotContain(OLD);
    }

    @Test
    void theSettingIsReadFromTheEnvironmentCommaSeparated() {
        Config config = Config.builder().apply(Map.of("DUET_SECRETS", NEW + ", " + OLD), new Properties()).build();
        assertThat(config.secrets().size()).isEqualTo(2);
        assertThat(config.secrets().verify(Secrets.of(OLD).sign("v"))).contains("v");
        assertThat(Config.defaults().secrets().isEmpty()).isTrue();
    }
}
