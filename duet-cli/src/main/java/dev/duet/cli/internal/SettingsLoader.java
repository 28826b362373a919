package dev.duet.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Gathers the settings of a command from every source, lowest first: the app's own
 * {@code duet.properties} and {@code duet-<profile>.properties} on its class path (its defaults),
 * the same two files in the working directory, the environment ({@code DUET_*}, {@code PORT},
 * {@code DATABASE_*}, {@code DUET_APP_*}), {@code -Dduet.*} system properties, and last the
 * command's flags. A later source wins; each value keeps its source for reports and errors.
 * Each file may be TOML or YAML instead ({@code duet.toml}, {@code duet-prod.yaml}); a layer with
 * two is an error. A {@code DUET_} variable Duet does not read is an error too ({@code Keys.isDuetEnv}).
 */
public final class SettingsLoader {
    /** The profiles that need no file of their own; any other must have a {@code duet-<name>} settings file. */
    public static final Set<String> BUILT_IN_PROFILES = Set.of("dev", "test", "prod");

    /** The settings files' extensions: a layer may have one of them. */
    static final List<String> EXTENSIONS = List.of(".properties", ".toml", ".yaml", ".yml");

    private static final Pattern PROFILE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private SettingsLoader() {
    }

    /**
     * The settings for a command run with {@code flags}.
     *
     * @param in             the working directory, environment and system properties
     * @param appClass       the app's class, whose class path may carry its default settings files (null: none)
     * @param defaultProfile the command's profile when neither {@code --profile} nor {@code DUET_PROFILE} names one
     * @param profileFlag    {@code --profile}'s value, or null
     * @param flags          the command's flags as settings, in the order given (the last wins)
     * @throws BadSettings   naming the key and its source, if any value is unknown or bad
     */
    public static LayeredSettings load(Inputs in, Class<?> appClass, String defaultProfile, String profileFlag,
                                       List<Setting> flags) {
        Setting profile = profile(in, defaultProfile, profileFlag);
        String name = profile.value();
        List<Setting> all = new ArrayList<>();
        boolean profileFile = false;
        if (appClass != null) {
            all.addAll(orEmpty(resource(appClass, "duet")));
            List<Setting> p = resource(appClass, "duet-" + name);
            profileFile = p != null;
            all.addAll(orEmpty(p));
        }
        all.addAll(orEmpty(file(in.workDir(), "duet")));
        List<Setting> p = file(in.workDir(), "duet-" + name);
        profileFile |= p != null;
        all.addAll(orEmpty(p));
        if (!profileFile && !BUILT_IN_PROFILES.contains(name)) {
            throw new BadSettings("profile '" + name + "' (" + profile.source() + ") has no settings file: expected duet-"
                    + name + ".properties (or .toml, .yaml, .yml) in " + in.workDir()
                    + " or on the app's class path (only dev, test and prod need none)");
        }
        all.addAll(environment(in.env()));
        all.addAll(properties(in.properties()));
        all.addAll(flags);
        return LayeredSettings.of(profile, all);
    }

    private static List<Setting> orEmpty(List<Setting> settings) {
        return settings == null ? List.of() : settings;
    }

    private static Setting profile(Inputs in, String defaultProfile, String flag) {
        Setting s;
        if (flag != null) s = new Setting("profile", flag, "--profile");
        else if (in.properties().get("duet.profile") != null) s = new Setting("profile", in.properties().get("duet.profile"), "-Dduet.profile");
        else if (in.env().get("DUET_PROFILE") != null) s = new Setting("profile", in.env().get("DUET_PROFILE"), "env DUET_PROFILE");
        else s = new Setting("profile", defaultProfile, "default");
        String v = s.value().strip();
        if (!PROFILE.matcher(v).matches()) {
            throw new BadSettings("bad profile '" + s.value() + "' (" + s.source() + "): lower-case letters, digits, '-' and '_',"
                    + " at most 40, as it names a file duet-<profile>.properties");
        }
        return new Setting("profile", v, s.source());
    }

