package dev.duet.badpages.actionargs;

/** actionDelete without its Request: refused. */
public class Page {
    public String actionDelete() {
        return "";
    }
}
