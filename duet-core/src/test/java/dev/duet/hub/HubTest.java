package dev.duet.hub;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory hub: rooms, join and leave, broadcasts, presence, members that are gone. */
class HubTest {
    private final Hub hub = Hub.inMemory();

    @Test
    void aBroadcastReachesEveryMemberOfTheRoomAndNoOneElse() {
        List<String> a = new CopyOnWriteArrayList<>();
        List<String> b = new CopyOnWriteArrayList<>();
        List<String> other = new CopyOnWriteArrayList<>();
        hub.join("lobby", a::add);
        hub.join("lobby", b::add);
        hub.join("kitchen", other::add);

        hub.broadcast("lobby", "hello").toCompletableFuture().join();

        assertThat(a).containsExactly("hello");
        assertThat(b).containsExactly("hello");
        assertThat(other).isEmpty();
    }

    @Test
    void aMemberThatLeftReceivesNothingMore() {
        List<String> got = new CopyOnWriteArrayList<>();
        Membership m = hub.join("lobby", got::add);
        hub.broadcast("lobby", "one");
        assertThat(m.leave()).isTrue();
        assertThat(m.leave()).as("leaving twice").isFalse();
        hub.broadcast("lobby", "two");

        assertThat(got).containsExactly("one");
        assertThat(hub.rooms()).doesNotContain("lobby");
    }

    @Test
    void presenceCountsTheMembersOfARoom() {
        Member x = msg -> true;
        Member y = msg -> true;
        hub.join("lobby", x);
        hub.join("lobby", y);
        hub.join("lobby", y); // twice is once
        assertThat(hub.localCount("lobby")).isEqualTo(2);
        assertThat(hub.presence("lobby").toCompletableFuture().join()).isEqualTo(2L);
        hub.leave("lobby", x);
        assertThat(hub.presence("lobby").toCompletableFuture().join()).isEqualTo(1L);
        assertThat(hub.presence("empty").toCompletableFuture().join()).isZero();
    }

    @Test
    void aMemberThatIsGoneOrFailsIsDroppedAndTheOthersStillReceive() {
        List<String> got = new CopyOnWriteArrayList<>();
        hub.join("lobby", msg -> false);
        hub.join("lobby", msg -> { throw new IllegalStateException("broken member"); });
        hub.join("lobby", got::add);

        hub.broadcast("lobby", "hi");

        assertThat(got).containsExactly("hi");
        assertThat(hub.localCount("lobby")).isEqualTo(1);
    }

    @Test
    void aLargeRoomGetsEachBroadcastOnceAndLeavingInTheMiddleOfOneDisturbsNoOne() {
        int n = 10_000;
        java.util.concurrent.atomic.AtomicIntegerArray got = new java.util.concurrent.atomic.AtomicIntegerArray(n);
        java.util.Set<Integer> leavers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Membership[] members = new Membership[n];
        for (int i = 0; i < n; i++) {
            int id = i;
            members[i] = hub.join("big", msg -> {
                got.incrementAndGet(id);
                // the first member reached takes ten others out while the broadcast is running
                if (msg.equals("one") && leavers.isEmpty()) {
                    for (int k = 1; k <= 10; k++) {
                        int other = (id + k * 997) % n;
                        leavers.add(other);
                        members[other].leave();
                    }
                }
                return true;
            });
        }
        assertThat(hub.localCount("big")).isEqualTo(n);

        hub.broadcast("big", "one");
        hub.broadcast("big", "two");

        assertThat(leavers).hasSize(10);
        assertThat(hub.localCount("big")).isEqualTo(n - 10);
        for (int i = 0; i < n; i++) {
            // one that left during the first broadcast got it or not, as the broadcast had reached it or not
            if (leavers.contains(i)) assertThat(got.get(i)).as("messages leaver %d got", i).isBetween(0, 1);
            else assertThat(got.get(i)).as("messages member %d got", i).isEqualTo(2);
        }
    }

    @Test
    void aClosedHubRefusesJoinsAndBroadcasts() {
        hub.close();
        assertThatThrownBy(() -> hub.join("lobby", msg -> true)).hasMessageContaining("closed");
        assertThatThrownBy(() -> hub.broadcast("lobby", "x")).hasMessageContaining("closed");
    }
}
