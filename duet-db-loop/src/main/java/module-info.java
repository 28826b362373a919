/**
 * The ORM's async twins on PostgreSQL, run on the Netty core's event loop: with this module on the
 * class path, a twin called on a loop (an async handler, an async middleware) sends its statement
 * through Vert.x's PostgreSQL client from that loop, and its future completes there, with no
 * virtual thread and no hop. Nothing to configure: {@code dev.duet.db.DbConfig#loopPoolSize}
 * sizes each loop's pool. Everything else (blocking calls, twins off a loop, in a transaction, on
 * the Servlet core, on SQLite or MySQL/MariaDB) runs on JDBC as without it.
 */
module dev.duet.db.loop {
    requires dev.duet.db;
    requires dev.duet.netty;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.common;
    requires io.vertx.core;
    requires io.vertx.sql.client;
    requires io.vertx.sql.client.pg;

    provides dev.duet.db.internal.LoopClient.Provider with dev.duet.db.loop.PgLoopClientProvider;
}
