package dev.duet.jobs;

import dev.duet.db.Database;

import java.time.Duration;

/**
 * A worker process for {@link CrashRecoveryTest}: it takes the "stuck" job, says so on its standard
 * output, and hangs until it is killed (with SIGKILL: no shutdown hook, no last heartbeat).
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Database db = Database.connect(args[0]);
        Jobs.on(db).config(CrashRecoveryTest.config("child").build())
                .define(JobType.of("stuck", String.class, (payload, ctx) -> {
                    System.out.println("RUNNING " + ctx.id());
                    System.out.flush();
                    Thread.sleep(Duration.ofHours(1));
                    return "the child finished";
                }))
                .start();
        Thread.sleep(Duration.ofHours(1));
    }
}
