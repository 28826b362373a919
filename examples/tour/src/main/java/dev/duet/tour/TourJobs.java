package dev.duet.tour;

import dev.duet.App;
import dev.duet.HttpError;
import dev.duet.HttpMethod;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.db.Database;
import dev.duet.jobs.JobCounts;
import dev.duet.jobs.JobId;
import dev.duet.jobs.JobStatus;
import dev.duet.jobs.JobType;
import dev.duet.jobs.Jobs;
import dev.duet.jobs.JobsConfig;
import dev.duet.jobs.Recurring;
import dev.duet.jobs.Schedule;
import dev.duet.jobs.ScheduleStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable jobs on duet-jobs, in the tour's database: {@code POST /jobs/report} queues a report
 * (five seconds of work) and answers 202 with the job's id; {@code GET /jobs/{id}} follows it
 * through queued, running, done (with its result), failed and dead; a recurring job counts the
 * users every ten seconds ({@link Tuning}), and {@code GET /jobs} lists it with its last runs. Every route is
 * blocking: each is one or two queries, on the request's virtual thread.
 */
final class TourJobs {
    private static final Logger log = LoggerFactory.getLogger(TourJobs.class);
    static final int DEFAULT_WORK_MS = 5000;
    static final int MAX_WORK_MS = 60_000;

    static final List<Tour.Stop> STOPS = List.of(
            new Tour.Stop(HttpMethod.POST, "/jobs/report", "/jobs/report",
                    "Queues a durable report job (5 s of work; ?ms= to change, ?fail=true to watch retries end dead): 202 and its id."),
            new Tour.Stop(HttpMethod.GET, "/jobs/{id}", "/jobs/00000000-0000-0000-0000-000000000000",
                    "A job's state: queued, running, done (with its result), failed (attempts, last error) or dead."),
            new Tour.Stop(HttpMethod.GET, "/jobs", "/jobs", "The recurring user count (every 10 s) with its last runs, and the jobs by state."));

    /** What a report job is asked to do. */
    record ReportRequest(int workMs, boolean fail) {
    }

    /** A finished report. */
    record Report(long users, int workedMs, Instant at) {
    }

    /**
     * How often the recurring count runs and how often an instance marks its running jobs alive
     * (a job whose instance misses {@link JobsConfig#missedHeartbeats()} of them runs again
     * elsewhere): settings {@code app.jobs.every} and {@code app.jobs.heartbeat}.
     */
    record Tuning(Duration every, Duration heartbeat) {
        static final Tuning DEFAULTS = new Tuning(Duration.ofSeconds(10), JobsConfig.defaults().heartbeat());

        Tuning {
            if (every.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("app.jobs.every must be at least 1s, not " + every);
            JobsConfig.builder().heartbeat(heartbeat, JobsConfig.defaults().missedHeartbeats()).build(); // its own rules, in its own words
        }
    }

    private final Database db;
    private final Tuning tuning;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicLong lastUserCount = new AtomicLong(-1);

    private TourJobs(Database db, Tuning tuning) {
        this.db = db;
        this.tuning = tuning;
    }

    /** Registers the routes and the jobs; they start and stop with {@code app} (so register this before the pool's close). */
    static Jobs register(App app, Database db, Tuning tuning) {
        return new TourJobs(db, tuning).install(app);
    }

    private Jobs install(App app) {
        JobType<ReportRequest> report = JobType.of("report", ReportRequest.class, (req, ctx) -> {
            log.info("Report attempt {} started", ctx.attempt());   // the MDC names the job and the request that queued it
            Thread.sleep(req.workMs());                              // the slow part, on the job's virtual thread
            if (req.fail()) throw new IllegalStateException("the report failed on purpose (attempt " + ctx.attempt() + ")");
            Report done = new Report(db.table(Tour.User.class).count(), req.workMs(), Instant.now());
            // One line per report finished, naming it: what an operator (or the scale-out test) counts.
            log.info("Report {} finished on attempt {}", ctx.id(), ctx.attempt());
            return done;
        }).maxAttempts(3);
        Recurring countUsers = Recurring.of("count-users", Schedule.every(tuning.every()), ctx -> {
            lastUserCount.set(db.table(Tour.User.class).count());
            // The slot names the run: with many instances, each slot must appear once among all their logs.
            log.info("count-users slot {}: {} users", ctx.scheduledAt(), lastUserCount.get());
        });
        JobsConfig config = JobsConfig.builder().heartbeat(tuning.heartbeat(), JobsConfig.defaults().missedHeartbeats()).build();
        Jobs jobs = Jobs.on(db).config(config).define(report).schedule(countUsers).build().runWith(app);

        app.post("/jobs/report", req -> {
            int ms = boundedQuery(req, "ms", DEFAULT_WORK_MS);
            JobId id = jobs.enqueue(report, new ReportRequest(ms, "true".equals(req.query("fail"))));
            return Response.json(Map.of("id", id.value(), "status", "/jobs/" + id)).status(202).header("Location", "/jobs/" + id);
        });
        app.get("/jobs/{id}", req -> {
            String raw = req.pathParam("id");
            if (!JobId.isValid(raw)) throw HttpError.badRequest("Not a job id: " + raw);
            JobStatus s = jobs.status(new JobId(raw)).orElseThrow(() -> HttpError.notFound("No job " + raw));
            return view(s);
        });
        app.get("/jobs", req -> {
            JobCounts c = jobs.counts();
            List<Map<String, Object>> schedules = jobs.schedules().stream().map(this::view).toList();
            return Map.of("schedules", schedules, "lastUserCount", lastUserCount.get(),
                    "jobs", Map.of("queued", c.queued(), "running", c.running(), "failed", c.failed(), "done", c.done(), "dead", c.dead()));
        });
        return jobs;
    }

    private Map<String, Object> view(JobStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id().value());
        m.put("type", s.type());
        m.put("state", s.state().label());
        m.put("attempts", s.attempts());
        m.put("lastError", s.lastError());
        m.put("result", s.result() == null ? null : json.readValue(s.result(), JsonNode.class));
        m.put("requestId", s.requestId());
        m.put("createdAt", s.createdAt());
        m.put("nextAttemptAt", s.nextAttemptAt());
        m.put("finishedAt", s.finishedAt());
        return m;
    }

    private Map<String, Object> view(ScheduleStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("schedule", s.schedule());
        m.put("nextRunAt", s.nextRunAt());
        m.put("lastSuccessAt", s.lastSuccessAt());
        m.put("lastFailureAt", s.lastFailureAt());
        m.put("consecutiveFailures", s.consecutiveFailures());
        m.put("running", s.running());
        return m;
    }

    private static int boundedQuery(Request req, String name, int fallback) {
        String v = req.query(name);
        if (v == null) return fallback;
        try {
            int n = Integer.parseInt(v);
            if (n >= 0 && n <= MAX_WORK_MS) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw HttpError.badRequest(name + " must be a whole number of milliseconds from 0 to " + MAX_WORK_MS + ", not " + v);
    }
}
