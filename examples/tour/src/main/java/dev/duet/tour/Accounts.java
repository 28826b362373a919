package dev.duet.tour;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.duet.db.Column;
import dev.duet.db.Database;
import dev.duet.db.Id;
import dev.duet.db.Table;
import dev.duet.db.UniqueViolation;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The tour's accounts, in the table {@code accounts} of the tour's database: who may log in, with
 * a bcrypt hash of the password (never the password). Every method blocks (JDBC, and bcrypt on
 * purpose): call it from blocking handlers, which run on virtual threads.
 */
final class Accounts {
    /**
     * bcrypt's work factor: 2^10 rounds, 130 ms of one core on the machine the tour was written on
     * (12 took 540 ms). Slow is the point (a stolen table costs that much per guess); the login
     * route pays it once per attempt, on a virtual thread.
     */
    static final int COST = 10;
    /** bcrypt reads at most 72 bytes of a password; the library refuses more rather than ignore the rest. */
    static final int MAX_PASSWORD_BYTES = 72;

    /** A hash of a password nobody has, checked when the email is unknown so that both answers take as long. */
    private static final byte[] NOBODY = BCrypt.withDefaults().hash(COST, "no account has this password".toCharArray());

    /** One account; {@code email} is kept lower-cased, so that Ada@Example.com and ada@example.com are one. */
    record Account(@Id Long id, @Column(length = 50) String name, @Column(length = 100, unique = true) String email,
                   @Column(length = 60) String passwordHash) {
    }

    /** Signing up with an email that has an account already. */
    static final class EmailTaken extends Exception {
        EmailTaken(Throwable cause) {
            super("an account with this email exists", cause, false, false);
        }
    }

    private final Table<Account> table;

    /** The accounts in {@code db}; their table is made if it is not there yet. */
    Accounts(Database db) {
        db.createTables(Account.class);
        this.table = db.table(Account.class);
    }

    /**
     * A new account, its password hashed. The unique index decides whether the email is taken, not
     * a look-up first: two sign-ups racing for one email cannot both win.
     */
    Account create(String name, String email, String password) throws EmailTaken {
        String hash = BCrypt.withDefaults().hashToString(COST, password.toCharArray());
        try {
            return table.create(new Account(null, name, normal(email), hash));
        } catch (UniqueViolation e) {
            throw new EmailTaken(e);
        }
    }

    /**
     * The account with this email and password, or empty. An unknown email costs a bcrypt check
     * too, so that the time taken does not tell which emails have accounts.
     */
    Optional<Account> authenticate(String email, String password) {
        Optional<Account> found = table.findBy("email", normal(email));
        byte[] hash = found.map(a -> a.passwordHash().getBytes(StandardCharsets.US_ASCII)).orElse(NOBODY);
        boolean verified = BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
        return verified ? found : Optional.empty();
    }

    /** The account with this id, if it still exists. */
    Optional<Account> find(long id) {
        return table.find(id);
    }

    private static String normal(String email) {
        return email.toLowerCase(Locale.ROOT);
    }
}
