package dev.duet.db;

/**
 * The row asked for is not there: {@link Table#get(Object)}, {@link Query#one()}. HTTP 404 with
 * {@link DuetDb#install}.
 */
public final class NotFound extends DbException {
    private final Class<?> model;
    private final Object id;

    /**
     * The row of {@code model} with {@code id} is not there; {@code id} is null when a query found
     * nothing.
     */
    public NotFound(String message, Class<?> model, Object id) {
        super(message);
        this.model = model;
        this.id = id;
    }

    /** The model looked for. */
    public Class<?> model() {
        return model;
    }

    /** The id looked for, or null if it was a query. */
    public Object id() {
        return id;
    }
}
