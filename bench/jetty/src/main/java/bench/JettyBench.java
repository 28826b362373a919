package bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Raw Jetty 12, the ceiling of Duet's Servlet core: the same Jetty and the same threads as
 * {@code duet-servlet}'s JettyServer (a QueuedThreadPool(16, 4), one acceptor, Jetty's default
 * selectors), and either a plain core {@link Handler} or a plain {@link HttpServlet} answering
 * {@code /plaintext}, {@code /json} (Jackson, per request) and {@code /slow?ms=} (a blocking sleep).
 *
 * <p>System properties: {@code bench.mode=handler|servlet} (default handler), {@code bench.threads=vt|platform}
 * (vt, the default: requests on virtual threads as in Duet's JettyServer; platform: Jetty's own pool,
 * reserved threads and all), {@code bench.backlog=N} (the accept queue; default 1024, as in JettyServer).
 */
public final class JettyBench {
    static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    static final HttpField SERVER = new PreEncodedHttpField(HttpHeader.SERVER, "Jetty");
    static final HttpField TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain");
    static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    public record Message(String message) {
    }

    private JettyBench() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String mode = System.getProperty("bench.mode", "handler");
        boolean virtual = !"platform".equals(System.getProperty("bench.threads", "vt"));
        int backlog = Integer.getInteger("bench.backlog", 1024);

        QueuedThreadPool pool = new QueuedThreadPool(16, 4);
        pool.setName("jetty");
        if (virtual) pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jetty-vt-", 0).factory()));
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http));
        connector.setPort(port);
        connector.setAcceptQueueSize(backlog);
        connector.setReuseAddress(true);
        server.addConnector(connector);
        if ("servlet".equals(mode)) {
            ServletContextHandler context = new ServletContextHandler("/");
            context.addServlet(new ServletHolder("bench", new BenchServlet()), "/*");
            server.setHandler(context);
        } else {
            server.setHandler(new BenchHandler());
        }
        server.start();
        System.out.println("jetty-bench " + mode + " threads=" + (virtual ? "vt" : "platform") + " backlog=" + backlog + " on " + port);
        server.join();
    }

    static long ms(String value) {
        try {
            return value == null ? 100 : Math.max(0, Math.min(10_000, Long.parseLong(value)));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** A core handler: no servlet layer at all. */
    static final class BenchHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            switch (Request.getPathInContext(request)) {
                case "/plaintext" -> write(response, callback, TEXT, HELLO);
                case "/json" -> write(response, callback, JSON, MAPPER.writeValueAsBytes(new Message("Hello, World!")));
                case "/slow" -> {
                    Fields q = Request.extractQueryParameters(request);
                    Thread.sleep(ms(q.getValue("ms")));
                    write(response, callback, TEXT, HELLO);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static void write(Response response, Callback callback, HttpField type, byte[] body) {
            var h = response.getHeaders();
            h.put(type);
            h.put(SERVER);
            h.put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    /** A plain servlet: Jetty's servlet layer, nothing of Duet's. */
    static final class BenchServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            switch (req.getPathInfo() == null ? req.getServletPath() : req.getPathInfo()) {
                case "/plaintext" -> write(resp, "text/plain", HELLO);
                case "/json" -> write(resp, "application/json", MAPPER.writeValueAsBytes(new Message("Hello, World!")));
                case "/slow" -> {
                    try {
                        TimeUnit.MILLISECONDS.sleep(ms(req.getParameter("ms")));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    write(resp, "text/plain", HELLO);
                }
                default -> resp.sendError(404);
            }
        }

        private static void write(HttpServletResponse resp, String type, byte[] body) throws IOException {
            resp.setContentType(type);
            resp.setHeader("Server", "Jetty");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
