package dev.duet.netty;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** How an event loop starts the virtual threads its requests hop to. */
class LoopThreadsTest {
    private final MultiThreadIoEventLoopGroup group =
            new MultiThreadIoEventLoopGroup(1, new LoopThreads(), NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final Executor virtualThreads = r -> Thread.ofVirtual().start(r);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private LoopThreads.LoopThread boundLoopThread() throws Exception {
        return loop.submit(() -> {
            LoopThreads.LoopThread t = (LoopThreads.LoopThread) Thread.currentThread();
            t.bind(loop);
            return t;
        }).get(5, TimeUnit.SECONDS);
    }

    /** Waits from within a loop task, so the loop's round stays open meanwhile; false if the time ran out. */
    private static boolean awaitHoldingTheRound(CountDownLatch latch, long millis) {
        try {
            return latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void whatOneRoundOfTheLoopAsksForStartsAfterTheRoundAllOnVirtualThreads() throws Exception {
        boundLoopThread();
        int n = LoopThreads.LoopThread.LAUNCH_AT - 1;
        CountDownLatch ran = new CountDownLatch(n);
        AtomicBoolean roundOver = new AtomicBoolean();
        List<Boolean> startedAfterRound = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> virtual = Collections.synchronizedList(new ArrayList<>());
        loop.execute(() -> {
            LoopThreads.LoopThread self = (LoopThreads.LoopThread) Thread.currentThread();
            for (int i = 0; i < n; i++) {
                self.startVirtual(() -> {
                    startedAfterRound.add(roundOver.get());
                    virtual.add(Thread.currentThread().isVirtual());
                    ran.countDown();
                }, virtualThreads);
            }
            // still inside the round: nothing may have started yet
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            roundOver.set(true);
        });
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(startedAfterRound).hasSize(n).containsOnly(true);
        assertThat(virtual).containsOnly(true);
    }

    @Test
    void aRoundThatAsksForManyLaunchesThemInBatchesAsItGoes() throws Exception {
        boundLoopThread();
        int batch = LoopThreads.LoopThread.LAUNCH_AT;
        CountDownLatch firstTwoBatches = new CountDownLatch(2 * batch);
        CountDownLatch all = new CountDownLatch(2 * batch + 5);
        AtomicBoolean roundOver = new AtomicBoolean();
        AtomicBoolean batchesRanWithinTheRound = new AtomicBoolean();
        List<Boolean> startedAfterRound = Collections.synchronizedList(new ArrayList<>());
        loop.execute(() -> {
            LoopThreads.LoopThread self = (LoopThreads.LoopThread) Thread.currentThread();
            for (int i = 0; i < 2 * batch + 5; i++) {
                self.startVirtual(() -> {
                    startedAfterRound.add(roundOver.get());
                    firstTwoBatches.countDown();
                    all.countDown();
                }, virtualThreads);
            }
            // the loop holds the round: the two full batches must run meanwhile
            batchesRanWithinTheRound.set(awaitHoldingTheRound(firstTwoBatches, 5000));
            roundOver.set(true);
        });
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(batchesRanWithinTheRound).isTrue();
        assertThat(startedAfterRound.stream().filter(after -> after).count()).isEqualTo(5);
    }

    @Test
    void aBatchCountsThreadsSoAConnectionsPipelinedRequestsCountOnce() throws Exception {
        boundLoopThread();
        int connections = LoopThreads.LoopThread.LAUNCH_AT;
        int perConnection = 3;
        CountDownLatch all = new CountDownLatch(connections * perConnection + 1);
        CountDownLatch firstBatch = new CountDownLatch(connections * perConnection);
        AtomicBoolean heldWhileOneBatch = new AtomicBoolean();
        AtomicBoolean batchRanWithinTheRound = new AtomicBoolean();
        AtomicBoolean roundOver = new AtomicBoolean();
        List<Boolean> startedAfterRound = Collections.synchronizedList(new ArrayList<>());
        loop.execute(() -> {
            LoopThreads.LoopThread self = (LoopThreads.LoopThread) Thread.currentThread();
            for (int c = 0; c < connections; c++) {
                Object connection = new Object();
                for (int r = 0; r < perConnection; r++) {
                    self.startRequestThread(() -> {
                        startedAfterRound.add(roundOver.get());
                        firstBatch.countDown();
                        all.countDown();
                    }, virtualThreads, connection);
                }
            }
            // 96 requests, 32 threads: one batch, not full yet, so nothing has started
            awaitHoldingTheRound(firstBatch, 200);
            heldWhileOneBatch.set(firstBatch.getCount() == connections * perConnection);
            // one more connection's thread: the full batch goes now, within the round
            self.startRequestThread(() -> {
                startedAfterRound.add(roundOver.get());
                all.countDown();
            }, virtualThreads, new Object());
            batchRanWithinTheRound.set(awaitHoldingTheRound(firstBatch, 5000));
            roundOver.set(true);
        });
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(heldWhileOneBatch).isTrue();
        assertThat(batchRanWithinTheRound).isTrue();
        assertThat(startedAfterRound.stream().filter(after -> after).count()).isEqualTo(1);
    }

    @Test
    void eachRoundStartsItsOwnBatch() throws Exception {
        boundLoopThread();
        CountDownLatch ran = new CountDownLatch(6);
        for (int round = 0; round < 3; round++) {
            loop.execute(() -> {
                LoopThreads.LoopThread self = (LoopThreads.LoopThread) Thread.currentThread();
                self.startVirtual(ran::countDown, virtualThreads);
                self.startVirtual(ran::countDown, virtualThreads);
            });
        }
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aLoopThatHasShutDownStartsWhatItIsAskedForAtOnce() throws Exception {
        LoopThreads.LoopThread thread = boundLoopThread();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        CountDownLatch ran = new CountDownLatch(1);
        // As the loop's last task would; the loop no longer takes tasks, so nothing is held back.
        Thread caller = Thread.ofPlatform().start(() -> thread.startVirtual(ran::countDown, virtualThreads));
        caller.join();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aLoopKeepsTheJvmUpWhoeverGaveItItsFirstTask() throws Exception {
        // The acceptor (a daemon-born thread, say) may be the first to hand a loop work.
        Thread[] loopThread = new Thread[1];
        Thread daemon = new Thread(() -> {
            try {
                loopThread[0] = loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        daemon.setDaemon(true);
        daemon.start();
        daemon.join(5000);
        assertThat(loopThread[0]).isNotNull();
        assertThat(loopThread[0].isDaemon()).isFalse();
    }

    @Test
    void oneConnectionsRequestsOfARoundRunInTurnOnOneThreadOthersApart() throws Exception {
        boundLoopThread();
        Object connectionA = new Object();
        Object connectionB = new Object();
        CountDownLatch ran = new CountDownLatch(7);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        java.util.Map<String, Thread> threads = new java.util.concurrent.ConcurrentHashMap<>();
        loop.execute(() -> {
            LoopThreads.LoopThread self = (LoopThreads.LoopThread) Thread.currentThread();
            for (String name : List.of("a1", "a2", "a3")) {
                self.startRequestThread(() -> {
                    order.add(name);
                    threads.put(name, Thread.currentThread());
                    ran.countDown();
                }, virtualThreads, connectionA);
            }
            self.startRequestThread(() -> {
                threads.put("b1", Thread.currentThread());
                ran.countDown();
            }, virtualThreads, connectionB);
            // not a request's first hop (an offload, say): never run in turn with others
            self.startVirtual(() -> {
                threads.put("o1", Thread.currentThread());
                ran.countDown();
            }, virtualThreads);
            self.startVirtual(() -> {
                threads.put("o2", Thread.currentThread());
                ran.countDown();
            }, virtualThreads);
            self.startRequestThread(() -> {
                threads.put("n1", Thread.currentThread());
                ran.countDown();
            }, virtualThreads, null);
        });
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("a1", "a2", "a3");
        assertThat(threads.get("a2")).isSameAs(threads.get("a1"));
        assertThat(threads.get("a3")).isSameAs(threads.get("a1"));
        assertThat(new java.util.HashSet<>(List.of(threads.get("a1"), threads.get("b1"), threads.get("o1"), threads.get("o2"), threads.get("n1")))).hasSize(5);
        assertThat(threads.values()).allMatch(Thread::isVirtual);
    }
}
