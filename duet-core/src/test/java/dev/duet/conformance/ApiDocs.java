package dev.duet.conformance;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;

import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the public API that has no doc comment: every public or protected type, constructor,
 * method and field of the given packages (interface members count as public), except methods
 * marked {@code @Override}, which inherit their documentation, enum constants and the members a
 * record declares implicitly. What javadoc's doclint calls "missing comment", without its demand
 * for an {@code @param} per parameter, which Duet's prose comments do not follow.
 */
public final class ApiDocs {
    private ApiDocs() {
    }

    /** {@code file:line: what} for each undocumented declaration of {@code packages} under {@code sourceRoot}. */
    public static List<String> undocumented(Path sourceRoot, Collection<String> packages) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String pkg : packages) {
            Path dir = sourceRoot.resolve(pkg.replace('.', '/'));
            try (Stream<Path> in = Files.list(dir)) {
                in.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("package-info.java"))
                        .sorted().forEach(files::add);
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> found = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(null, fm, d -> { }, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            DocTrees trees = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new Scanner(unit, trees, found).scan(unit, null);
            }
        }
        return found;
    }

    private static final class Scanner extends TreePathScanner<Void, Void> {
        private final CompilationUnitTree unit;
        private final DocTrees trees;
        private final List<String> found;

        Scanner(CompilationUnitTree unit, DocTrees trees, List<String> found) {
            this.unit = unit;
            this.trees = trees;
            this.found = found;
        }

        @Override
        public Void visitClass(ClassTree node, Void unused) {
            if (!visible(node.getModifiers(), getCurrentPath())) return null; // nor its members
            require(node.getKind().name().toLowerCase() + " " + node.getSimpleName());
            return super.visitClass(node, unused);
        }

        @Override
        public Void visitMethod(MethodTree node, Void unused) {
            boolean overrides = node.getModifiers().getAnnotations().stream()
                    .anyMatch(a -> a.getAnnotationType().toString().endsWith("Override"));
            if (!overrides && visible(node.getModifiers(), getCurrentPath())) {
                String name = node.getName().contentEquals("<init>") ? "constructor" : "method " + node.getName();
                require(name);
            }
            return null; // nothing inside a body is API
        }

        @Override
        public Void visitVariable(VariableTree node, Void unused) {
            Tree parent = getCurrentPath().getParentPath().getLeaf();
            boolean field = parent instanceof ClassTree;
            boolean enumConstant = field && parent.getKind() == Tree.Kind.ENUM && node.getInitializer() instanceof NewClassTree
                    && node.getType() != null && node.getType().toString().contentEquals(((ClassTree) parent).getSimpleName());
            // (a record's components are private fields here; their doc is the record's @param)
            if (field && !enumConstant && visible(node.getModifiers(), getCurrentPath())) {
                require("field " + node.getName());
            }
            return null;
        }

        /** Public or protected, or a member of an interface that is not private. */
        private static boolean visible(ModifiersTree modifiers, TreePath path) {
            var flags = modifiers.getFlags();
            if (flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED)) return true;
            if (flags.contains(Modifier.PRIVATE)) return false;
            Tree enclosing = path.getParentPath().getLeaf();
            return enclosing.getKind() == Tree.Kind.INTERFACE || enclosing.getKind() == Tree.Kind.ANNOTATION_TYPE;
        }

        private void require(String what) {
            DocCommentTree doc = trees.getDocCommentTree(getCurrentPath());
            if (doc == null) {
                long line = unit.getLineMap().getLineNumber(trees.getSourcePositions().getStartPosition(unit, getCurrentPath().getLeaf()));
                found.add(unit.getSourceFile().getName() + ":" + line + ": " + what);
            }
        }
    }
}
