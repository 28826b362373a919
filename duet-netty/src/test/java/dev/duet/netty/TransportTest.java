package dev.duet.netty;

import dev.duet.App;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Which transport the core picks. */
class TransportTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void usesNativeEpollOnLinux() throws Exception {
        assertThat(Epoll.isAvailable()).as("epoll unavailable: %s", Epoll.unavailabilityCause()).isTrue();
        NettyServer server = (NettyServer) new NettyCore().start(App.create(ServerTest.config().build()));
        try {
            assertThat(server.transport()).isEqualTo("epoll");
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void nioWhenNativeIsTurnedOff() throws Exception {
        NettyServer server = (NettyServer) new NettyCore(false).start(App.create(ServerTest.config().build()));
        try {
            assertThat(server.transport()).isEqualTo("nio");
            assertThat(server.port()).isPositive();
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }
}
