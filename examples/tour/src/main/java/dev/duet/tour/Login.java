package dev.duet.tour;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.HttpMethod;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.Secrets;
import dev.duet.View;
import dev.duet.db.Database;
import dev.duet.form.Form;
import dev.duet.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sign up, log in, log out and the signed-in user's page, with Duet's forms, sessions and CSRF
 * protection. Every route is blocking: each reads the database or hashes a password, and both
 * block (bcrypt by design), which on a virtual thread costs nothing else.
 */
final class Login {
    private static final Logger log = LoggerFactory.getLogger(Login.class);
    /** The session key holding the signed-in account's id. */
    static final String ACCOUNT = "account";

    static final List<Tour.Stop> STOPS = List.of(
            new Tour.Stop(HttpMethod.GET, "/signup", "/signup", "A sign-up form: typed readers, errors shown beside each field (422)."),
            new Tour.Stop(HttpMethod.POST, "/signup", "/signup",
                    "Creates an account (bcrypt hash in the accounts table), logs it in, redirects to /me with a flash."),
            new Tour.Stop(HttpMethod.GET, "/login", "/login", "The login form, with the CSRF field every form here carries."),
            new Tour.Stop(HttpMethod.POST, "/login", "/login",
                    "Checks email and password; a new session id on success, \"Wrong email or password\" otherwise."),
            new Tour.Stop(HttpMethod.POST, "/logout", "/logout", "Ends the session and goes back to /login."),
            new Tour.Stop(HttpMethod.GET, "/me", "/me", "The signed-in account; anonymous visitors are sent to /login?next=/me."));

    private final Accounts accounts;

    Login(Database db) {
        this.accounts = new Accounts(db);
    }

    /** Registers the routes on {@code app}. */
    void register(App app) {
        app.get("/signup", req -> View.of("signup.html", Map.of("form", Form.empty())));
        app.post("/signup", this::signup);
        app.get("/login", req -> View.of("login.html", Map.of("form", Form.empty(), "next", next(req.query("next")))));
        app.post("/login", this::login);
        app.post("/logout", this::logout);
        app.get("/me", this::me);
    }

    private Response signup(Request req) {
        Form form = Form.of(req);
        String name = form.field("name").required().trim().maxLength(Tour.MAX_NAME).value();
        String email = form.field("email").required().trim().email().maxLength(Tour.MAX_EMAIL).value();
        String password = form.field("password").secret().required().minLength(8)
                .check(p -> p.getBytes(StandardCharsets.UTF_8).length <= Accounts.MAX_PASSWORD_BYTES,
                        "must be at most " + Accounts.MAX_PASSWORD_BYTES + " bytes")
                .value();
        String again = form.field("password2").secret().value();
        if (password != null) form.check("password2", password.equals(again), "does not match the password");
        if (form.invalid()) return form.rerender("signup.html");
        Accounts.Account account;
        try {
            account = accounts.create(name, email, password);
        } catch (Accounts.EmailTaken e) {
            form.error("email", "is already registered; log in instead");
            return form.rerender("signup.html");
        }
        return signIn(req, account, "/me");
    }

    // snippet: forms-login
    private Response login(Request req) {
        Form form = Form.of(req);
        String email = form.field("email").required().trim().email().value();
        String password = form.field("password").secret().required().value();
        String next = next(form.value("next"));
        if (form.valid()) {
            Optional<Accounts.Account> account = accounts.authenticate(email, password);
            if (account.isPresent()) return signIn(req, account.get(), next);
            // One message for an unknown email and a wrong password: the page must not tell which emails exist.
            form.error("password", "Wrong email or password");
        }
        return form.rerender("login.html", Map.of("next", next));
    }

    /** Logs {@code account} in: a new session id first (an id planted before login is worthless), then the redirect. */
    private static Response signIn(Request req, Accounts.Account account, String next) {
        Session session = req.session();
        session.rotate();
        session.put(ACCOUNT, account.id());
        session.flash("success", "Welcome, " + account.name());
        return Response.redirect(next);
    }
    // end snippet

    private Response logout(Request req) {
        req.session().invalidate();
        return Response.redirect("/login");
    }

    private Response me(Request req) {
        Long id = req.session().get(ACCOUNT, Long.class);
        Optional<Accounts.Account> account = id == null ? Optional.empty() : accounts.find(id);
        if (account.isEmpty()) return Response.redirect("/login?next=/me");
        return Response.status(200, View.of("me.html", Map.of("account", account.get())));
    }

    /**
     * {@code config}, with a random session key when it has none and is not in dev mode (where Duet
     * makes one itself): {@code ./duet demo} then works out of the box, and logins end when it
     * stops. A real app sets {@code DUET_SECRETS} (docs/sessions.md) and keeps it.
     */
    static Config withSessionKey(Config config) {
        if (!config.secrets().isEmpty() || config.dev()) return config;
        log.warn("DUET_SECRETS is not set: the tour signs its sessions with a random key, so logins end when it stops");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return config.toBuilder().secrets(Secrets.of(HexFormat.of().formatHex(key))).build();
    }

    /** Where to go after logging in: a path of this site only (not {@code //evil.example}), else {@code /me}. */
    static String next(String asked) {
        boolean local = asked != null && asked.startsWith("/") && !asked.startsWith("//") && !asked.startsWith("/\\");
        return local ? asked : "/me";
    }
}
