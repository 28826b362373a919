package dev.duet.db.loop;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of Duet's event loops seen as a group of one, lent to a Vert.x instance as its only loop.
 * The loop is the server's: shutting the group down (Vert.x does so when closed) only marks it
 * terminated, and never stops the loop.
 */
final class LoopGroup extends AbstractEventExecutorGroup implements EventLoopGroup {
    private final EventLoop loop;
    private final Promise<Void> terminated = GlobalEventExecutor.INSTANCE.newPromise();

    LoopGroup(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public EventLoop next() {
        return loop;
    }

    @Override
    public Iterator<EventExecutor> iterator() {
        return Collections.<EventExecutor>singletonList(loop).iterator();
    }

    @Override
    public ChannelFuture register(Channel channel) {
        return loop.register(channel);
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        return loop.register(promise);
    }

    @Override
    @Deprecated
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        return loop.register(channel, promise);
    }

    @Override
    public boolean isShuttingDown() {
        return terminated.isDone();
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        terminated.trySuccess(null);
        return terminated;
    }

    @Override
    public Future<?> terminationFuture() {
        return terminated;
    }

    @Override
    @Deprecated
    public void shutdown() {
        terminated.trySuccess(null);
    }

    @Override
    @Deprecated
    public List<Runnable> shutdownNow() {
        terminated.trySuccess(null);
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return terminated.isDone();
    }

    @Override
    public boolean isTerminated() {
        return terminated.isDone();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }
}
