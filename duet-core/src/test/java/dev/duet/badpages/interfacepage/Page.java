package dev.duet.badpages.interfacepage;

import dev.duet.Request;

/** An interface: refused. */
public interface Page {
    String get(Request req);
}
