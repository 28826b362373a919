package dev.duet.db;

import dev.duet.ops.HealthCheck;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Database#healthCheck()}: passes while the database answers, fails while it is away or closed. */
class HealthCheckTest {

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
