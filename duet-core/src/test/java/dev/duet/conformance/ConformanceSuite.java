package dev.duet.conformance;

import dev.duet.App;
import dev.duet.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every conformance suite shares: the harness it runs on, apps configured so any harness can
 * serve them, and clean-up after each test. A test builds an {@link App}, registers routes, then
 * {@link #serve}s it and talks to it through the returned client.
 */
@Timeout(60)
public abstract class ConformanceSuite {
    protected final Harness harness;
    private final List<Harness.Client> clients = new ArrayList<>();

    protected ConformanceSuite(Harness harness) {
        this.harness = harness;
    }

    /** A config any harness can serve: loopback, an ephemeral port. */
    protected static Config.Builder config() {
        return Config.builder().host("127.0.0.1").port(0);
    }

    protected static App newApp() {
        return App.create(config().build());
    }

    /** An app whose config is {@link #config()} tuned by {@code tune}. */
    protected static App newApp(UnaryOperator<Config.Builder> tune) {
        return App.create(tune.apply(config()).build());
    }

    /** Starts {@code app} on this suite's harness; stopped after the test. */
    protected Harness.Client serve(App app) {
        Harness.Client client = harness.start(app);
        clients.add(client);
        return client;
    }

    /** Skips the calling test unless requests are dispatched from an event loop. */
    protected void assumeEventLoop() {
        assumeTrue(harness.threading() == Harness.Threading.EVENT_LOOP,
                "needs a core that dispatches from an event loop; " + harness.name() + " does not");
    }

    /** Skips the calling test unless requests go over a real socket. */
    protected void assumeOverHttp() {
        assumeTrue(harness.overHttp(), "a wire-level property; " + harness.name() + " has no wire");
    }

    /**
     * Skips the calling test unless the core has {@code capability}; the skip says why it lacks
     * it (see {@link Harness.Capability}).
     */
    protected void assumeCapable(Harness.Capability capability) {
        String why = harness.lacks(capability);
        assumeTrue(why == null, () -> "needs a core that " + capability.what() + "; " + harness.name()
                + " does not: " + why + " (docs/deployment.md, what differs between cores)");
    }

    /**
     * Skips the calling test unless the core lacks {@code capability}: for what such a core must
     * still do instead.
     */
    protected void assumeLacking(Harness.Capability capability) {
        assumeTrue(harness.lacks(capability) != null, () -> "what a core does that does not "
                + capability.what() + "; " + harness.name() + " does (checked by the tests that need it)");
    }

    @AfterEach
    void closeClients() {
        RuntimeException first = null;
        for (Harness.Client c : clients.reversed()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        clients.clear();
        if (first != null) throw first;
    }

    /**
     * {@code written} (e.g. {@code text/plain; charset=utf-8}) as this core sends it: as written, or
     * without the space before a parameter on a core that lacks
     * {@link Harness.Capability#CONTENT_TYPE_AS_WRITTEN} (the same media type, RFC 9110 §5.6.6).
     */
    protected String contentType(String written) {
        return harness.lacks(Harness.Capability.CONTENT_TYPE_AS_WRITTEN) == null ? written : written.replace("; ", ";");
    }
}
