package dev.duet.netty;

import dev.duet.spi.ServerStats;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The Netty core's figures for metrics: its open connections and its event loops, each with the
 * tasks queued on it. Reads only; a lag probe schedules its own tasks through {@link Loop#schedule}.
 */
final class NettyStats implements ServerStats {
    private final IntSupplier connections;
    private final List<EventLoop> loops;

    NettyStats(EventLoopGroup group, IntSupplier connections) {
        this.connections = connections;
        List<EventLoop> list = new ArrayList<>();
        for (EventExecutor e : group) list.add(new Loop(e)); // the group's order is fixed: its index is a stable tag
        this.loops = List.copyOf(list);
    }

    @Override
    public int openConnections() {
        return connections.getAsInt();
    }

    @Override
    public List<EventLoop> eventLoops() {
        return loops;
    }

    private record Loop(EventExecutor executor) implements EventLoop {
        @Override
        public int pendingTasks() {
            return executor instanceof SingleThreadEventExecutor s ? s.pendingTasks() : 0;
        }

        @Override
        public void schedule(Runnable task, long delay, TimeUnit unit) {
            executor.schedule(task, delay, unit);
        }
    }
}
