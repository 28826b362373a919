package dev.duet.db;

import dev.duet.App;
import dev.duet.ops.Health;
import dev.duet.ops.HealthCheck;
import dev.duet.test.TestClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Database#healthCheck()}: passes while the database answers, fails while it is away or
 * closed; and docs/operations.md's database example (duet-core's OperationsGuideTest checks the guide shows it).
 */
class HealthCheckTest {

    // snippet: ops-health-db
    static App withDatabase(Database database) {
        App app = App.create();
        Health.install(app).check("database", database.healthCheck());
        app.get("/", req -> "hello");
        return app;
    }
    // end snippet

    @Test
    void readinessFollowsTheDatabase() {
        Database db = Database.connect("sqlite::memory:");
        try (TestClient client = TestClient.of(withDatabase(db))) {
            assertThat(client.get("/health/ready").status()).isEqualTo(200);
            db.close();
            assertThat(client.get("/health/ready").status()).isEqualTo(503);
        }
    }

    @Test
    void postgresCheckFailsWhileTheServerIsAwayAndPassesAgainWhenItIsBack() throws Exception {
        TestDatabases.postgres().drop(); // only to fail clearly if the server is not there
        URI u = URI.create(TestDatabases.POSTGRES);
        try (TcpProxy proxy = new TcpProxy(u.getPort())) {
            String viaProxy = TestDatabases.POSTGRES.replace(":" + u.getPort() + "/", ":" + proxy.port() + "/");
            try (Database db = Database.connect(DbConfig.builder().url(viaProxy).poolSize(2)
                    .connectionTimeout(Duration.ofSeconds(1)).build())) {
                HealthCheck check = db.healthCheck();
                assertThatCode(check::check).doesNotThrowAnyException();
                proxy.stop();
                assertThatThrownBy(check::check).isInstanceOf(java.sql.SQLException.class);
                proxy.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                Exception last = new Exception("never tried");
                while (last != null && System.nanoTime() < deadline) {
                    try {
                        check.check();
                        last = null;
                    } catch (Exception e) {
                        last = e;
                        Thread.sleep(100);
                    }
                }
                assertThatCode(check::check).as("the check passes once the database is back").doesNotThrowAnyException();
            }
        }
    }

    @Test
    void sqliteCheckPassesThenFailsOnceClosed() {
        Database db = Database.connect("sqlite::memory:");
        HealthCheck check = db.healthCheck();
        assertThatCode(check::check).doesNotThrowAnyException();
        db.close();
        assertThatThrownBy(check::check).isInstanceOf(Exception.class);
    }
}
