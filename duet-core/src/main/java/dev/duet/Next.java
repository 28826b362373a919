package dev.duet;

/** The rest of the chain, as a blocking {@link Middleware} sees it. */
@FunctionalInterface
public interface Next {
    /** Runs the rest of the chain and waits for its response. */
    Response proceed() throws Exception;
}
