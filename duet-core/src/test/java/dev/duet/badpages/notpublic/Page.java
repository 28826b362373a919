package dev.duet.badpages.notpublic;

import dev.duet.Request;

/** Not public: refused. */
class Page {
    public String get(Request req) {
        return "";
    }
}
