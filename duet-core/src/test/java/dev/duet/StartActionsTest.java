package dev.duet;

import dev.duet.test.TestClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link App#onStart} actions run once, in order, when the app serves: by {@link App#start}, or by
 * whoever serves it without that (a WAR's listener) through {@link Lifecycle#runStartActions}; the
 * test client runs none.
 */
class StartActionsTest {
    @Test
    void theTestClientRunsNoStartActionAndRunStartActionsRunsThemOnceInOrder() {
        List<String> ran = new CopyOnWriteArrayList<>();
        App app = App.create(Config.defaults());
        app.onStart(() -> ran.add("first"));
        app.onStart(() -> ran.add("second"));
        app.get("/", req -> "ok");
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.get("/").text()).isEqualTo("ok");
            assertThat(ran).isEmpty();
            assertThat(app.lifecycle().started()).isFalse();

            app.lifecycle().runStartActions();
            app.lifecycle().runStartActions();
            assertThat(ran).containsExactly("first", "second");
            assertThat(app.lifecycle().started()).isTrue();
        } finally {
            app.stop();
        }
    }

    @Test
    void appStartRunsThemAndALaterCallDoesNot() {
        List<String> ran = new CopyOnWriteArrayList<>();
        App app = App.create(Config.builder().host("127.0.0.1").port(0).build());
        app.onStart(() -> ran.add("started"));
        app.start(new dev.duet.conformance.JdkHttpServerCore());
        try {
            assertThat(ran).containsExactly("started");
            app.lifecycle().runStartActions();
            assertThat(ran).containsExactly("started");
        } finally {
            app.stop();
        }
    }

    @Test
    void noStartActionRunsOnceAStopHasBegun() {
        List<String> ran = new CopyOnWriteArrayList<>();
        App app = App.create(Config.defaults());
        app.onStart(() -> ran.add("started"));
        app.freeze();
        app.stop();
        app.lifecycle().runStartActions();
        assertThat(ran).isEmpty();
        assertThat(app.lifecycle().started()).isFalse();
    }

    @Test
    void anActionThatThrowsStopsTheRestAndReachesTheCaller() {
        List<String> ran = new CopyOnWriteArrayList<>();
        App app = App.create(Config.defaults());
        app.onStart(() -> {
            throw new IllegalStateException("no database");
        });
        app.onStart(() -> ran.add("after"));
        app.freeze();
        try {
            assertThatThrownBy(() -> app.lifecycle().runStartActions())
                    .isInstanceOf(IllegalStateException.class).hasMessage("no database");
            assertThat(ran).isEmpty();
        } finally {
            app.stop();
        }
    }
}
