package dev.duet.netty;

import dev.duet.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Which transport the core picks. */
class TransportTest {

    /** Runs only where a native epoll library of the right version is on the class path. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void usesNativeEpollWhenItsLibraryIsPresent() throws Exception {
        assumeTrue(NettyServer.epollUsable(), "no usable native epoll library on the class path");
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
