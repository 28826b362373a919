package dev.duet.spi;

import dev.duet.App;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A server core: turns connections into {@link dev.duet.App#dispatch} calls and writes the
 * responses. Found by {@link java.util.ServiceLoader} under its {@link #name()} (the
 * {@code core} setting), or used directly.
 */
public interface ServerCore {
    /** The name the {@code core} setting selects this core by, e.g. {@code netty}. */
    String name();

    /** Binds {@code app.config().host()/port()} and starts serving; returns once the socket is bound. */
    Server start(App app) throws Exception;

    /**
     * The core on the class path whose {@link #name()} is {@code name} (what {@link App#start()}
     * uses for the {@code core} setting); fails naming the cores it did find, or the module to add.
     */
    static ServerCore named(String name) {
        List<String> names = new ArrayList<>();
        for (ServerCore core : ServiceLoader.load(ServerCore.class)) {
            if (core.name().equals(name)) return core;
            names.add(core.name());
        }
        throw new IllegalStateException("no server core named '" + name + "' on the class path"
                + (names.isEmpty() ? " (add dev.duet:duet-netty)" : "; found " + names));
    }
}
