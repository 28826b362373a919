import dev.duet.App;
import dev.duet.Config;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Bytes allocated per request through the whole pipeline, in-process (the test client), for the
 * chains bench/run measures: an async route, a blocking one, each behind one async middleware. Unlike
 * throughput on a shared machine, allocation hardly moves with CPU noise, so two builds compare well.
 * The figure includes the test client's own work, the same in both builds of a comparison.
 */
public class Alloc {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        App app = App.create(Config.builder().requestTimeout(Duration.ZERO).build());
        app.useAsync((req, next) -> next.proceed());
        app.getAsync("/async", req -> CompletableFuture.completedFuture("hello"));
        app.get("/blocking", req -> "hello");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (TestClient client = TestClient.of(app)) {
            for (String path : new String[] {"/async", "/blocking"}) {
                for (int i = 0; i < n / 5; i++) client.send(TestRequest.get(path)); // warm up
                long before = threads.getTotalThreadAllocatedBytes();
                for (int i = 0; i < n; i++) client.send(TestRequest.get(path));
                long after = threads.getTotalThreadAllocatedBytes();
                System.out.printf("%-10s %6d bytes/request%n", path, (after - before) / n);
            }
        }
        System.exit(0);
    }
}
