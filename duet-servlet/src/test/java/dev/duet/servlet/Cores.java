package dev.duet.servlet;

import dev.duet.conformance.Harness;
import dev.duet.conformance.HttpHarness;

import static dev.duet.conformance.Harness.Capability.ABSOLUTE_FORM_AUTHORITY_WINS;
import static dev.duet.conformance.Harness.Capability.ANSWERS_PIPELINED_REQUESTS_WHILE_DRAINING;
import static dev.duet.conformance.Harness.Capability.WS_CUTS_CONNECTIONS;
import static dev.duet.conformance.Harness.Capability.WS_PAUSES_READING_FOR_FREE;
import static dev.duet.conformance.Harness.Capability.BODY_LIMIT_BEFORE_100_CONTINUE;
import static dev.duet.conformance.Harness.Capability.CONCURRENT_PIPELINING;
import static dev.duet.conformance.Harness.Capability.CONNECTION_LIMITS;
import static dev.duet.conformance.Harness.Capability.CONTENT_TYPE_AS_WRITTEN;
import static dev.duet.conformance.Harness.Capability.GRACEFUL_STOP;
import static dev.duet.conformance.Harness.Capability.DUET_ANSWERS_MALFORMED_REQUESTS;
import static dev.duet.conformance.Harness.Capability.HEAD_FRAMING_AS_GET;
import static dev.duet.conformance.Harness.Capability.HTTP_1_0_IN_KIND;
import static dev.duet.conformance.Harness.Capability.MARKS_A_FAILED_STREAM_INCOMPLETE;
import static dev.duet.conformance.Harness.Capability.NOTICES_DISCONNECTS;
import static dev.duet.conformance.Harness.Capability.READ_TIMEOUT;
import static dev.duet.conformance.Harness.Capability.REASON_PHRASES;
import static dev.duet.conformance.Harness.Capability.REFUSES_OBS_FOLD;
import static dev.duet.conformance.Harness.Capability.URI_LIMIT_BEFORE_THE_LINE_ENDS;

/**
 * The harnesses the conformance suites run this module's cores on, each with the ways its core
 * differs from the reference (Netty), as docs/deployment.md lists them ("What differs between
 * cores"): the suites skip what needs a capability a core lacks, with the reason given here.
 */
public final class Cores {
    private Cores() {
    }

    private static final String HOLDS_A_THREAD = "Jakarta WebSocket can pause a connection's reading only by holding the"
            + " container thread that delivered its frame, so the pause ends at wsSlowClientTimeout with a 1008";

    /**
     * Embedded Jetty, as it runs by default ({@link DuetServlet.Threading#CONTAINER}): blocking
     * links inline on Jetty's (virtual) request threads, async links suspending the request.
     */
    public static Harness jetty() {
        return jettysDifferences(new HttpHarness(new JettyCore(DuetServlet.Threading.CONTAINER), Harness.Threading.CONTAINER));
    }

    /** Embedded Jetty with {@link DuetServlet.Threading#VIRTUAL}: blocking links hop to Duet's own virtual threads. */
    public static Harness jettyVirtual() {
        return jettysDifferences(new HttpHarness(new JettyCore(DuetServlet.Threading.VIRTUAL), Harness.Threading.CONTAINER));
    }

    private static Harness jettysDifferences(HttpHarness jetty) {
        return jetty
                .lacking(URI_LIMIT_BEFORE_THE_LINE_ENDS, "Jetty waits for the line to end, or for its header cap"
                        + " (maxHeaderSize + maxUriLength) or the idle timeout")
                .lacking(CONCURRENT_PIPELINING, "Jetty handles pipelined requests one after another")
                .lacking(HTTP_1_0_IN_KIND, "Jetty answers with the highest version it speaks, HTTP/1.1, and leaves"
                        + " the close of an HTTP/1.0 connection implied (no Connection: close)")
                .lacking(ANSWERS_PIPELINED_REQUESTS_WHILE_DRAINING, "the in-flight response says Connection: close and"
                        + " the connection closes after it")
                .lacking(WS_PAUSES_READING_FOR_FREE, HOLDS_A_THREAD);
    }

