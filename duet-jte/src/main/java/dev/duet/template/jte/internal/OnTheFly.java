package dev.duet.template.jte.internal;

import gg.jte.CodeResolver;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.resolve.DirectoryCodeResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * jte compiling templates from a source folder as they are asked for, and again when a template
 * (or one it calls) changes. The only class of this module that names jte's compiler: kept apart
 * so that precompiled templates load and render without it on the class path.
 */
public final class OnTheFly {
    private OnTheFly() {
    }

    /** jte, compiling the templates of {@code sourceRoot} into a fresh temporary folder; and that source. */
    public static Compiling from(Path sourceRoot) {
        if (!Files.isDirectory(sourceRoot)) {
            throw new IllegalArgumentException("jte's source folder " + sourceRoot.toAbsolutePath() + " is not a directory");
        }
        Path classes;
        try {
            // jte empties its class folder when it starts: one of its own per engine, never a shared one
            classes = Files.createTempDirectory("duet-jte-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a folder for jte's compiled templates", e);
        }
        CodeResolver source = new DirectoryCodeResolver(sourceRoot);
        TemplateEngine jte = TemplateEngine.create(source, classes, ContentType.Html);
        jte.setBinaryStaticContent(true);
        return new Compiling(jte, source, classes);
    }

    /** A compiling jte engine, the source it reads and the folder it compiles into. */
    public record Compiling(TemplateEngine jte, CodeResolver source, Path classes) {
    }
}
