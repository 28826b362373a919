package dev.duet.pagecontext;

/** The context PageContextTest gives its pages. */
public record Greeting(String text) {
}
