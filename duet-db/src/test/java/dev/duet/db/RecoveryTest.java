package dev.duet.db;

import dev.duet.db.internal.DbUrl;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database goes away and comes back (a proxy in front of the real server is cut and
 * restarted): calls fail with a clear {@link ConnectionFailure} meanwhile, and the pool recovers
 * by itself afterwards.
 */
class RecoveryTest {

    @Test
    void postgresComesBack() throws Exception {
        check(TestDatabases.POSTGRES);
    }

    @Test
    void mariadbComesBack() throws Exception {
        check(TestDatabases.MYSQL);
    }

    private void check(String realUrl) throws Exception {
        TestDatabases.Isolated reachable = realUrl.startsWith("postgres") ? TestDatabases.postgres() : TestDatabases.mysql();
        reachable.drop(); // only to fail clearly if the server is not there
        URI u = URI.create(realUrl);
        try (TcpProxy proxy = new TcpProxy(u.getPort())) {
            String viaProxy = realUrl.replace(":" + u.getPort() + "/", ":" + proxy.port() + "/");
            try (Database db = Database.connect(DbConfig.builder().url(viaProxy).poolSize(2)
                    .connectionTimeout(Duration.ofSeconds(1)).build())) {
                assertThat(one(db)).isEqualTo(1);
                proxy.stop();
                assertThatThrownBy(() -> one(db)).isInstanceOf(ConnectionFailure.class);
                assertThatThrownBy(() -> one(db)).isInstanceOf(ConnectionFailure.class)
                        .hasMessageContaining(DbUrl.parse(viaProxy).describe().split(" \\(")[0]);
                proxy.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                Integer back = null;
                while (back == null && System.nanoTime() < deadline) {
                    try {
                        back = one(db);
                    } catch (ConnectionFailure e) {
                        Thread.sleep(100);
                    }
                }
                assertThat(back).as("the pool reconnects once the database is back").isEqualTo(1);
                assertThat(db.async(() -> one(db)).toCompletableFuture().join()).isEqualTo(1);
            }
        }
    }

    private static int one(Database db) {
        return ((Number) db.queryMaps("SELECT 1 AS one").getFirst().get("one")).intValue();
    }
}
