package dev.duet.tour;

import dev.duet.App;
import dev.duet.cli.Application;
import dev.duet.cli.Settings;
import dev.duet.db.Database;
import dev.duet.ops.Health;
import dev.duet.redis.RedisSessionStore;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The tour as the command line builds it: Duet's settings from the layered sources (the
 * {@code duet.properties} beside it on the class path sets its database to
 * {@value Tour#DEFAULT_DATABASE_URL}; {@code DATABASE_URL} or a working-directory file overrides
 * it), a random session key when none is set, its users in the settings' database, and the
 * probes {@code GET /health/live} and {@code GET /health/ready} (the database checked), so that
 * a stop first fails readiness for {@code shutdownReadinessDelay}.
 *
 * <p>Several instances share their state when the settings say so: {@code DATABASE_URL} naming
 * one PostgreSQL for all, {@code DUET_APP_REDIS_URL} ({@code app.redisUrl}) putting the sessions
 * in Redis under {@code DUET_APP_REDIS_PREFIX} ({@code app.redisPrefix}, default
 * {@value #DEFAULT_REDIS_PREFIX}), and one {@code DUET_SECRETS} to sign them. {@code app.jobs.every}
 * (10 s) and {@code app.jobs.heartbeat} (30 s) tune the jobs ({@link TourJobs.Tuning}).
 *
 * <pre>{@code
 * java -jar duet-tour.jar routes
 * DATABASE_URL=postgresql://db/tour DUET_APP_REDIS_URL=redis://cache:6379 DUET_SECRETS=... java -jar duet-tour.jar serve
 * }</pre>
 */
public final class TourApp implements Application {
    /** Where the tour's sessions live in Redis unless {@code app.redisPrefix} says otherwise. */
    public static final String DEFAULT_REDIS_PREFIX = "duet:tour:session:";

    @Override
    public App create(Settings settings) {
        TourJobs.Tuning jobs = new TourJobs.Tuning(
                duration(settings, "jobs.every").orElse(TourJobs.Tuning.DEFAULTS.every()),
                duration(settings, "jobs.heartbeat").orElse(TourJobs.Tuning.DEFAULTS.heartbeat()));
        Database db = settings.database();
        App app = Tour.build(App.create(Login.withSessionKey(settings.config())), db, jobs);
        // Installed here, where operators start the tour, rather than in Tour.build: a readiness
        // probe makes every stop wait shutdownReadinessDelay, which the in-process tests need not.
        Health.install(app).check("database", db.healthCheck());
        Optional<String> redis = settings.get("redisUrl").filter(s -> !s.isBlank());
        if (redis.isPresent()) {
            RedisSessionStore store = RedisSessionStore.connect(redis.get(), settings.get("redisPrefix").orElse(DEFAULT_REDIS_PREFIX));
            app.sessions(store); // the cookie holds the signed id; every instance reads the same record
            app.onStop(store::close);
        }
        return app;
    }

    /** The app setting {@code key} as a duration: {@code 250ms}, {@code 2s}, {@code 5m} or ISO-8601 ({@code PT2S}). */
    static Optional<Duration> duration(Settings settings, String key) {
        return settings.get(key).map(String::strip).map(v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            try {
                if (lower.startsWith("p")) return Duration.parse(v);
                if (lower.endsWith("ms")) return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
                if (lower.endsWith("s")) return Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1)));
                if (lower.endsWith("m")) return Duration.ofMinutes(Long.parseLong(lower.substring(0, lower.length() - 1)));
                throw new NumberFormatException(v);
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException("app." + key + " must be a duration such as 250ms, 2s, 5m or PT2S, not '" + v + "'");
            }
        });
    }
}
