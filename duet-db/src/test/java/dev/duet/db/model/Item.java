package dev.duet.db.model;

import dev.duet.db.Id;

/** For load tests: the smallest model. */
public record Item(@Id Long id, String name, int n) {
}
