package dev.duet.tracing.internal;

import dev.duet.Request;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;

/**
 * OpenTelemetry's context storage, falling back to the trace of the Duet request bound to this
 * thread when nothing else is attached. Duet binds its request (a scoped value) wherever the
 * request's code runs, handlers, hooks, offloaded, CPU and background tasks, so
 * {@code Context.current()} there is the request's trace without any copying by hand.
 */
public final class RequestContextStorage implements ContextStorage {
    /** The request attribute holding the request's OpenTelemetry context. */
    public static final String ATTRIBUTE = "dev.duet.tracing.context";

    private final ContextStorage delegate;

    public RequestContextStorage(ContextStorage delegate) {
        this.delegate = delegate;
    }

    @Override
    public Scope attach(Context toAttach) {
        return delegate.attach(toAttach);
    }

    @Override
    public Context current() {
        Context attached = delegate.current();
        if (attached != null) return attached;
        Request req = Request.currentOrNull();
        return req == null ? null : req.attribute(ATTRIBUTE);
    }

    @Override
    public Context root() {
        return delegate.root();
    }
}
