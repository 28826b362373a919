package dev.duet.db.model;

import dev.duet.db.Column;
import dev.duet.db.Default;
import dev.duet.db.Index;

import java.time.Instant;

/** A model that is a plain class (no-arg constructor, private fields), with defaults and an index. */
public class Note {
    private Long id;
    @Column(length = 120)
    private String title;
    @Default("DRAFT")
    private Status status;
    @Default("now")
    private Instant created;
    @Default("3")
    private Integer priority;
    @Index
    @Column(nullable = true)
    private String tag;
    private transient String scratch;

    public Note() {
    }

    public Note(String title) {
        this.title = title;
    }

    public Long getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public Note setTitle(String title) {
        this.title = title;
        return this;
    }

    public Status getStatus() {
        return status;
    }

    public Note setStatus(Status status) {
        this.status = status;
        return this;
    }

    public Instant getCreated() {
        return created;
    }

    public Integer getPriority() {
        return priority;
    }

    public String getTag() {
        return tag;
    }

    public Note setTag(String tag) {
        this.tag = tag;
        return this;
    }

    public String getScratch() {
        return scratch;
    }
}
