package dev.duet.jobs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What happens to jobs on this instance, for whoever counts it ({@link JobsMetrics}): told after
 * the fact, on the thread that did it, so a listener must be quick and must not throw. {@code type}
 * is a job type's or a schedule's name, so a tag made of it has bounded cardinality.
 */
interface JobEvents {
    /** A job of {@code type} was enqueued (its transaction may still roll back). */
    default void enqueued(String type) {
    }

    /** A run of {@code type} started on this instance. */
    default void started(String type) {
    }

    /** A run of {@code type} succeeded and its outcome is written; it took {@code took}. */
    default void succeeded(String type, Duration took) {
    }

    /** A run of {@code type} failed and will be retried. */
    default void failed(String type, Duration took) {
    }

    /** A run of {@code type} failed and was the last: the job is dead. */
    default void dead(String type, Duration took) {
    }

    /** A run of {@code type} ended, whatever its outcome (after the three above). */
    default void ended(String type) {
    }

    /** An execution of {@code type} whose instance stopped sending heartbeats was taken back to run again. */
    default void revived(String type) {
    }

    /** The scheduler itself hit trouble: {@code kind} is one of a few fixed words. */
    default void schedulerError(String kind) {
    }

    /** Fans events out to any number of listeners, added at any time. */
    final class Fanout implements JobEvents {
        private final List<JobEvents> listeners = new CopyOnWriteArrayList<>();

        void add(JobEvents listener) {
            listeners.add(listener);
        }

        @Override
        public void enqueued(String type) {
            for (JobEvents l : listeners) l.enqueued(type);
        }

        @Override
        public void started(String type) {
            for (JobEvents l : listeners) l.started(type);
        }

        @Override
        public void succeeded(String type, Duration took) {
            for (JobEvents l : listeners) l.succeeded(type, took);
        }

        @Override
        public void failed(String type, Duration took) {
            for (JobEvents l : listeners) l.failed(type, took);
        }

        @Override
        public void dead(String type, Duration took) {
            for (JobEvents l : listeners) l.dead(type, took);
        }

        @Override
        public void ended(String type) {
            for (JobEvents l : listeners) l.ended(type);
        }

        @Override
        public void revived(String type) {
            for (JobEvents l : listeners) l.revived(type);
        }

        @Override
        public void schedulerError(String kind) {
            for (JobEvents l : listeners) l.schedulerError(kind);
        }
    }
}
