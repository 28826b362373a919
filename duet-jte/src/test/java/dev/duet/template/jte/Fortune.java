package dev.duet.template.jte;

/** A row of the fortunes page, as TechEmpower's benchmark has it. */
public record Fortune(int id, String message) {
}
