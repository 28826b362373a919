package dev.duet.badpages.wrongsig;

/** get takes a String: refused. */
public class Page {
    public String get(String id) {
        return "";
    }
}
