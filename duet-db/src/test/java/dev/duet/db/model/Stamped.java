package dev.duet.db.model;

import dev.duet.db.Default;
import dev.duet.db.Id;

import java.time.Instant;

/** A row with two timestamps filled in at insert, as a created/updated pair usually is. */
public record Stamped(@Id Long id, String name, @Default("now") Instant created, @Default("now") Instant updated) {
    public Stamped(String name) {
        this(null, name, null, null);
    }
}
