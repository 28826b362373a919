package dev.duet.template.pebble.internal;

import io.pebbletemplates.pebble.cache.PebbleCache;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Pebble's template cache for dev mode: a template is compiled again when its file has changed
 * (time or size), or when another file now answers its name (one added to a directory read first).
 * Pebble asks this cache for a layout or an include each time a page uses it, so an edited
 * layout shows on the next render of every page that extends it. The check costs a few file
 * lookups per template per render: fine in dev, which is why production uses Pebble's plain cache.
 */
public final class FreshCache implements PebbleCache<Object, PebbleTemplate> {
    private record Entry(PebbleTemplate template, Object stamp) {
    }

    private final Sources sources;
    private final ConcurrentHashMap<Object, Entry> entries = new ConcurrentHashMap<>();

    /** A cache checking templates against {@code sources}. */
    public FreshCache(Sources sources) {
        this.sources = sources;
    }

    @Override
    public PebbleTemplate computeIfAbsent(Object key, Function<? super Object, ? extends PebbleTemplate> compile) {
        // The stamp is taken before compiling: an edit made while compiling is seen next time.
        Object stamp = sources.stamp((String) key);
        Entry e = entries.get(key);
        if (e != null && e.stamp().equals(stamp)) return e.template();
        PebbleTemplate compiled = compile.apply(key);
        entries.put(key, new Entry(compiled, stamp));
        return compiled;
    }

    @Override
    public void invalidateAll() {
        entries.clear();
    }
}
