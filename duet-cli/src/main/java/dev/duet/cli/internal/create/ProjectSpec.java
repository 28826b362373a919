package dev.duet.cli.internal.create;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code duet new} is asked to write, checked: a project name that is a valid folder name
 * and Maven artifactId, a Java package, a template and the folder to write into.
 *
 * @param name        the project's name: its folder (by default) and Maven artifactId
 * @param template    api or site
 * @param packageName the Java package of its classes
 * @param dir         the folder the project is written into
 */
record ProjectSpec(String name, Template template, String packageName, Path dir) {
    /** Longest project name: it is a folder, an artifactId and part of a package name. */
    public static final int MAX_NAME_LENGTH = 64;
    /** The package a project gets when none is given is this prefix plus the name without hyphens. */
    public static final String DEFAULT_PACKAGE_PREFIX = "com.example.";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // Java's reserved words and literals: none can be a package segment. (javax.lang.model's
    // SourceVersion knows them too, but would make this module require java.compiler for one check.)
    private static final Set<String> RESERVED = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "_");

    public ProjectSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(dir, "dir");
    }

    /**
     * Checks {@code name} and {@code packageName} (null for the default, {@code com.example.<name>})
     * and resolves {@code dir} (null for {@code <workingDir>/<name>}); an
     * {@link IllegalArgumentException} saying what to change if either is not right.
     */
    public static ProjectSpec of(String name, Template template, String packageName, Path dir, Path workingDir) {
        checkName(name);
        String pkg;
        if (packageName == null) {
            pkg = DEFAULT_PACKAGE_PREFIX + name.replace("-", "");
            String last = pkg.substring(DEFAULT_PACKAGE_PREFIX.length());
            if (RESERVED.contains(last)) {
                throw new IllegalArgumentException("the project name '" + name + "' would give the package " + pkg
                        + ", but '" + last + "' is reserved in Java: choose another name or pass --package");
            }
        } else {
            pkg = checkPackage(packageName);
        }
        Path target = (dir == null ? workingDir.resolve(name) : workingDir.resolve(dir)).toAbsolutePath().normalize();
        return new ProjectSpec(name, template, pkg, target);
    }

    /** The Maven groupId: the package, which already names the owner and the project. */
    public String groupId() {
        return packageName;
    }

    /** The package as a path: {@code com/example/myapp}. */
    public String packagePath() {
        return packageName.replace('.', '/');
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("a project needs a name, as in: duet new my-app");
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("the project name is " + name.length() + " characters long; at most "
                    + MAX_NAME_LENGTH + " are allowed");
        }
        if (!NAME.matcher(name).matches()) {
            String hint = NAME.matcher(name.toLowerCase(Locale.ROOT)).matches() ? " (" + name.toLowerCase(Locale.ROOT) + " would do)" : "";
            throw new IllegalArgumentException("invalid project name '" + name + "'" + hint + ": use lower-case letters, digits"
                    + " and single hyphens, starting with a letter, as in my-app (it names the folder and the Maven artifactId)");
        }
    }

    private static String checkPackage(String pkg) {
        if (pkg.isEmpty()) throw new IllegalArgumentException("--package is empty: give a Java package, as in com.example.myapp");
        for (String segment : pkg.split("\\.", -1)) {
            if (!IDENTIFIER.matcher(segment).matches()) {
                throw new IllegalArgumentException("invalid package '" + pkg + "': '" + segment + "' is not a Java identifier"
                        + " (letters, digits and _, not starting with a digit), as in com.example.myapp");
            }
            if (RESERVED.contains(segment)) {
                throw new IllegalArgumentException("invalid package '" + pkg + "': '" + segment + "' is reserved in Java");
            }
        }
        return pkg;
    }
}
