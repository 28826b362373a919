package dev.duet.spi;

import dev.duet.App;

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
}
