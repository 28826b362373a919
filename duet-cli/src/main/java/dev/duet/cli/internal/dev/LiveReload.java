package dev.duet.cli.internal.dev;

import dev.duet.App;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.sse.Event;
import dev.duet.sse.EventSink;
import dev.duet.sse.EventStream;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The live-reload wiring of one generation: the event stream the browser's script listens to
 * ({@value #EVENTS}), the script itself ({@value #SCRIPT}, an external file, so the default
 * Content-Security-Policy's {@code script-src 'self'} lets it run), and a middleware that adds
 * the script to every HTML page. Each stream first says which generation it talks to: a script
 * that reconnects and hears another one reloads its page.
 */
final class LiveReload {
    static final String EVENTS = "/__duet/live";
    static final String SCRIPT = "/__duet/live.js";

    // Named events; not "error", which EventSource already fires for a broken connection.
    static final String GENERATION = "generation";
    static final String RELOAD = "reload";
    static final String COMPILE_ERROR = "compile-error";

    private final String generation;
    private final String tag;
    private final Supplier<String> currentError;
    private final Set<EventSink> sinks = ConcurrentHashMap.newKeySet();
    private volatile boolean retired;

    /**
     * @param generation   this generation's id, sent to each browser that connects
     * @param currentError the compile error standing now (null if none), sent on connect so that a
     *                     page loaded after a failed compile shows it too
     */
    LiveReload(String generation, Supplier<String> currentError) {
        this.generation = generation;
        this.tag = tag(generation);
        this.currentError = currentError;
    }

    /**
     * The script tag pages of {@code generation} get. It names the generation, so that a page that
     * one generation made and whose script connects only after the next one took over (a save
     * while it loaded) reloads itself, instead of showing the old code with nothing to tell it.
     */
    static String tag(String generation) {
        String escaped = generation.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        return "<script src=\"" + SCRIPT + "\" data-generation=\"" + escaped + "\"></script>";
    }

    /** Adds the routes and the middleware to {@code app}, which is still open for registration. */
    void install(App app) {
        app.get(EVENTS, req -> EventStream.push(sink -> {
            sinks.add(sink);
            sink.onClose(() -> sinks.remove(sink));
            sink.send(Event.of(GENERATION, generation));
            String error = currentError.get();
            if (error != null) sink.send(Event.of(COMPILE_ERROR, error));
        }));
        app.get(SCRIPT, req -> Response.text(LiveScript.SOURCE)
                .contentType("text/javascript; charset=utf-8").header("Cache-Control", "no-store"));
        app.useAsync((req, next) -> retired ? CompletableFuture.completedFuture(elsewhere(req))
                : next.proceed().thenApply(res -> inject(res, tag)));
    }

    /**
     * From now on this generation sends each new request to the next one. A browser's keep-alive
     * connection still leads here, through the front, after the swap: a page reloaded on it would
     * show the old code. So the request is redirected to itself (307 keeps the method and body) on
     * a closed connection, and the browser asks again on a new one, which the front gives to the
     * new generation. Requests already running finish here.
     */
    void retire() {
        retired = true;
    }

    private static Response elsewhere(Request req) {
        String path = req.path().startsWith("//") ? "/" : req.path(); // never a redirect to another host
        String location = req.rawQuery().isEmpty() ? path : path + "?" + req.rawQuery();
        return Response.redirect(location, 307).header("Connection", "close").header("Cache-Control", "no-store");
    }

    /** Tells every open page to reload (a template or static file changed, or a new generation serves). */
    void reload() {
        sinks.forEach(s -> s.send(Event.of(RELOAD, generation)));
    }

    /** Shows {@code error} (javac's messages) on every open page. */
    void compileError(String error) {
        sinks.forEach(s -> s.send(Event.of(COMPILE_ERROR, error)));
    }

    /** Ends the streams, once what is queued is sent: a generation going away must not wait for them. */
    void close() {
        sinks.forEach(EventSink::complete);
    }

    int listeners() {
        return sinks.size();
    }

    /** {@code res} with {@code tag} before its {@code </body>}, if it is a whole HTML page held in memory. */
    static Response inject(Response res, String tag) {
        String type = res.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/html")) return res;
        if (res.header("Content-Encoding") != null) return res; // already compressed by the handler
        String html;
        Object body = res.body();
        if (body instanceof String s) html = s;
        else if (body instanceof byte[] b) html = new String(b, StandardCharsets.UTF_8);
        else return res; // streamed: left alone rather than buffered whole
        int at = lastIndexOfIgnoreCase(html, "</body>");
        if (at < 0) return res; // a fragment (htmx and the like), not a page: the script would pile up
        String withScript = html.substring(0, at) + tag + html.substring(at);
        res.body(body instanceof String ? withScript : withScript.getBytes(StandardCharsets.UTF_8));
        return res;
    }

    private static int lastIndexOfIgnoreCase(String s, String what) {
        for (int i = s.length() - what.length(); i >= 0; i--) {
            if (s.regionMatches(true, i, what, 0, what.length())) return i;
        }
        return -1;
    }
}
