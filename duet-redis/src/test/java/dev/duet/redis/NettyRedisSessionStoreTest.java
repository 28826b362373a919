package dev.duet.redis;

import dev.duet.conformance.Harness;
import dev.duet.conformance.HttpHarness;
import dev.duet.netty.NettyCore;

/**
 * The Redis store's tests over HTTP on Netty: the store's stages complete on Lettuce's threads,
 * and the response they release must still reach the client whole.
 */
class NettyRedisSessionStoreTest extends RedisSessionStoreTest {
    @Override
    Harness harness() {
        return new HttpHarness(new NettyCore());
    }
}
