package dev.duet.servlet;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.spi.Server;
import dev.duet.spi.ServerCore;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A test-only core: the same {@link DuetServlet} in an embedded Tomcat 11, on Tomcat's own
 * (platform) request threads, to show Duet needs nothing of a container beyond Servlet 6. Only
 * what a deployer would set in {@code server.xml} is set here: the address and port, the header
 * limit, the keep-alive timeout, and {@code encodedSolidusHandling="passthrough"} so that an
 * encoded slash reaches the app's router as Netty passes it.
 */
final class TomcatCore implements ServerCore {
    private final DuetServlet.Threading threading;
    private final boolean virtualRequestThreads;

    TomcatCore() {
        this(DuetServlet.DEFAULT_THREADING);
    }

    TomcatCore(DuetServlet.Threading threading) {
        this(threading, false);
    }

    /** {@code virtualRequestThreads}: the connector's {@code useVirtualThreads="true"}, as docs/deployment.md suggests. */
    TomcatCore(DuetServlet.Threading threading, boolean virtualRequestThreads) {
        this.threading = threading;
        this.virtualRequestThreads = virtualRequestThreads;
    }

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public Server start(App app) throws Exception {
        Config c = app.config();
        Path base = Files.createTempDirectory("duet-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(c.port());
        connector.setProperty("address", c.host());
        connector.setProperty("maxHttpHeaderSize", Integer.toString(c.maxHeaderSize() + c.maxUriLength()));
        connector.setProperty("keepAliveTimeout", Long.toString(c.idleTimeout().toMillis()));
        connector.setEncodedSolidusHandling("passthrough");
        if (virtualRequestThreads) connector.setProperty("useVirtualThreads", "true");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);

        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new org.apache.tomcat.websocket.server.WsSci(), null);
        Tomcat.addServlet(context, "duet", new DuetServlet(app, threading)).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "duet");
        tomcat.start();
        return new Server() {
            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void stop(Duration grace) {
                app.awaitIdle(grace);
                try {
                    tomcat.stop();
                    tomcat.destroy();
                } catch (LifecycleException e) {
                    throw new IllegalStateException(e);
                } finally {
                    delete(base);
                }
            }
        };
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