    /** The settings of the app's resource {@code base}.properties (or .toml, .yaml, .yml), or null if it has none. */
    private static List<Setting> resource(Class<?> appClass, String base) {
        String name = only(EXTENSIONS.stream().map(e -> base + e).filter(n -> appClass.getResource("/" + n) != null).toList(),
                "on the app's class path");
        if (name == null) return null;
        try (InputStream in = appClass.getResourceAsStream("/" + name)) {
            return read("classpath:" + name, in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + name + " from the class path", e);
        }
    }

    /** The settings of {@code dir}'s {@code base}.properties (or .toml, .yaml, .yml), or null if there is none. */
    private static List<Setting> file(Path dir, String base) {
        String name = only(EXTENSIONS.stream().map(e -> base + e).filter(n -> Files.isRegularFile(dir.resolve(n))).toList(),
                "in " + dir);
        if (name == null) return null;
        Path path = dir.resolve(name);
        try (InputStream in = Files.newInputStream(path)) {
            return read(name, in);
        } catch (IOException e) {
            throw new BadSettings("could not read " + path + ": " + e.getMessage(), e);
        }
    }

    // Two files for one layer would need a rule for which wins, which nobody would guess right: refuse.
    private static String only(List<String> found, String where) {
        if (found.size() > 1) {
            throw new BadSettings("both " + String.join(" and ", found) + " " + where
                    + ": one settings file per layer, so keep one (move the other's settings into it)");
        }
        return found.isEmpty() ? null : found.getFirst();
    }

    private static List<Setting> read(String name, InputStream in) throws IOException {
        TreeSettingsFile.Format format = TreeSettingsFile.Format.of(name);
        return format == null ? SettingsFile.read(name, in) : TreeSettingsFile.read(name, format, in);
    }

    private static List<Setting> environment(Map<String, String> env) {
        for (String name : new TreeSet<>(env.keySet())) {
            // A typo'd DUET_PROT=9000 would otherwise leave the port at its default, unseen until it matters.
            if (name.startsWith("DUET_") && !Keys.isDuetEnv(name)) {
                throw new BadSettings("env " + name + ": unknown Duet environment variable" + Keys.envHint(name)
                        + ". Duet reads DUET_<KNOB> (DUET_PORT, DUET_REQUEST_TIMEOUT...), DUET_PROFILE, and the app's own"
                        + " settings as DUET_APP_<KEY>; see docs/cli.md");
            }
        }
        List<Setting> out = new ArrayList<>();
        // PORT first: a platform sets it, and DUET_PORT, set on purpose, wins over it.
        if (env.get("PORT") != null) out.add(new Setting("port", env.get("PORT"), "env PORT"));
        for (String k : Keys.KNOBS) addEnv(out, env, k);
        for (String k : Keys.DATABASE) addEnv(out, env, k);
        new TreeMap<>(env).forEach((name, value) -> {
            if (name.startsWith(Keys.APP_ENV) && name.length() > Keys.APP_ENV.length()) {
                String key = name.substring(Keys.APP_ENV.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                out.add(new Setting(Keys.APP + key, value, "env " + name));
            }
        });
        return out;
    }

    private static void addEnv(List<Setting> out, Map<String, String> env, String key) {
        String name = Keys.envName(key);
        String v = env.get(name);
        if (v != null) out.add(new Setting(key, v, "env " + name));
    }

    private static List<Setting> properties(Map<String, String> props) {
        List<Setting> out = new ArrayList<>();
        for (String k : Keys.KNOBS) addProperty(out, props, k);
        for (String k : Keys.DATABASE) addProperty(out, props, k);
        new TreeMap<>(props).forEach((name, value) -> {
            if (name.startsWith("duet." + Keys.APP) && name.length() > ("duet." + Keys.APP).length()) {
                out.add(new Setting(name.substring("duet.".length()), value, "-D" + name));
            }
        });
        return out;
    }

    private static void addProperty(List<Setting> out, Map<String, String> props, String key) {
        String v = props.get("duet." + key);
        if (v != null) out.add(new Setting(key, v, "-Dduet." + key));
    }
}
