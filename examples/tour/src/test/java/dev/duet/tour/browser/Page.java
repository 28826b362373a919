package dev.duet.tour.browser;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One tab of a {@link Browser}: open a URL, read what it shows, fill fields, click, submit, take a
 * screenshot. Every method waits for what it started (a page load after {@link #open},
 * {@link #clickAndWait} and {@link #submit}) and throws a {@link BrowserException} saying what did
 * not happen if it does not within the timeout; selectors are CSS, and one that matches nothing is
 * an error, never a silent no-op.
 *
 * <pre>{@code
 * page.open(base + "/");
 * page.fill("input[name=name]", "Ada");
 * page.submit("form.add-user");                    // waits for the page the form leads to
 * assertThat(page.url()).isEqualTo(base + "/profile?id=1");
 * assertThat(page.status()).isEqualTo(200);
 * assertThat(page.text("h1")).isEqualTo("Ada");
 * page.screenshot(Path.of("target/profile.png"));
 * }</pre>
 */
public final class Page implements AutoCloseable {
    /** How many page loads to remember: enough for any wait in flight, small enough never to grow. */
    private static final int REMEMBERED = 64;

    private final Cdp cdp;
    private final String contextId;
    private final String targetId;
    private final String sessionId;
    private final Browser.Options options;
    private volatile Duration timeout;

    /** Guards what the socket's reader learns (below) and lets a wait sleep until it learns more. */
    private final Object lock = new Object();
    private String mainFrame;
    /** The loader of the document on show: chromium gives each navigation of a frame its own loader id. */
    private String document;
    /** Loader ids of the main frame's documents that have fired their load event, oldest first. */
    private final Set<String> loaded = new LinkedHashSet<>();
    /** The HTTP status each document's response had, by loader id. */
    private final Map<String, Integer> statuses = new LinkedHashMap<>();
    private final List<String> scriptErrors = new ArrayList<>();
    private final List<String> dialogs = new ArrayList<>();
    private boolean crashed;
    private volatile boolean closed;

    Page(Cdp cdp, String contextId, String targetId, String sessionId, Browser.Options options) {
        this.cdp = cdp;
        this.contextId = contextId;
        this.targetId = targetId;
        this.sessionId = sessionId;
        this.options = options;
        this.timeout = options.timeout();
        cdp.listen(sessionId, this::onEvent);
        call("Page.enable", Map.of());
        call("Page.setLifecycleEventsEnabled", Map.of("enabled", true));
        call("Network.enable", Map.of());
        call("Runtime.enable", Map.of());
        call("Emulation.setDeviceMetricsOverride",
                Map.of("width", options.width(), "height", options.height(), "deviceScaleFactor", 1, "mobile", false));
        JsonNode frame = call("Page.getFrameTree", Map.of()).path("frameTree").path("frame");
        synchronized (lock) {
            mainFrame = frame.path("id").asString();
            if (document == null) document = frame.path("loaderId").asString(null);
        }
    }

    /** Sets how long each later wait of this page may take (the browser's timeout until then); returns this page. */
    public Page timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        this.timeout = timeout;
        return this;
    }

    /**
     * Opens {@code url} and waits until its document has loaded (its load event: the HTML, styles,
     * images and scripts). Throws if chromium could not fetch it at all (no server, a bad URL); an
     * HTTP error status is a page like any other: see {@link #status()}.
     */
    public void open(String url) {
        if (closed) throw new BrowserException("cannot open " + url + ": the page was closed");
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> before = loadsSoFar();
        // Chromium answers Page.navigate once the response has begun, so a slow server shows here first.
        JsonNode started = cdp.callWithin(sessionId, "Page.navigate", Map.of("url", url), timeout);
        if (started == null) throw new BrowserException("opening " + url + " did not load within " + Cdp.human(timeout) + " (no response yet)");
        String error = started.path("errorText").asString("");
        if (!error.isEmpty()) throw new BrowserException("could not open " + url + ": " + error);
        awaitLoad(before, started.path("loaderId").asString(null), "opening " + url, deadline);
    }

    /** The URL of the page on show, after any redirects. */
    public String url() {
        return evaluate("location.href").asString();
    }

    /** The page's title. */
    public String title() {
        return evaluate("document.title").asString();
    }

    /** The text the page shows, as a user would copy it (CSS-hidden text left out). */
    public String text() {
        return script("() => document.body ? document.body.innerText : ''").asString();
    }

    /** The text shown by the first element {@code selector} matches; throws if none does. */
    public String text(String selector) {
        return script("sel => first(sel).innerText", selector).asString();
    }

    /** How many elements {@code selector} matches (0 if none). */
    public int count(String selector) {
        return script("sel => document.querySelectorAll(sel).length", selector).asInt();
    }

    /**
     * The HTTP status of the response the page on show came from (after redirects: a form's 303
     * to a page that answers 200 gives 200), or 0 if it came from no HTTP response (about:blank,
     * chromium's own error page).
     */
    public int status() {
        synchronized (lock) {
            return statuses.getOrDefault(document, 0);
        }
    }

    /** The uncaught JavaScript errors the page's scripts have thrown so far (the first 64), first line of each. */
    public List<String> scriptErrors() {
        synchronized (lock) {
            return List.copyOf(scriptErrors);
        }
    }

    /**
     * The dialogs (alert, confirm, prompt, beforeunload) the page has opened so far, each as
     * "type: message", the first 64. Each was accepted at once, as a user clicking OK would: a
     * dialog left open would stop the page's scripts.
     */
    public List<String> dialogs() {
        synchronized (lock) {
            return List.copyOf(dialogs);
        }
    }

    /**
     * Evaluates the JavaScript expression {@code js} in the page and returns its value as JSON
     * (null for undefined); a promise is awaited. Throws, quoting the error, if the script throws.
     *
     * <pre>{@code
     * JsonNode hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))");
     * }</pre>
     */
    public JsonNode evaluate(String js) {
        JsonNode answer = call("Runtime.evaluate", Map.of("expression", js, "returnByValue", true, "awaitPromise", true));
        JsonNode exception = answer.get("exceptionDetails");
        if (exception != null) {
            throw new BrowserException("the script threw " + describe(exception) + " on " + urlOrUnknown()
                    + "\n  script: " + (js.length() > 200 ? js.substring(0, 200) + "…" : js));
        }
        JsonNode value = answer.path("result").get("value");
        return value == null ? NullNode.getInstance() : value;
    }

    /**
     * Types {@code value} into the text field, text area or select box {@code selector} matches,
     * replacing what was there, as a user would: the field gets focus and its input and change
     * events fire. Throws if nothing matches, or the element is no field or cannot be edited.
     */
    public void fill(String selector, String value) {
        boolean typeIt = script("""
                (sel, value) => {
                  const el = first(sel);
                  const what = describe(el);
                  if (el instanceof HTMLSelectElement) {
                    if (![...el.options].some(o => o.value === value)) throw new Error(`${what} has no option '${value}'`);
                    el.value = value;
                    el.dispatchEvent(new Event('input', {bubbles: true}));
                    el.dispatchEvent(new Event('change', {bubbles: true}));
                    return false;
                  }
                  const typed = el instanceof HTMLTextAreaElement
                      || (el instanceof HTMLInputElement && !['checkbox', 'radio', 'submit', 'button', 'reset', 'file', 'image', 'hidden'].includes(el.type));
                  if (!typed) throw new Error(`${what} is not a field one types into`);
                  if (el.disabled) throw new Error(`${what} is disabled`);
                  if (el.readOnly) throw new Error(`${what} is read-only`);
                  el.focus();
                  el.select();
                  return true;
                }""", selector, value).asBoolean();
        if (!typeIt) return;
        if (value.isEmpty()) {
            // insertText with nothing inserts nothing: delete the selection the way a user's Backspace does.
            script("() => document.execCommand('delete')");
        } else {
            call("Input.insertText", Map.of("text", value));
        }
    }

    /**
     * Chooses {@code files} in the {@code <input type=file>} {@code selector} matches, as a user
     * picking them in the file dialog would (through CDP's {@code DOM.setFileInputFiles}: the
     * input's change event fires). Throws if nothing matches or it is no file input.
     */
    public void chooseFiles(String selector, Path... files) {
        script("""
                sel => {
                  const el = first(sel);
                  if (!(el instanceof HTMLInputElement) || el.type !== 'file') throw new Error(`${describe(el)} is not a file input`);
                }""", selector);
        JsonNode found = call("Runtime.evaluate", Map.of("expression", "document.querySelector(" + Cdp.JSON.writeValueAsString(selector) + ")"));
        String objectId = found.path("result").path("objectId").asString("");
        if (objectId.isEmpty()) throw new BrowserException("no element matches '" + selector + "' (on " + urlOrUnknown() + ")");
        List<String> paths = java.util.Arrays.stream(files).map(f -> f.toAbsolutePath().toString()).toList();
        call("DOM.setFileInputFiles", Map.of("files", paths, "objectId", objectId));
    }

    /**
     * Clicks the centre of the element {@code selector} matches, with the mouse, as a user would
     * (scrolled into view first). Throws if nothing matches, or it is not visible, or another element
     * covers it. Does not wait for anything the click starts: see {@link #clickAndWait}.
     */
    public void click(String selector) {
        JsonNode at = script("""
                sel => {
                  const el = first(sel);
                  el.scrollIntoView({block: 'center', inline: 'center'});
                  const r = el.getBoundingClientRect();
                  if (r.width === 0 || r.height === 0) throw new Error(`${describe(el)} is not visible`);
                  const x = r.left + r.width / 2, y = r.top + r.height / 2;
                  const top = document.elementFromPoint(x, y);
                  if (top !== el && !el.contains(top)) throw new Error(`${describe(el)} is covered by ${describe(top)}`);
                  return {x, y};
                }""", selector);
        for (String type : List.of("mousePressed", "mouseReleased")) {
            call("Input.dispatchMouseEvent", Map.of("type", type, "x", at.path("x").asDouble(), "y", at.path("y").asDouble(),
                    "button", "left", "clickCount", 1));
        }
    }

    /** Clicks {@code selector} (see {@link #click}) and waits for the page it leads to to load. */
    public void clickAndWait(String selector) {
        Set<String> before = loadsSoFar();
        click(selector);
        awaitLoad(before, null, "the page that clicking " + selector + " leads to", System.nanoTime() + timeout.toNanos());
    }

    /**
     * Submits the form {@code selector} matches, as its submit button would (the browser checks its
     * fields first and fires its submit event), and waits for the page it leads to to load. Throws,
     * naming the field, if the browser finds a field invalid.
     */
    public void submit(String selector) {
        Set<String> before = loadsSoFar();
        script("""
                sel => {
                  const form = first(sel);
                  if (!(form instanceof HTMLFormElement)) throw new Error(`${describe(form)} is not a form`);
                  const invalid = [...form.elements].find(e => e.willValidate && !e.checkValidity());
                  if (invalid) throw new Error(`the form ${sel} is not valid: ${describe(invalid)}: ${invalid.validationMessage}`);
                  form.requestSubmit();
                }""", selector);
        awaitLoad(before, null, "the page that submitting " + selector + " leads to", System.nanoTime() + timeout.toNanos());
    }

    /**
     * Saves a PNG of the whole page (not only the window: all of its height) to {@code png},
     * making its folder if needed, and returns {@code png}.
     */
    public Path screenshot(Path png) {
        JsonNode metrics = call("Page.getLayoutMetrics", Map.of());
        int width = (int) Math.ceil(Math.max(options.width(), metrics.path("cssContentSize").path("width").asDouble()));
        int height = (int) Math.ceil(Math.max(1, metrics.path("cssContentSize").path("height").asDouble()));
        String data = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1))).path("data").asString("");
        if (data.isEmpty()) throw new BrowserException("chromium sent no picture for the screenshot of " + urlOrUnknown());
        try {
            Path folder = png.toAbsolutePath().getParent();
            if (folder != null) Files.createDirectories(folder);
            return Files.write(png, Base64.getDecoder().decode(data));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the screenshot to " + png, e);
        }
    }

    /** Closes the tab and forgets its cookies and storage. Safe to call twice, and after the browser is gone. */
    @Override
    public void close() {
        closed = true;
        cdp.forget(sessionId);
        if (cdp.gone() != null) return;
        try {
            // Disposing of the context closes its tab too.
            cdp.call(null, "Target.disposeBrowserContext", Map.of("browserContextId", contextId), timeout);
        } catch (BrowserException e) {
            // Closed already (twice): nothing left to close.
        }
    }

    // ---- what the socket's reader tells this page ----

    private void onEvent(Cdp.Event event) {
        JsonNode p = event.params();
        synchronized (lock) {
            switch (event.method()) {
                case "Page.frameNavigated" -> {
                    JsonNode frame = p.path("frame");
                    if (!frame.has("parentId")) {
                        mainFrame = frame.path("id").asString();
                        document = frame.path("loaderId").asString();
                    }
                }
                case "Page.lifecycleEvent" -> {
                    if ("load".equals(p.path("name").asString("")) && p.path("frameId").asString("").equals(mainFrame)) {
                        loaded.add(p.path("loaderId").asString());
                        trim(loaded);
                    }
                }
                case "Network.responseReceived" -> {
                    if ("Document".equals(p.path("type").asString("")) && p.path("frameId").asString("").equals(mainFrame)) {
                        statuses.put(p.path("loaderId").asString(), p.path("response").path("status").asInt());
                        trim(statuses.keySet());
                    }
                }
                case "Runtime.exceptionThrown" -> {
                    // Bounded like the rest: a page that throws in a loop must not fill the test's heap.
                    if (scriptErrors.size() < REMEMBERED) scriptErrors.add(describe(p.path("exceptionDetails")));
                }
                case "Page.javascriptDialogOpening" -> {
                    // An open alert or confirm blocks the page's scripts, and with them every later
                    // evaluate: accept it, as a user clicking OK would, and keep its message. From
                    // another thread, since this one must be free to read the answer.
                    if (dialogs.size() < REMEMBERED) dialogs.add(p.path("type").asString("") + ": " + p.path("message").asString(""));
                    Thread.ofVirtual().start(() -> {
                        try {
                            cdp.call(sessionId, "Page.handleJavaScriptDialog", Map.of("accept", true), timeout);
                        } catch (BrowserException e) {
                            // The page went away with its dialog: nothing left to accept.
                        }
                    });
                }
                case "Inspector.targetCrashed" -> crashed = true;
                default -> {
                    return;
                }
            }
            lock.notifyAll();
        }
    }

    private static void trim(Set<String> oldestFirst) {
        Iterator<String> it = oldestFirst.iterator();
        while (oldestFirst.size() > REMEMBERED && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private Set<String> loadsSoFar() {
        synchronized (lock) {
            return Set.copyOf(loaded);
        }
    }

    /**
     * Waits until the main frame has loaded a document that had not loaded by {@code before}
     * ({@code loader}'s, if it is not null), until {@code deadline} (System.nanoTime's); {@code what}
     * names it in the timeout's message.
     */
    private void awaitLoad(Set<String> before, String loader, String what, long deadline) {
        String failure;
        synchronized (lock) {
            while (true) {
                if (loaded.stream().anyMatch(id -> !before.contains(id) && (loader == null || loader.equals(id)))) return;
                if (crashed) {
                    failure = "the page crashed while " + what;
                    break;
                }
                if (cdp.gone() != null) {
                    failure = "cannot wait for " + what + ": " + cdp.gone();
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    failure = null;
                    break;
                }
                try {
                    // In slices, so a connection lost meanwhile (which notifies no page) ends the wait soon.
                    lock.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BrowserException("interrupted while waiting for " + what);
                }
            }
        }
        // Outside the lock: asking the page for its URL needs the socket's reader, which takes the lock.
        if (failure == null) failure = what + " did not load within " + Cdp.human(timeout) + " (the page shows " + urlOrUnknown() + ")";
        throw new BrowserException(failure);
    }

    // ---- talking to the page ----

    private JsonNode call(String method, Map<String, ?> params) {
        if (closed) throw new BrowserException("cannot " + method + ": the page was closed");
        return cdp.call(sessionId, method, params, timeout);
    }

    /**
     * Calls the JavaScript function {@code fn} with {@code args} (passed as JSON) in the page, with
     * two helpers in scope: {@code first(sel)}, the first match or an error naming the selector, and
     * {@code describe(el)}, an element as a message names it. An Error the function throws becomes a
     * BrowserException with its message.
     */
    private JsonNode script(String fn, Object... args) {
        StringBuilder js = new StringBuilder("""
                (() => {
                  const describe = el => el ? '<' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                      + (el.getAttribute('name') ? ' name=' + el.getAttribute('name') : '') + '>' : 'nothing';
                  const first = sel => {
                    const el = document.querySelector(sel);
                    if (!el) throw new Error(`no element matches '${sel}'`);
                    return el;
                  };
                  return (""").append(fn).append(")(");
        for (int i = 0; i < args.length; i++) {
            if (i > 0) js.append(", ");
            js.append(Cdp.JSON.writeValueAsString(args[i]));
        }
        js.append(");\n})()");
        JsonNode answer = call("Runtime.evaluate", Map.of("expression", js.toString(), "returnByValue", true, "awaitPromise", true));
        JsonNode exception = answer.get("exceptionDetails");
        if (exception != null) {
            String message = describe(exception);
            if (message.startsWith("Error: ")) message = message.substring("Error: ".length());
            throw new BrowserException(message + " (on " + urlOrUnknown() + ")");
        }
        JsonNode value = answer.path("result").get("value");
        return value == null ? NullNode.getInstance() : value;
    }

    /** An exception the page reported, as one line: "TypeError: x is undefined". */
    private static String describe(JsonNode exceptionDetails) {
        String description = exceptionDetails.path("exception").path("description").asString("");
        if (description.isEmpty()) description = exceptionDetails.path("text").asString("an error");
        return description.lines().findFirst().orElse(description);
    }

    /** The page's URL for a message; never throws, as it is called while reporting another failure. */
    private String urlOrUnknown() {
        try {
            JsonNode answer = cdp.call(sessionId, "Runtime.evaluate", Map.of("expression", "location.href", "returnByValue", true),
                    Duration.ofSeconds(2));
            return answer.path("result").path("value").asString("an unknown URL");
        } catch (RuntimeException e) {
            return "an unknown URL";
        }
    }
}
