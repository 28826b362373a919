package dev.duet.cli.internal;

import dev.duet.cli.Application;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What the commands that build the app from its settings share ({@code serve}, {@code routes},
 * {@code config}): the {@code --profile} and {@code --set} options, and loading the settings with
 * the command's flags on top. Declared in code on picocli's model, not by annotations.
 */
public abstract class AppCommand implements Callable<Integer> {
    protected final Application application;
    protected final Inputs inputs;
    protected final CommandSpec spec;
    private final String defaultProfile;
    private final OptionSpec profile;
    private final OptionSpec set;

    /** A command named {@code name} whose profile is {@code defaultProfile} unless one is chosen. */
    protected AppCommand(Application application, Inputs inputs, String name, String defaultProfile, String description) {
        this.application = application;
        this.inputs = inputs;
        this.defaultProfile = defaultProfile;
        this.spec = CommandSpec.wrapWithoutInspection(this).name(name).mixinStandardHelpOptions(true);
        spec.usageMessage().description(description);
        profile = option("--profile", String.class, "NAME", "The settings profile: dev, test, prod or one with a "
                + "duet-NAME.properties (default: DUET_PROFILE, else " + defaultProfile + ").");
        set = OptionSpec.builder("--set").type(List.class).auxiliaryTypes(String.class).paramLabel("KEY=VALUE")
                .description("Sets a Duet knob, a database setting or an app key (app.NAME); repeatable; wins over every other source.")
                .build();
        spec.addOption(set);
    }

    /** The command's model, to add to the command line. */
    public final CommandSpec spec() {
        return spec;
    }

    /** Adds an option taking one value of {@code type}. */
    protected final OptionSpec option(String name, Class<?> type, String label, String description) {
        OptionSpec o = OptionSpec.builder(name).type(type).paramLabel(label).description(description).build();
        spec.addOption(o);
        return o;
    }

    /** Adds a flag (an option without a value). */
    protected final OptionSpec flag(String name, String description) {
        OptionSpec o = OptionSpec.builder(name).type(boolean.class).arity("0").description(description).build();
        spec.addOption(o);
        return o;
    }

    /** The settings of this run: every source, then {@code extraFlags} (the command's own flags), then {@code --set}. */
    protected final LayeredSettings loadSettings(List<Setting> extraFlags) {
        List<Setting> flags = new ArrayList<>(extraFlags);
        List<String> sets = set.getValue();
        if (sets != null) {
            for (String s : sets) {
                int eq = s.indexOf('=');
                if (eq <= 0) throw new BadSettings("--set expects KEY=VALUE, got '" + s + "'");
                flags.add(new Setting(s.substring(0, eq).strip(), s.substring(eq + 1).strip(), "--set " + s.substring(0, eq).strip()));
            }
        }
        return SettingsLoader.load(inputs, application.getClass(), defaultProfile, profile.getValue(), flags);
    }

    /** Where the command writes its output (the command line's, so tests can capture it). */
    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where the command writes what went wrong. */
    protected final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
