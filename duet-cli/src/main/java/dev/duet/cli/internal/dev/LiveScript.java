package dev.duet.cli.internal.dev;

/** The script {@code duet run} adds to each HTML page: reloads it, or shows the compile error over it. */
final class LiveScript {
    private LiveScript() {
    }

    // Styles are set through the DOM, which a Content-Security-Policy without 'unsafe-inline' allows.
    static final String SOURCE = """
            (() => {
              // The generation that made this page: one that is no longer the one serving reloads it on connect.
              let generation = document.currentScript ? document.currentScript.dataset.generation || null : null;
              let overlay = null;
              const events = new EventSource("/__duet/live");
              events.addEventListener("generation", e => {
                if (generation !== null && generation !== e.data) location.reload();
                generation = e.data;
              });
              events.addEventListener("reload", () => location.reload());
              events.addEventListener("compile-error", e => {
                if (overlay === null) {
                  overlay = document.createElement("pre");
                  overlay.id = "duet-compile-error";
                  Object.assign(overlay.style, {position: "fixed", inset: "0", margin: "0", padding: "1.5em",
                    overflow: "auto", zIndex: "2147483647", background: "rgba(20,20,20,.95)", color: "#ff8a80",
                    font: "14px/1.4 monospace", whiteSpace: "pre-wrap"});
                  document.body.appendChild(overlay);
                }
                overlay.textContent = "duet run: the code does not compile; the page is from the last code that did.\\n\\n" + e.data;
              });
            })();
            """;
}
