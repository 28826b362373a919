package dev.duet.cli.internal.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.ConstantValueAttribute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What other source files can see of a compiled class: its supertypes and its non-private fields
 * (with their constant values, which javac copies into the classes that read them) and methods.
 * A partial compile is only safe while the shapes of the classes it rewrote stay the same: a
 * class compiled earlier against the old shape would otherwise fail to link
 * ({@code NoSuchMethodError}) or keep a stale constant, and the runner compiles everything instead.
 */
final class ClassShapes {
    private ClassShapes() {
    }

    /** The shape of the class file at {@code file}, as comparable text. */
    static String of(Path file) {
        ClassModel model;
        try {
            model = ClassFile.of().parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        Set<String> members = new TreeSet<>();
        for (FieldModel f : model.fields()) {
            if ((f.flags().flagsMask() & ClassFile.ACC_PRIVATE) != 0) continue;
            String constant = f.findAttribute(java.lang.classfile.Attributes.constantValue())
                    .map(ConstantValueAttribute::constant).map(c -> "=" + c.constantValue()).orElse("");
            members.add("F " + f.flags().flagsMask() + " " + f.fieldName() + " " + f.fieldType() + constant);
        }
        for (MethodModel m : model.methods()) {
            if ((m.flags().flagsMask() & ClassFile.ACC_PRIVATE) != 0) continue;
            members.add("M " + m.flags().flagsMask() + " " + m.methodName() + m.methodType());
        }
        List<String> interfaces = new ArrayList<>();
        model.interfaces().forEach(i -> interfaces.add(i.asInternalName()));
        return model.flags().flagsMask() + " extends " + model.superclass().map(c -> c.asInternalName()).orElse("-")
                + " implements " + interfaces + " " + members;
    }

    /**
     * The class files a source file compiles to, relative to a class directory: for
     * {@code com/x/Foo.java}, {@code com/x/Foo.class} and its nested {@code com/x/Foo$*.class}.
     */
    static Set<String> classFilesOf(Path classDir, String sourceRelative) {
        String base = sourceRelative.substring(0, sourceRelative.length() - ".java".length());
        int slash = base.lastIndexOf('/');
        Path pkg = slash < 0 ? classDir : classDir.resolve(base.substring(0, slash));
        String simple = base.substring(slash + 1);
        Set<String> found = new TreeSet<>();
        if (!Files.isDirectory(pkg)) return found;
        try (Stream<Path> list = Files.list(pkg)) {
            list.map(p -> p.getFileName().toString())
                    .filter(n -> n.equals(simple + ".class") || (n.startsWith(simple + "$") && n.endsWith(".class")))
                    .forEach(n -> found.add((slash < 0 ? "" : base.substring(0, slash + 1)) + n));
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + pkg + ": " + e.getMessage(), e);
        }
        return found;
    }
}
