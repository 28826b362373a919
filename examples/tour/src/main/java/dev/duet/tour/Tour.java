package dev.duet.tour;

import dev.duet.App;
import dev.duet.HttpError;
import dev.duet.HttpMethod;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.StaticFiles;
import dev.duet.Task;
import dev.duet.View;
import dev.duet.cli.DuetCli;
import dev.duet.db.Column;
import dev.duet.db.Database;
import dev.duet.db.DbConfig;
import dev.duet.db.DuetDb;
import dev.duet.db.Id;
import dev.duet.db.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The tour: every scenario of Duet's seed documents as one short route, each written the way that
 * suits it, blocking or async. {@link #build} registers the routes on an app; {@link #main} serves
 * them ({@code ./duet demo}). The comments say why each link is the kind it is.
 *
 * <p>The user routes keep their rows in the database {@code DATABASE_URL} names (or the
 * {@code duet.databaseUrl} system property): by default {@value #DEFAULT_DATABASE_URL}, a SQLite
 * file in the working directory, so users survive a restart; {@code postgresql://…} or
 * {@code mysql://…} run the same code on PostgreSQL or MariaDB.
 */
public final class Tour {
    private static final Logger log = LoggerFactory.getLogger(Tour.class);

    static final int MAX_EXPONENT = 8;
    static final int MAX_MS = 10_000;
    static final int MAX_FANOUT = 100;
    static final int MAX_MISTAKE_MS = 1_000;
    static final Duration BACKGROUND_WORK = Duration.ofMillis(200);
    /** Where the tour keeps its users when {@code DATABASE_URL} is not set: a file in the working directory. */
    public static final String DEFAULT_DATABASE_URL = "sqlite:duet-tour.db";

    /** A stop of the tour, as the index page lists it. */
    record Stop(HttpMethod method, String pattern, String example, String about, String jsonBody) {
        Stop(HttpMethod method, String pattern, String example, String about) {
            this(method, pattern, example, about, null);
        }
    }

    static final List<Stop> STOPS = Stream.concat(Stream.of(
            new Stop(HttpMethod.GET, "/", "/", "This page: a page class with its Pebble template beside it, listing the users."),
            new Stop(HttpMethod.GET, "/profile", "/profile?id=1",
                    "A user's HTML profile from an async page method and the ORM's async twin, or a 404 page \"User not found\"."),
            new Stop(HttpMethod.POST, "/profile", "/profile",
                    "The form on / posts here: creates the user, then redirects (303) to its profile."),
            new Stop(HttpMethod.GET, "/static/{path:*}", "/static/tour.css",
                    "The tour's stylesheet and logo from the class path, with ETag, Last-Modified and Cache-Control."),
            new Stop(HttpMethod.GET, "/check", "/check",
                    "Plain blocking code. Keeps answering while /work keeps the CPU pool busy."),
            new Stop(HttpMethod.GET, "/work/{n}", "/work/7",
                    "Sorts 10^n random numbers (n = 0..8) on the CPU pool; the event loops and other requests keep going."),
            new Stop(HttpMethod.GET, "/slow", "/slow?ms=500",
                    "Sleeps ms milliseconds (0..10000) on a virtual thread: slow blocking I/O, written plainly."),
            new Stop(HttpMethod.GET, "/slow-async", "/slow-async?ms=500",
                    "Waits ms milliseconds (0..10000) on a timer, holding no thread at all."),
            new Stop(HttpMethod.GET, "/fanout", "/fanout?n=50&ms=200",
                    "n blocking calls (1..100) of ms milliseconds each, run side by side: about ms in total, not n × ms."),
            new Stop(HttpMethod.POST, "/background", "/background",
                    "Queues a task that runs after the reply is sent (200 ms, then it counts); answers 202 at once."),
            new Stop(HttpMethod.GET, "/background", "/background", "How many background tasks have finished."),
            new Stop(HttpMethod.POST, "/echo", "/echo",
                    "Echoes a JSON body: malformed JSON gets 400, a body over the size limit 413.", "{\"hello\": \"duet\"}"),
            new Stop(HttpMethod.GET, "/upload", "/upload", "A form with a file input, posting to POST /upload."),
            new Stop(HttpMethod.POST, "/upload", "/upload",
                    "A multipart upload (curl -F file=@some.file), streamed to a temp file: answers its name, size and SHA-256."),
            new Stop(HttpMethod.POST, "/add-user", "/add-user",
                    "The Flask + Tortoise tutorial's API on the ORM: stores a user (SQLite file by default, or DATABASE_URL);"
                            + " a taken email gets 409, a missing or invalid field 400.",
                    "{\"name\": \"Ada\", \"email\": \"ada@example.com\"}"),
            new Stop(HttpMethod.GET, "/user/{id:long}", "/user/1",
                    "One user as JSON through the ORM's async twin (get-or-none), or 404 {\"error\": \"User not found\"}."),
            new Stop(HttpMethod.GET, "/users", "/users",
                    "Every user as a JSON list of id, name and email, from the async method of Asok's page controller for /users."),
            new Stop(HttpMethod.POST, "/users", "/users",
                    "The controller's blocking method: creates a user like /add-user, answering 201 with the user itself.",
                    "{\"name\": \"Grace\", \"email\": \"grace@example.com\"}"),
            new Stop(HttpMethod.GET, "/users/{id:long}", "/users/1",
                    "One user, blocking: the ORM's get() throws NotFound, which Duet answers with its usual 404."),
            new Stop(HttpMethod.GET, "/mistake", "/mistake?ms=200",
                    "Wrong on purpose: an async handler that blocks its event loop. Run ./duet demo --dev and the watchdog names it.")),
            Stream.concat(Stream.concat(Stream.concat(Streams.STOPS.stream(), Chat.STOPS.stream()), Login.STOPS.stream()), TourJobs.STOPS.stream())).toList();

    private final AtomicInteger backgroundDone = new AtomicInteger();
    private final Database db;
    private final TourJobs.Tuning jobs;

    /** A tour that keeps its users in {@code db} (and closes it when the app stops). */
    Tour(Database db) {
        this(db, TourJobs.Tuning.DEFAULTS);
    }

    /** A tour whose recurring job and heartbeats follow {@code jobs} (the scale-out test shortens them). */
    Tour(Database db, TourJobs.Tuning jobs) {
        this.db = db;
        this.jobs = jobs;
    }

    /**
     * Registers the tour on {@code app}, with state of its own, and returns the app. Its users live
     * in the database {@code DATABASE_URL} names, {@value #DEFAULT_DATABASE_URL} if unset.
     */
    public static App build(App app) {
        return build(app, DbConfig.fromEnvironment(DEFAULT_DATABASE_URL));
    }

    /** Registers the tour on {@code app}, its users in the database {@code config} describes. */
    public static App build(App app, DbConfig config) {
        return build(app, Database.connect(config));
    }

    /** Registers the tour on {@code app}, its users in {@code db} (closed when the app stops). */
    static App build(App app, Database db) {
        return build(app, db, TourJobs.Tuning.DEFAULTS);
    }

    /** {@link #build(App, Database)}, its jobs tuned by {@code jobs}. */
    static App build(App app, Database db, TourJobs.Tuning jobs) {
        log.info("Tour users are kept in {}", db);
        new Tour(db, jobs).register(app);
        return app;
    }

    /**
     * The tour's command line ({@link TourApp}): {@code serve}, {@code routes}, {@code config}.
     * With no arguments it serves, as {@code ./duet demo} and {@code java -jar duet-tour.jar} expect.
     */
    public static void main(String[] args) {
        System.exit(DuetCli.run(new TourApp(), args.length == 0 ? new String[] {"serve"} : args));
    }

    /** Background tasks finished so far. */
    int backgroundDone() {
        return backgroundDone.get();
    }

    Tour register(App app) {
        // Timing only reads a clock, so it is async: an async link never costs a thread hop, whatever
        // the route's kind. Registered blocking, it would move every async route onto a virtual thread.
        app.useAsync((req, next) -> {
            long start = System.nanoTime();
            return next.proceed().thenApply(res -> res.header("X-Response-Time", millis(System.nanoTime() - start)));
        });

        // Writing a log line is I/O that can block (a slow console, a full disk), so this teardown is
        // blocking. Blocking routes are normally still on their virtual thread here and pay nothing
        // for it; async routes pay one hop, after their work is done.
        app.teardown((req, error) -> {
            if (error != null) log.info("{} {} ended with {}", req.method(), req.path(), describe(error));
        });

        // An unknown URL points back at the tour: API clients get JSON, browsers the page
        // templates/errors/404.html. Plain code, so blocking.
        app.error(404, (req, e) -> req.wantsJson()
                ? Response.json(Map.of("error", e.getMessage(), "status", 404, "requestId", req.id(), "tour", "/")).status(404)
                : Response.status(404, View.of("errors/404.html", Map.of("message", e.getMessage()))));

        // Files are read from the class path on the request's virtual thread; browsers revalidate
        // them with ETag and Last-Modified after an hour.
        app.get("/static/{path:*}", StaticFiles.classpath("static").cacheControl("public, max-age=3600"));

        // Bocadillo's /check. Blocking is the default: nothing here would gain from being async.
        app.get("/check", req -> "OK");

        // CPU-bound work belongs neither on an event loop (every connection on it would stall) nor on
        // a virtual thread (virtual threads are not time-sliced, so it would hold one of the few
        // carrier threads they all share): it goes to the CPU pool, sized to the cores, with a
        // bounded queue. The handler only hands the work over and waits for nothing, so it is async.
        app.getAsync("/work/{n}", req -> {
            int n = exponent(req.pathParam("n"));
            return req.tasks().cpu(() -> sortRandom(n));
        });

        // Waiting on blocking I/O (JDBC, files, a blocking HTTP client) is what virtual threads are
        // for: write it plainly. The sleep stands in for the slow call.
        app.get("/slow", req -> {
            int ms = boundedQuery(req, "ms", 100, 0, MAX_MS);
            Thread.sleep(ms);
            return new Slept(ms, "blocking");
        });

        // A pure wait needs no thread at all: a timer completes the stage. Timers, and many slow calls
        // to other services through an async client, are where async pays.
        app.getAsync("/slow-async", req -> {
            int ms = boundedQuery(req, "ms", 100, 0, MAX_MS);
            return req.tasks().delay(Duration.ofMillis(ms)).thenApply(x -> new Slept(ms, "async"));
        });

        // The Django post's parallel_ops, in plain blocking code: each call gets a virtual thread, the
        // handler waits for all of them (cheap on its own virtual thread), the first failure cancels
        // the rest, and the request's deadline still holds.
        app.get("/fanout", req -> {
            int n = boundedQuery(req, "n", 10, 1, MAX_FANOUT);
            int ms = boundedQuery(req, "ms", 100, 0, MAX_MS);
            long start = System.nanoTime();
            List<Integer> done = req.tasks().parallel(IntStream.range(0, n)
                    .mapToObj(i -> Task.blocking(() -> {
                        Thread.sleep(ms);
                        return i;
                    }))
                    .toList());
            return new Fanout(done.size(), ms, (System.nanoTime() - start) / 1_000_000);
        });

        // Work that outlives the response starts once the reply is sent, on a virtual thread, with
        // this request's id in its log lines. The queue is bounded (503 past backgroundLimit).
        app.post("/background", req -> {
            req.tasks().background(() -> {
                Thread.sleep(BACKGROUND_WORK);
                log.info("Background task finished; {} so far", backgroundDone.incrementAndGet());
            });
            return Response.json(Map.of("queued", true)).status(202).header("Location", "/background");
        });
        app.get("/background", req -> Map.of("done", backgroundDone.get()));

        // Blocking, the default: nothing here would gain from async, and parsing a large body then
        // happens on the request's own virtual thread rather than on an event loop that many
        // connections share. req.json answers 400 for malformed JSON and 415 for another content
        // type; a body over maxBodySize (10 MiB) gets 413 before the chain starts.
        app.post("/echo", req -> req.json(JsonNode.class));
        Uploads.register(app); // GET and POST /upload: a multipart upload streamed to disk
        Streams.register(app); // GET /events, /progress/{n} and /streams: Server-Sent Events
        Chat.register(app, new Accounts(db)); // WS /chat: a WebSocket chat room, the box on the home page
        TourJobs.register(app, db, jobs); // POST /jobs/report, GET /jobs/{id} and /jobs: durable jobs on duet-jobs (stops before the pool closes)

        // The Flask + Tortoise tutorial's user API and Asok's page controller, on duet-db. The table is
        // made from the model if it is not there yet (Tortoise's generate_schemas), once, at startup.
        db.createTables(User.class);
        DuetDb.install(app, db); // the ORM's errors become 404, 409, 400 or 503; the pool closes at stop
        Table<User> users = db.table(User.class);

        // The tutorial's `await User.create(...)`. JDBC blocks, so in Duet the plain spelling is a
        // blocking handler calling the blocking method: it runs on a virtual thread, which parks
        // cheaply while the database answers. A taken email is the ORM's UniqueViolation: 409.
        app.post("/add-user", req -> {
            User user = users.create(newUser(req).toUser());
            return Response.json(new Created("User created", user)).status(201).header("Location", "/user/" + user.id());
        });

        // The tutorial's `await User.get_or_none(id=...)`, spelled with the async twin to show it: the
        // handler returns a stage and holds no thread; the lookup itself runs on a virtual thread,
        // queued fairly for a connection. (A blocking handler calling find() would do as well.)
        app.getAsync("/user/{id:long}", req -> users.findAsync(req.pathLong("id"))
                .thenApply(found -> found.map(Response::json)
                        .orElseGet(() -> Response.json(Map.of("error", "User not found")).status(404))));

        // Asok's page controller: GET /users lists every user, POST /users creates one.
        app.controller("/users", new UsersPage(users));

        // The HTML side: page classes under dev.duet.tour.pages, one per URL, each with its template
        // beside it (/ and /profile). Each page is made once, given what it needs.
        app.pages("dev.duet.tour.pages", new TourSite(users, db.dialect()));
        app.get("/users/{id:long}", req -> users.get(req.pathLong("id"))); // blocking; NotFound becomes 404
        new Login(db).register(app); // /signup, /login, /logout and /me: forms, sessions, bcrypt

        // Wrong on purpose, to show what Duet catches: sleeping in an async handler stalls every
        // connection on its event loop. In dev mode the watchdog logs this route and the stack.
        // The fix is app.get (blocking) or req.tasks().delay.
        app.getAsync("/mistake", req -> {
            int ms = boundedQuery(req, "ms", 200, 0, MAX_MISTAKE_MS);
            Thread.sleep(ms);
            return CompletableFuture.completedFuture(new Slept(ms, "async, blocking its event loop"));
        });
        return this;
    }

    /** The tutorial's model: {@code name = CharField(50)}, {@code email = CharField(100, unique=True)}. */
    public record User(@Id Long id, @Column(length = 50) String name, @Column(length = 100, unique = true) String email) {
    }

    /** What {@code POST /add-user} answers. */
    record Created(String message, User user) {
    }

    /** A checked request to create a user. */
    record NewUser(String name, String email) {
        User toUser() {
            return new User(null, name, email);
        }
    }

    static final int MAX_NAME = 50;
    static final int MAX_EMAIL = 100;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /**
     * The body of a create request, {@code {"name": "...", "email": "..."}}, checked field by field
     * so that a bad one gets a 400 saying which and why: malformed JSON, a missing field, a field
     * that is not a string, an empty or too long one, an email without an {@code @} and a domain.
     * The database would refuse some of these too, but after a round trip and in its own words.
     */
    static NewUser newUser(Request req) {
        JsonNode body = req.json(JsonNode.class); // 400 if malformed, 415 if not JSON
        if (!body.isObject()) {
            throw HttpError.badRequest("Send a JSON object: {\"name\": \"...\", \"email\": \"...\"}");
        }
        User user = checkedUser(textField(body, "name"), textField(body, "email"));
        return new NewUser(user.name(), user.email());
    }

    /**
     * A new user from the values of fields {@code name} and {@code email} (a JSON body's or a form's),
     * checked: each present, not blank, not too long, and the email an address; 400 saying which
     * field is wrong and why otherwise.
     */
    public static User checkedUser(String name, String email) {
        String checkedName = checkedText("name", name, MAX_NAME);
        String checkedEmail = checkedText("email", email, MAX_EMAIL);
        if (!EMAIL.matcher(checkedEmail).matches()) {
            throw HttpError.badRequest("Field 'email' must be an email address, such as ada@example.com");
        }
        return new User(null, checkedName, checkedEmail);
    }

    private static String textField(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isString()) throw HttpError.badRequest("Field '" + field + "' must be a string");
        return value.stringValue();
    }

    private static String checkedText(String field, String value, int max) {
        if (value == null) throw HttpError.badRequest("Field '" + field + "' is required");
        String text = value.strip();
        if (text.isEmpty()) throw HttpError.badRequest("Field '" + field + "' must not be empty");
        if (text.codePointCount(0, text.length()) > max) {
            throw HttpError.badRequest("Field '" + field + "' must be at most " + max + " characters");
        }
        return text;
    }

    /**
     * Asok's page controller: one class for {@code /users}, each method blocking or async by the
     * type it declares it returns, read once when it is registered.
     */
    static final class UsersPage {
        private final Table<User> users;

        UsersPage(Table<User> users) {
            this.users = users;
        }

        // Inserting is JDBC, and JDBC blocks: a blocking method, plain code. A taken email is a
        // UniqueViolation (409); a missing or invalid field is caught before the insert (400).
        public Response post(Request req) {
            User user = users.create(newUser(req).toUser());
            return Response.json(user).status(201).header("Location", "/users/" + user.id());
        }

        // The async twin, as in Asok's `await User.all_async()`: the same query on a virtual thread,
        // queued fairly for a connection. A handler that does nothing else pays the same one virtual
        // thread either way; the twin pays off when it is combined with other async work.
        public CompletionStage<List<Map<String, Object>>> get(Request req) {
            return users.query().orderBy("id").valuesAsync("id", "name", "email");
        }
    }

    record Work(int n, int count, long ms) {
    }

    record Slept(int ms, String how) {
    }

    record Fanout(int n, int ms, long totalMs) {
    }

    /** Bocadillo's benchmark: sort 10^n random numbers. Pure CPU; runs on the CPU pool. */
    static Work sortRandom(int n) {
        long start = System.nanoTime();
        int count = (int) Math.pow(10, n);
        int[] numbers = ThreadLocalRandom.current().ints(count).toArray();
        Arrays.sort(numbers);
        return new Work(n, numbers.length, (System.nanoTime() - start) / 1_000_000);
    }

    // A plain {n} rather than {n:int}: a typed segment that does not parse means "no such route" (404);
    // this route should say what is wrong with the number (400).
    static int exponent(String text) {
        String rule = "Path parameter 'n' must be an integer from 0 to " + MAX_EXPONENT + " (the work sorts 10^n numbers), got '" + text + "'";
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(rule);
        }
        if (n < 0 || n > MAX_EXPONENT) throw HttpError.badRequest(rule);
        return n;
    }

    /** Query parameter {@code name} as an int in {@code min..max}; 400 saying so otherwise. */
    static int boundedQuery(Request req, String name, int fallback, int min, int max) {
        int value = req.queryInt(name, fallback); // 400 naming the parameter if it is not an integer
        if (value < min || value > max) {
            throw HttpError.badRequest("Query parameter '" + name + "' must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3fms", nanos / 1e6);
    }

    private static String describe(Throwable error) {
        return error instanceof HttpError h ? h.status() + " " + h.getMessage() : error.toString();
    }
}
