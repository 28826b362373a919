package dev.duet;

/**
 * The results of two, three or four differently typed tasks run by {@link Tasks#parallel} or
 * {@link Tasks#gather}, each under its own type, in the tasks' order. For any number of tasks of
 * one type, those methods take a list and return a list.
 *
 * <pre>{@code
 * var page = req.tasks().parallel(
 *         Task.blocking(() -> users.find(id)),         // Optional<User>
 *         Task.blocking(() -> orders.countFor(id)));    // Long
 * return Map.of("user", page.first().orElseThrow(), "orders", page.second());
 * }</pre>
 */
public final class Results {
    private Results() {
    }

    /** The results of two tasks. */
    public record Two<A, B>(A first, B second) {
    }

    /** The results of three tasks. */
    public record Three<A, B, C>(A first, B second, C third) {
    }

    /** The results of four tasks. */
    public record Four<A, B, C, D>(A first, B second, C third, D fourth) {
    }
}
