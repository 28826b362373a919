package bench;

import bench.common.Jdbc;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;

/**
 * Spring Boot 4: Spring MVC on embedded Tomcat with {@code spring.threads.virtual.enabled=true}
 * (each request on a virtual thread); JSON through Spring's own message converter (Jackson 3);
 * JDBC + HikariCP (bench/common, the same code as the other JVM peers; Boot's DataSource
 * auto-configuration is not on the class path); /slow sleeps.
 */
@SpringBootApplication
@RestController
public class SpringBench {
    static final MediaType TEXT = MediaType.parseMediaType("text/plain");
    static final MediaType HTML = MediaType.parseMediaType("text/html; charset=utf-8");
    private final Jdbc db = new Jdbc();

    public static void main(String[] args) {
        SpringApplication.run(SpringBench.class, args);
    }

    @GetMapping("/plaintext")
    public ResponseEntity<byte[]> plaintext() {
        return ResponseEntity.ok().contentType(TEXT).body(Jdbc.HELLO);
    }

    @GetMapping("/json")
    public Jdbc.Message json() {
        return new Jdbc.Message("Hello, World!");
    }

    @GetMapping("/db")
    public Jdbc.World db() throws SQLException {
        return db.db();
    }

    @GetMapping("/queries")
    public Jdbc.World[] queries(@RequestParam(name = "queries", required = false) String queries) throws SQLException {
        return db.queries(Jdbc.queries(queries));
    }

    @GetMapping("/updates")
    public Jdbc.World[] updates(@RequestParam(name = "queries", required = false) String queries) throws SQLException {
        return db.updates(Jdbc.queries(queries));
    }

    @GetMapping("/fortunes")
    public ResponseEntity<byte[]> fortunes() throws SQLException {
        return ResponseEntity.ok().contentType(HTML).body(db.fortunesPage());
    }

    @GetMapping("/slow")
    public ResponseEntity<byte[]> slow(@RequestParam(name = "ms", required = false) String ms) throws InterruptedException {
        Thread.sleep(Jdbc.slowMs(ms));
        return ResponseEntity.ok().contentType(TEXT).body(Jdbc.HELLO);
    }
}
