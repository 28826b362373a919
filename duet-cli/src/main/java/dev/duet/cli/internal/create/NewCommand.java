package dev.duet.cli.internal.create;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code duet new NAME [--template api|site] [--package P] [--dir PATH]}: writes a new Maven
 * project on Duet. A name or package that cannot work is a usage error (exit 2, with the usage);
 * a folder that is not empty, or a write that fails, exit 1 with the reason.
 */
public final class NewCommand implements Callable<Integer> {
    private final Path workingDir;
    private final ProjectWriter writer;
    private CommandSpec spec;

    private NewCommand(Path workingDir, ProjectWriter writer) {
        this.workingDir = workingDir;
        this.writer = writer;
    }

    /** The {@code new} command, writing relative to the process's working directory. */
    public static CommandLine commandLine() {
        return commandLine(Path.of("").toAbsolutePath());
    }

    /** The {@code new} command, writing relative to {@code workingDir}. */
    public static CommandLine commandLine(Path workingDir) {
        NewCommand command = new NewCommand(workingDir, ProjectWriter.withBuildVersions());
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("new").mixinStandardHelpOptions(true)
                .version("duet new, for Duet " + command.writer.duetVersion());
        spec.usageMessage().description(
                "Writes a new Maven project on Duet " + command.writer.duetVersion() + ": the app's Main, a model,",
                "a test, the Maven Wrapper, a ./duet launcher and a README.");
        spec.addPositional(PositionalParamSpec.builder().paramLabel("NAME").arity("1").type(String.class)
                .description("the project's name (lower-case letters, digits, hyphens): its folder and Maven artifactId").build());
        spec.addOption(OptionSpec.builder("--template", "-t").paramLabel("api|site").type(String.class).defaultValue("site")
                .description("site: a page, its Pebble template and a style sheet (the default); api: JSON endpoints").build());
        spec.addOption(OptionSpec.builder("--package", "-p").paramLabel("PACKAGE").type(String.class)
                .description("the Java package (default: com.example.<name without hyphens>)").build());
        spec.addOption(OptionSpec.builder("--dir", "-d").paramLabel("PATH").type(Path.class)
                .description("the folder to write into, which must be new or empty (default: ./<name>)").build());
        command.spec = spec;
        return new CommandLine(spec);
    }

    @Override
    public Integer call() {
        String name = spec.positionalParameters().getFirst().getValue();
        String templateId = spec.findOption("--template").getValue();
        String pkg = spec.findOption("--package").getValue();
        Path dir = spec.findOption("--dir").getValue();
        ProjectSpec project;
        try {
            project = ProjectSpec.of(name, Template.byId(templateId), pkg, dir, workingDir);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "duet new: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files;
        try {
            files = writer.write(project);
        } catch (NewProjectException e) {
            return fail(err, e.getMessage());
        } catch (IOException e) {
            // Nothing is left half written (the writer removes what it wrote); say what the system refused.
            return fail(err, "could not write the project to " + project.dir() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Path shown = relativeIfInside(project.dir());
        out.println("Created " + project.name() + " (" + project.template().id() + ": " + project.template().description()
                + "), package " + project.packageName() + ", " + files.size() + " files in " + project.dir());
        out.println();
        out.println("  cd " + shown);
        out.println("  ./duet run     # the app on http://localhost:8000, reloaded as you edit");
        out.println("  ./duet test    # its tests");
        out.flush();
        return 0;
    }

    private static int fail(PrintWriter err, String message) {
        err.println("duet new: " + message);
        err.flush();
        return 1;
    }

    private Path relativeIfInside(Path dir) {
        if (!dir.startsWith(workingDir)) return dir;
        Path relative = workingDir.relativize(dir);
        return relative.toString().isEmpty() ? Path.of(".") : relative;
    }
}
