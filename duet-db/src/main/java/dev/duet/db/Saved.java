package dev.duet.db;

/**
 * What {@link Table#getOrCreate} and {@link Table#updateOrCreate} return: the entity as stored,
 * and whether it was created (true) or found (false).
 */
public record Saved<T>(T entity, boolean created) {
}
