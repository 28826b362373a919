import dev.duet.App;
import dev.duet.HttpError;
import dev.duet.UploadedFile;
import dev.duet.servlet.DuetServlet;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * bench/uploads: one upload route on one core, started with the config from the environment
 * (-Dduet.*), its port written to a file once it serves. {@code POST /upload} answers the file's
 * name, size and SHA-256, read back from the temp file the core wrote.
 *
 * <pre>java UploadBench netty|jetty|tomcat PORT_FILE</pre>
 */
public class UploadBench {
    public static void main(String[] args) throws Exception {
        App app = App.create();
        app.post("/upload", req -> {
            UploadedFile file = req.file("file");
            if (file == null) throw HttpError.badRequest("no file");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = file.inputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
            }
            return Map.of("name", file.fileName(), "size", file.size(), "inMemory", file.inMemory(),
                    "sha256", HexFormat.of().formatHex(sha.digest()));
        });
        int port = switch (args[0]) {
            case "netty" -> app.start(dev.duet.spi.ServerCore.named("netty")).port();
            case "jetty" -> app.start(dev.duet.spi.ServerCore.named("servlet")).port();
            case "tomcat" -> tomcat(app);
            default -> throw new IllegalArgumentException("netty, jetty or tomcat: " + args[0]);
        };
        Files.writeString(Path.of(args[1]), Integer.toString(port));
    }

    /** The app in an embedded Tomcat, as a WAR would run it: DuetServlet at /*, on Tomcat's threads. */
    private static int tomcat(App app) throws Exception {
        Path base = Files.createTempDirectory("duet-bench-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(app.config().port());
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxSwallowSize", "-1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "duet", new DuetServlet(app)).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "duet");
        tomcat.start();
        return connector.getLocalPort();
    }
}
