package dev.duet.db.internal;

import dev.duet.db.DbConfig;

import java.util.ServiceLoader;

/** Finds the {@link LoopClient} for a database: the first provider that serves its kind, if any. */
final class LoopClients {
    private LoopClients() {
    }

    static LoopClient open(DbConfig config, DbUrl url, int poolSize, String name) {
        if (url.kind() == DbUrl.Kind.SQLITE) return null; // in process: no I/O for a loop to wait on
        LoopClient.LoopSettings settings = new LoopClient.LoopSettings(
                config.loopPoolSize() > 0 ? config.loopPoolSize() : poolSize, config.maxQueuedAsync(),
                config.connectionTimeout(), config.properties(), name);
        for (LoopClient.Provider p : ServiceLoader.load(LoopClient.Provider.class, LoopClient.class.getClassLoader())) {
            LoopClient c = p.open(url, settings);
            if (c != null) return c;
        }
        return null;
    }
}
