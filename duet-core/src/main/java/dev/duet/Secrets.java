package dev.duet;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The app's secret keys, for whatever it signs (session cookies, CSRF tokens): the first key
 * signs, every key verifies, so a key is rotated by putting the new one first and dropping the
 * old one once what it signed has expired. Set with the {@code secrets} setting
 * ({@code DUET_SECRETS=new-key,old-key}); never printed ({@link #toString()} says only how many).
 *
 * <pre>{@code
 * Secrets secrets = app.config().secrets();
 * String signed = secrets.sign("user=42");            // "user=42" plus a signature
 * Optional<String> back = secrets.verify(signed);      // the value, if a key signed it
 * }</pre>
 */
public final class Secrets {
    /** The shortest key accepted, in characters: a signing key must not be guessable. */
    public static final int MIN_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final char SEPARATOR = '.';

    private final List<SecretKeySpec> keys;

    private Secrets(List<SecretKeySpec> keys) {
        this.keys = keys;
    }

    /** No keys: what an app has until it is given some. Signing then fails, saying how to set them. */
    public static Secrets none() {
        return new Secrets(List.of());
    }

    /** {@code keys}, the first signing; each at least {@value #MIN_LENGTH} characters. */
    public static Secrets of(String... keys) {
        return of(List.of(keys));
    }

    /** {@code keys}, the first signing; each at least {@value #MIN_LENGTH} characters. */
    public static Secrets of(List<String> keys) {
        List<SecretKeySpec> specs = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i).strip();
            if (key.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("secret key " + (i + 1) + " of " + keys.size() + " is " + key.length()
                        + " characters long; a key must have at least " + MIN_LENGTH
                        + " (for example: openssl rand -base64 48)");
            }
            specs.add(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        }
        return new Secrets(List.copyOf(specs));
    }

    /** True if there are no keys. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** How many keys there are (the first signs). */
    public int size() {
        return keys.size();
    }

    /**
     * {@code value} followed by {@code .} and its HMAC-SHA256 signature with the first key
     * (base64url), for a cookie or a form field. The value is not hidden, only made tamper-proof.
     */
    public String sign(String value) {
        if (keys.isEmpty()) {
            throw new IllegalStateException("no secret keys to sign with: set the secrets setting"
                    + " (DUET_SECRETS or -Dduet.secrets, comma-separated, each at least " + MIN_LENGTH + " characters)");
        }
        return value + SEPARATOR + mac(keys.getFirst(), value);
    }

    /** The value {@link #sign} signed, if any key made its signature; empty for anything else. */
    public java.util.Optional<String> verify(String signed) {
        if (signed == null) return java.util.Optional.empty();
        int dot = signed.lastIndexOf(SEPARATOR);
        if (dot < 0) return java.util.Optional.empty();
        String value = signed.substring(0, dot);
        byte[] given = signed.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        for (SecretKeySpec key : keys) {
            // Compared in constant time: a signature checked byte by byte leaks how much of it was right.
            if (MessageDigest.isEqual(given, mac(key, value).getBytes(StandardCharsets.US_ASCII))) {
                return java.util.Optional.of(value);
            }
        }
        return java.util.Optional.empty();
    }

    private static String mac(SecretKeySpec key, String value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Says how many keys there are, never what they are. */
    @Override
    public String toString() {
        return "Secrets[" + keys.size() + (keys.size() == 1 ? " key]" : " keys]");
    }
}
