package dev.duet.bench;

import dev.duet.App;
import dev.duet.Response;
import dev.duet.bench.BenchApp.Fortune;
import dev.duet.bench.BenchApp.World;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.internal.ThreadExecutorMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.impl.transports.EpollTransport;
import io.vertx.core.impl.transports.TransportInternal;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * Experiment, not in the tables: {@code /vxpg/db}, {@code /vxpg/fortunes} (Pebble) and
 * {@code /vxpg/jte/fortunes} read PostgreSQL through Vert.x's PostgreSQL client (the one
 * Vert.x-web's rows use), with a Vert.x instance whose event loop is Duet's own: a {@link io.vertx.core.spi.transport.Transport} hands Vert.x
 * the loop of the first request, so the loop sends the query, reads the answer and writes the
 * response with no other thread involved. It measures what a loop-owned client under the ORM's
 * async twins would gain over today's twins (JDBC on a virtual thread); the ORM is not used.
 *
 * <p>The instance is made on the first request, on its loop: bench/run pins the server to one
 * core, so Duet has one loop. With several loops the other loops' requests would hop to this one.
 */
final class VertxPgRoutes {
    private static final String SELECT_WORLD = "SELECT id, randomnumber FROM world WHERE id = $1";
    private static final String SELECT_FORTUNES = "SELECT id, message FROM fortune";

    private final URI url;
    private final int poolSize;
    private final Function<List<Fortune>, Response> jtePage;
    private volatile Pool pool;

    VertxPgRoutes(String databaseUrl, int poolSize, Function<List<Fortune>, Response> jtePage) {
        this.url = URI.create(databaseUrl);
        this.poolSize = poolSize;
        this.jtePage = jtePage;
    }

    void register(App app) {
        app.getAsync("/vxpg/db", req -> pool().preparedQuery(SELECT_WORLD).execute(Tuple.of(BenchApp.randomId()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return Response.json(new World(row.getInteger(0), row.getInteger(1)));
                }).toCompletionStage().toCompletableFuture());
        app.getAsync("/vxpg/fortunes", req -> fortunes().map(BenchApp::fortunesView).toCompletionStage().toCompletableFuture());
        app.getAsync("/vxpg/jte/fortunes", req -> fortunes().map(jtePage).toCompletionStage().toCompletableFuture());
    }

    private Future<List<Fortune>> fortunes() {
        return pool().preparedQuery(SELECT_FORTUNES).execute().map(rows -> {
            List<Fortune> list = new ArrayList<>(16);
            for (Row row : rows) list.add(new Fortune(row.getInteger(0), row.getString(1)));
            return list;
        });
    }

    private Pool pool() {
        Pool p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) pool = open((EventLoop) ThreadExecutorMap.currentExecutor());
                p = pool;
            }
        }
        return p;
    }

    private Pool open(EventLoop loop) {
        EpollTransport onThisLoop = new EpollTransport() {
            @Override
            public EventLoopGroup eventLoopGroup(int type, int nThreads, ThreadFactory threadFactory, int ioRatio) {
                return type == IO_EVENT_LOOP_GROUP ? loop : super.eventLoopGroup(type, nThreads, threadFactory, ioRatio);
            }
        };
        Vertx vertx = Vertx.builder().withTransport(new TransportInternal("duet-loop", true, null, onThisLoop)).build();
        String user = url.getUserInfo() == null ? "postgres" : url.getUserInfo().split(":", 2)[0];
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(poolSize))
                .connectingTo(new PgConnectOptions()
                        .setHost(url.getHost())
                        .setPort(url.getPort() < 0 ? 5432 : url.getPort())
                        .setDatabase(url.getPath().substring(1))
                        .setUser(user)
                        .setCachePreparedStatements(true))
                .using(vertx)
                .build();
    }
}
