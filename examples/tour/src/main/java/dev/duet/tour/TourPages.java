package dev.duet.tour;

import dev.duet.HttpMethod;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.Route;

import java.util.LinkedHashMap;
import java.util.Map;

/** The tour's HTML pages: its index and its 404 page. Plain strings; the templates of a real site come later. */
final class TourPages {
    private TourPages() {
    }

    /** The index: every stop of the tour, its kind as registered, and how to try it. */
    static Response index(Request req, String dialect) {
        String host = req.header("Host") != null ? req.header("Host") : "localhost:8000";
        Map<String, Route> routes = new LinkedHashMap<>();
        for (Route r : req.app().routes()) routes.put(r.method() + " " + r.pattern(), r);
        StringBuilder rows = new StringBuilder();
        for (Tour.Stop s : Tour.STOPS) {
            Route r = routes.get(s.method() + " " + s.pattern());
            String kind = r == null ? "?" : r.isAsync() ? "async" : "blocking";
            String tryIt;
            if (s.method() == HttpMethod.GET) {
                tryIt = "<a href=\"" + escape(s.example()) + "\">" + escape(s.example()) + "</a>";
            } else {
                String curl = "curl -X " + s.method() + " http://" + host + s.example()
                        + (s.jsonBody() == null ? "" : " -H 'Content-Type: application/json' -d '" + s.jsonBody() + "'");
                tryIt = "<code>" + escape(curl) + "</code>";
            }
            rows.append("<tr><td><code>").append(s.method()).append(' ').append(escape(s.pattern())).append("</code></td>")
                    .append("<td class=\"").append(kind).append("\">").append(kind).append("</td>")
                    .append("<td>").append(tryIt).append("</td>")
                    .append("<td>").append(escape(s.about())).append("</td></tr>\n");
        }
        return Response.html(PAGE_HEAD + """
                <h1>The Duet tour</h1>
                <p>Every scenario of Duet's seed documents as one route. Each is blocking or async, and
                Duet knew which when the route was registered, before it ever ran.</p>
                <table>
                <tr><th>route</th><th>kind</th><th>try it</th><th>what it shows</th></tr>
                """ + rows + """
                </table>
                <p>The user routes keep their rows in a <b>%s</b> database. <code>DATABASE_URL</code> picks
                it (<code>sqlite:app.db</code>, <code>postgresql://user:pass@host/db</code>, <code>mysql://…</code>);
                without it they use the SQLite file <code>duet-tour.db</code> in the working directory, so they
                survive a restart.</p>
                <p>Bocadillo's test: open <a href="/work/7">/work/7</a> in two tabs, then
                <a href="/check">/check</a> in a third. <code>/check</code> answers at once while the
                CPU pool sorts. Every response carries <code>X-Response-Time</code> and
                <code>X-Request-Id</code>.</p>
                </body></html>
                """.formatted(dialect));
    }

    /** The page of a URL that is not on the tour. */
    static String notFound(String message) {
        return PAGE_HEAD + "<h1>Not on the tour</h1>\n<p>" + escape(message)
                + "</p>\n<p>The tour's routes are listed at <a href=\"/\">/</a>.</p>\n</body></html>\n";
    }

    private static final String PAGE_HEAD = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Duet tour</title>
            <style>
            body{font:16px/1.5 system-ui,sans-serif;margin:2em auto;max-width:64em;padding:0 1em;color:#222}
            table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.4em .6em;text-align:left;vertical-align:top}
            code{font-size:14px}.async{color:#2a6}.blocking{color:#26a}
            </style></head><body>
            """;

    /** Escapes text for HTML content and attribute values. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