    /**
     * The same servlet in embedded Tomcat 11, on Tomcat's platform threads: what a WAR gets, where
     * the connection is the container's and the Servlet API is all Duet has.
     */
    public static Harness tomcat() {
        return tomcatsDifferences(new HttpHarness(new TomcatCore(), Harness.Threading.CONTAINER));
    }

    /**
     * Tomcat with virtual request threads ({@code useVirtualThreads="true"} on its connector), for
     * the suites where platform threads are the whole story: a request reading a slow body holds
     * its thread, and on Tomcat's 200 platform threads 200 slow clients hold them all.
     */
    public static Harness tomcatVirtualThreads() {
        return tomcatsDifferences(new HttpHarness(new TomcatCore(DuetServlet.DEFAULT_THREADING, true), Harness.Threading.CONTAINER));
    }

    private static Harness tomcatsDifferences(HttpHarness tomcat) {
        return tomcat
                .lacking(READ_TIMEOUT, "the container's (Tomcat's connectionTimeout), not mapped by TomcatCore")
                .lacking(CONNECTION_LIMITS, "the container's: TomcatCore maps maxHeaderSize + maxUriLength onto Tomcat's one"
                        + " maxHttpHeaderSize (its own 400 beyond it) and idleTimeout onto keepAliveTimeout, which a"
                        + " connection that never sends a request does not reach")
                .lacking(URI_LIMIT_BEFORE_THE_LINE_ENDS, "the container's")
                .lacking(ABSOLUTE_FORM_AUTHORITY_WINS, "Tomcat refuses (400) an absolute-form target whose authority"
                        + " differs from Host, where RFC 9112 §3.2.2 says the authority wins")
                .lacking(REFUSES_OBS_FOLD, "Tomcat unfolds a folded header into one line, as RFC 9112 §5.2 allows;"
                        + " no Tomcat setting refuses it")
                .lacking(DUET_ANSWERS_MALFORMED_REQUESTS, "Tomcat refuses malformed requests, request targets and"
                        + " expectations, and answers a body cut short, itself, with its own HTML error page")
                .lacking(BODY_LIMIT_BEFORE_100_CONTINUE, "Tomcat sends 100 Continue before the servlet runs"
                        + " (continueResponseTiming=immediately), so the 413 follows it")
                .lacking(CONCURRENT_PIPELINING, "Tomcat handles pipelined requests one after another")
                .lacking(HTTP_1_0_IN_KIND, "Tomcat answers with HTTP/1.1")
                .lacking(REASON_PHRASES, "Tomcat writes no reason phrase (HTTP/1.1 200 ), as RFC 9112 allows")
                .lacking(CONTENT_TYPE_AS_WRITTEN, "Tomcat re-renders text/plain; charset=utf-8 as text/plain;charset=utf-8,"
                        + " the same media type (RFC 9110 §5.6.6); no Servlet API call keeps the app's spelling")
                .lacking(HEAD_FRAMING_AS_GET, "Tomcat leaves Transfer-Encoding out of a HEAD answer, as RFC 9110 §9.3.2 allows")
                .lacking(MARKS_A_FAILED_STREAM_INCOMPLETE, "on platform request threads the body is written after suspending"
                        + " the request, and the Servlet API can only complete it: it ends early but looks complete")
                .lacking(WS_PAUSES_READING_FOR_FREE, HOLDS_A_THREAD)
                .lacking(WS_CUTS_CONNECTIONS, "Jakarta WebSocket has no abort and Tomcat's session offers none without"
                        + " reflection: a given-up socket is closed politely (a close frame after what is queued)")
                .lacking(NOTICES_DISCONNECTS, "the Servlet API gives no way to notice it while the request is handled:"
                        + " the work runs to its end or its deadline")
                .lacking(GRACEFUL_STOP, "the container's: TomcatCore waits shutdownGrace for in-flight requests, then stops"
                        + " Tomcat, which waits up to its own unloadDelay (2 s) more for requests still running; their"
                        + " responses do not say Connection: close")
                .lacking(ANSWERS_PIPELINED_REQUESTS_WHILE_DRAINING, "the container's");
    }
}
