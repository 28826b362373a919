package dev.duet.db.model;

import dev.duet.db.Column;
import dev.duet.db.Id;

/** The Tortoise seed's model: a name and a unique email. */
public record User(@Id Long id, @Column(length = 50) String name, @Column(length = 100, unique = true) String email) {
    public static User of(String name, String email) {
        return new User(null, name, email);
    }
}
