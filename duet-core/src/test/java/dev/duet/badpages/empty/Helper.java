package dev.duet.badpages.empty;

/** Not a page: a package with only this has no pages. */
public final class Helper {
    private Helper() {
    }
}
