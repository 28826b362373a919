package dev.duet.bench;

import dev.duet.App;
import dev.duet.Response;
import dev.duet.bench.BenchApp.Fortune;
import dev.duet.bench.BenchApp.World;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Experiment, not in the tables: {@code /r2dbc/db} and {@code /r2dbc/fortunes} read PostgreSQL
 * through r2dbc-postgresql whose sockets are registered on the request's own event loop, so the
 * loop sends the query, reads the answer and writes the response with no other thread involved,
 * as Vert.x-web's PostgreSQL client does. It measures what a loop-owned client under the ORM's
 * async twins would gain over today's twins (JDBC on a virtual thread); the ORM is not used.
 *
 * <p>Each loop has its own few connections ({@code BENCH_POOL} split over the loops), leased one
 * request at a time, as Vert.x-web's pool leases them. Everything about a loop's pool happens on
 * that loop, so it needs no lock.
 */
final class R2dbcRoutes {
    private static final String SELECT_WORLD = "SELECT id, randomnumber FROM world WHERE id = $1";
    private static final String SELECT_FORTUNES = "SELECT id, message FROM fortune";

    private final URI url;
    private final int perLoop;
    private final FastThreadLocal<LoopPool> pools = new FastThreadLocal<>() {
        @Override
        protected LoopPool initialValue() {
            return new LoopPool((EventLoop) ThreadExecutorMap.currentExecutor());
        }
    };

    R2dbcRoutes(String databaseUrl, int poolSize, int loops) {
        this.url = URI.create(databaseUrl);
        this.perLoop = Math.max(1, poolSize / Math.max(1, loops));
    }

    void register(App app) {
        app.getAsync("/r2dbc/db", req -> pools.get().use(c -> Mono.from(c.createStatement(SELECT_WORLD)
                        .bind("$1", BenchApp.randomId()).execute())
                .flatMap(r -> Mono.from(r.map((row, meta) -> new World(row.get(0, Integer.class), row.get(1, Integer.class)))))
                .toFuture()).thenApply(Response::json));
        app.getAsync("/r2dbc/fortunes", req -> pools.get().use(c -> Flux.from(c.createStatement(SELECT_FORTUNES).execute())
                .flatMap(r -> r.map((row, meta) -> new Fortune(row.get(0, Integer.class), row.get(1, String.class))))
                .collectList().toFuture()).thenApply(list -> BenchApp.fortunesView(new ArrayList<>(list))));
    }

    /** One loop's connections, opened on that loop as they are first needed. */
    private final class LoopPool {
        private final PostgresqlConnectionFactory factory;
        private final ArrayDeque<Connection> idle = new ArrayDeque<>();
        private final ArrayDeque<CompletableFuture<Connection>> waiting = new ArrayDeque<>();
        private int open;

        LoopPool(EventLoop loop) {
            LoopResources onThisLoop = new LoopResources() {
                @Override
                public EventLoopGroup onServer(boolean useNative) {
                    return loop;
                }

                @Override
                public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
                    return Mono.empty(); // the loop is the server's, not ours to stop
                }
            };
            String user = url.getUserInfo() == null ? "postgres" : url.getUserInfo().split(":", 2)[0];
            this.factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                    .host(url.getHost())
                    .port(url.getPort() < 0 ? 5432 : url.getPort())
                    .database(url.getPath().substring(1))
                    .username(user)
                    .loopResources(onThisLoop)
                    .build());
        }

        <T> CompletableFuture<T> use(Function<Connection, CompletableFuture<T>> body) {
            return lease().thenCompose(c -> body.apply(c).whenComplete((v, e) -> giveBack(c)));
        }

        private CompletableFuture<Connection> lease() {
            Connection c = idle.poll();
            if (c != null) return CompletableFuture.completedFuture(c);
            if (open < perLoop) {
                open++;
                return Mono.<Connection>from(factory.create()).toFuture()
                        .whenComplete((v, e) -> { if (e != null) open--; });
            }
            CompletableFuture<Connection> turn = new CompletableFuture<>();
            waiting.add(turn);
            return turn;
        }

        private void giveBack(Connection c) {
            CompletableFuture<Connection> next = waiting.poll();
            if (next != null) next.complete(c);
            else idle.push(c);
        }
    }
}
