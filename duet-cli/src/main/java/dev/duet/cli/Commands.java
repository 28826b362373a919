package dev.duet.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The app's own commands, gathered by {@link Application#commands(Commands)} and offered beside
 * Duet's ({@code serve}, {@code db}, ...).
 *
 * <pre>{@code
 * public void commands(Commands commands) {
 *     commands.add(Command.named("seed").description("Fills the database").blocking(ctx -> seed(ctx)));
 * }
 * }</pre>
 */
public final class Commands {
    private final Set<String> taken;
    private final Map<String, Command> added = new LinkedHashMap<>();

    /** Commands that must not reuse any of {@code taken} (Duet's own names). */
    Commands(Set<String> taken) {
        this.taken = Set.copyOf(taken);
    }

    /**
     * Adds {@code command}; fails if the name is one of Duet's commands or was added before.
     */
    public Commands add(Command command) {
        Objects.requireNonNull(command, "command");
        if (taken.contains(command.name())) {
            throw new IllegalArgumentException("'" + command.name() + "' is a Duet command; name the app's command differently (say 'app:"
                    + command.name() + "')");
        }
        if (added.putIfAbsent(command.name(), command) != null) {
            throw new IllegalArgumentException("the app adds a command named '" + command.name() + "' twice");
        }
        return this;
    }

    /** The commands added so far, in order. */
    List<Command> list() {
        return Collections.unmodifiableList(new ArrayList<>(added.values()));
    }
}
