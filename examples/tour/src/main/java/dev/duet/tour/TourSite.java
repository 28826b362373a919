package dev.duet.tour;

import dev.duet.HttpMethod;
import dev.duet.Request;
import dev.duet.Route;
import dev.duet.db.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tour's page classes need from the rest of the app: the users table and the list of
 * stops. The app hands it to each page's constructor when it registers the pages, so a page reaches
 * the database without any global state.
 */
public final class TourSite {
    private final Table<Tour.User> users;
    private final String database;

    TourSite(Table<Tour.User> users, String database) {
        this.users = users;
        this.database = database;
    }

    /** The users, kept in the tour's database. */
    public Table<Tour.User> users() {
        return users;
    }

    /** The database the users live in: sqlite, postgresql or mariadb. */
    public String database() {
        return database;
    }

    /**
     * Every stop of the tour as the home page lists it: the route, its kind as registered (read from
     * the app, so the page cannot claim a kind the route does not have), and how to try it.
     */
    public List<Map<String, Object>> stops(Request req) {
        String host = req.header("Host") != null ? req.header("Host") : "localhost:8000";
        Map<String, Route> routes = new LinkedHashMap<>();
        for (Route r : req.app().routes()) routes.put(r.method() + " " + r.pattern(), r);
        List<Map<String, Object>> out = new ArrayList<>(Tour.STOPS.size());
        for (Tour.Stop s : Tour.STOPS) {
            Route r = routes.get(s.method() + " " + s.pattern());
            Map<String, Object> stop = new LinkedHashMap<>();
            stop.put("method", s.method().name());
            stop.put("pattern", s.pattern());
            stop.put("kind", r == null ? "?" : r.isAsync() ? "async" : "blocking");
            stop.put("link", s.method() == HttpMethod.GET);
            stop.put("example", s.example());
            stop.put("curl", "curl -X " + s.method() + " http://" + host + s.example()
                    + (s.jsonBody() == null ? "" : " -H 'Content-Type: application/json' -d '" + s.jsonBody() + "'"));
            stop.put("about", s.about());
            out.add(stop);
        }
        return out;
    }
}
