package dev.duet;

import dev.duet.internal.ClassScanner;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Page classes (see {@link Routes#pages}): discovers the {@code Page} classes under a package,
 * checks each against the convention, and registers its methods as routes of the group. Every
 * check runs here, at registration, and all that is wrong is reported at once, each problem
 * naming its class; nothing is looked up per request but the action a POST names.
 */
final class Pages {
    /** {@code _name} or {@code _name_type}: a path parameter. */
    private static final Pattern PARAMETER = Pattern.compile("_([a-z][a-zA-Z0-9]*)(?:_(int|long|uuid|rest))?");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[a-z][a-zA-Z0-9]*");
    private static final Pattern ACTION_METHOD = Pattern.compile("action[A-Z][A-Za-z0-9]{0,63}");
    private static final Pattern ACTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");
    private static final Pattern PACKAGE_NAME = Pattern.compile(
            "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
    private static final String ACTION_FIELD = "_action";
    private static final String ACTION_QUERY = "action";

    private Pages() {
    }

    /** One method of a page, ready to call. */
    private record Target(String label, MethodHandle handle, boolean async) {
    }

    /** A checked page class: where it is served, its instance's methods, and where its templates sit. */
    private record Page(String className, String pattern, String templateDir,
                        Map<HttpMethod, Target> verbs, Map<String, Target> actions) {
    }

    static void register(RouteGroup group, String packageName, Object context) {
        if (packageName == null || !PACKAGE_NAME.matcher(packageName).matches()) {
            throw new IllegalArgumentException("pages(\"" + packageName + "\"): not a Java package name");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) loader = App.class.getClassLoader();
        ClassScanner.Found found = ClassScanner.scan(loader, packageName);

        List<String> problems = new ArrayList<>();
        List<Page> pages = new ArrayList<>();
        // One class after another: reading them on several threads was tried and gained nothing
        // on two processors, the JIT compiler already using the second one (see bench/pages).
        for (String className : found.classes()) {
            String simple = className.substring(className.lastIndexOf('.') + 1);
            if (!simple.equals("Page")) {
                if (simple.equalsIgnoreCase("page")) problems.add(className + ": a page class must be named exactly Page");
                continue;
            }
            try {
                pages.add(read(loader, packageName, className, context));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                problems.add(className + ": " + e);
            }
        }
        if (problems.isEmpty() && pages.isEmpty()) {
            throw new IllegalArgumentException("pages(\"" + packageName + "\"): no class named Page in package " + packageName
                    + " or under it" + (found.locations().isEmpty() ? " (the package is not on the class path)"
                    : " (looked in " + String.join(", ", found.locations()) + ")"));
        }
        for (Page page : pages) {
            try {
                routes(group, page);
            } catch (IllegalArgumentException e) {
                problems.add(page.className() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("pages(\"" + packageName + "\"): " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + " (see docs/pages.md)\n  " + String.join("\n  ", problems));
        }
    }

    // ---- reading a class ----

    private static Page read(ClassLoader loader, String root, String className, Object context) {
        String pkg = className.substring(0, className.lastIndexOf('.'));
        String pattern = pattern(className, root, pkg);
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(className + ": cannot be loaded: " + e, e);
        }
        int mods = type.getModifiers();
        if (!Modifier.isPublic(mods)) throw new IllegalArgumentException(className + ": a page class must be public");
        if (type.isInterface() || Modifier.isAbstract(mods)) {
            throw new IllegalArgumentException(className + ": a page class must be a concrete class, not "
                    + (type.isInterface() ? "an interface" : "abstract"));
        }
        Constructor<?> constructor = constructor(type, className, context);

        List<Method> verbs = new ArrayList<>();
        List<Method> actions = new ArrayList<>();
        sortMethods(type, className, verbs, actions);
        if (verbs.isEmpty() && actions.isEmpty()) {
            throw new IllegalArgumentException(className + ": a page needs at least one public method get, post, put, patch,"
                    + " delete or action<Name>, each taking a dev.duet.Request");
        }

        Object instance;
        try {
            instance = constructor.getParameterCount() == 0 ? constructor.newInstance() : constructor.newInstance(context);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(className + ": its constructor threw " + e.getCause(), e.getCause());
        } catch (ExceptionInInitializerError e) {
            throw new IllegalArgumentException(className + ": its static initializer threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(className + ": cannot be created: " + e + accessHint(type), e);
        }
        Map<HttpMethod, Target> byVerb = new EnumMap<>(HttpMethod.class);
        for (Method m : verbs) byVerb.put(Controllers.verb(m.getName()), target(className, m, instance));
        Map<String, Target> byAction = new TreeMap<>();
        for (Method m : actions) byAction.put(m.getName().substring("action".length()), target(className, m, instance));
        return new Page(className, pattern, "/" + pkg.replace('.', '/') + "/", byVerb, byAction);
    }

    /**
     * The constructor a page is made with: the one taking the context when the pages were given
     * one and the page declares it (its parameter's type is the context's, or a supertype), else
     * the one without parameters. A page that asks for a context the app did not give, or for one
     * of another type, says so rather than being made without it.
     */
    private static Constructor<?> constructor(Class<?> type, String className, Object context) {
        Constructor<?> none = null;
        Constructor<?> one = null;
        for (Constructor<?> c : type.getConstructors()) {
            if (c.getParameterCount() == 0) none = c;
            else if (c.getParameterCount() == 1) {
                if (one != null) {
                    throw new IllegalArgumentException(className + ": a page class may have one public constructor with a"
                            + " parameter (the pages' context), not several");
                }
                one = c;
            }
        }
        if (one != null) {
            Class<?> wanted = one.getParameterTypes()[0];
            if (context != null && wanted.isInstance(context)) return one;
            if (none != null) return none;
            if (context == null) {
                throw new IllegalArgumentException(className + ": its constructor takes a " + wanted.getName()
                        + ", but the pages were registered without a context: use pages(package, context)");
            }
            throw new IllegalArgumentException(className + ": its constructor takes a " + wanted.getName()
                    + ", but the pages' context is a " + context.getClass().getName());
        }
        if (none == null) {
            throw new IllegalArgumentException(className + ": a page class needs a public constructor without parameters"
                    + " (or one taking the pages' context)");
        }
        return none;
    }

    /** Sorts the page's methods into HTTP methods and actions; a near miss of either is a mistake, not a helper. */
    private static void sortMethods(Class<?> type, String className, List<Method> verbs, List<Method> actions) {
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() == Object.class || m.isBridge() || m.isSynthetic()) continue;
            String name = m.getName();
            boolean verb = Controllers.verb(name) != null;
            boolean action = name.startsWith("action");
            if (!verb && !action) {
                if (Controllers.verb(name.toLowerCase(Locale.ROOT)) != null) {
                    throw new IllegalArgumentException(className + "." + name + ": HTTP methods are spelled in lower case ("
                            + name.toLowerCase(Locale.ROOT) + ")");
                }
                continue;
            }
            String where = className + "." + name;
            if (action && !ACTION_METHOD.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": an action method is named action<Name>, Name matching"
                        + " [A-Z][A-Za-z0-9]{0,63} (actionDelete serves action=delete); name helpers otherwise");
            }
            if (Modifier.isStatic(m.getModifiers())) {
                throw new IllegalArgumentException(where + " must not be static: a page's methods belong to its one instance");
            }
            if (!Controllers.takesOnlyARequest(m)) {
                throw new IllegalArgumentException(where + " must take exactly one parameter, a dev.duet.Request");
            }
            (verb ? verbs : actions).add(m);
        }
        // Not public, so not served: almost certainly a mistake on a page, so say so.
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) continue;
            if (Controllers.verb(m.getName()) != null || ACTION_METHOD.matcher(m.getName()).matches()) {
                throw new IllegalArgumentException(className + "." + m.getName() + " must be public to be served");
            }
        }
    }

    private static Target target(String className, Method m, Object instance) {
        MethodHandle handle;
        try {
            handle = Controllers.bind(m, instance);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(className + "." + m.getName() + ": " + e.getMessage() + accessHint(m.getDeclaringClass()), e);
        }
        return new Target(className + "." + m.getName(), handle, Controllers.isAsync(m));
    }

    private static String accessHint(Class<?> type) {
        Module module = type.getModule();
        if (!module.isNamed() || module.isOpen(type.getPackageName(), Controllers.class.getModule())) return "";
        return " (module " + module.getName() + " must open package " + type.getPackageName() + " to " + Controllers.class.getModule().getName() + ")";
    }

    // ---- the URL ----

    /** The route pattern of the page in package {@code pkg}, under {@code root}. */
    static String pattern(String className, String root, String pkg) {
        if (pkg.equals(root)) return "/";
        StringBuilder out = new StringBuilder();
        Set<String> names = new HashSet<>();
        String[] segments = pkg.substring(root.length() + 1).split("\\.");
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            out.append('/');
            if (!seg.startsWith("_")) {
                // A trailing underscore is Java's way around a keyword: package new_ serves /new.
                out.append(seg.endsWith("_") ? seg.substring(0, seg.length() - 1) : seg);
                continue;
            }
            Matcher m = PARAMETER.matcher(seg);
            if (!m.matches()) throw new IllegalArgumentException(className + ": " + whyNotAParameter(seg));
            String name = m.group(1);
            String type = m.group(2);
            if (!names.add(name)) {
                throw new IllegalArgumentException(className + ": path parameter '" + name + "' appears twice in package " + pkg);
            }
            if ("rest".equals(type) && i != segments.length - 1) {
                throw new IllegalArgumentException(className + ": package segment " + seg
                        + " (the rest of the path) must be the last one, the page's own package");
            }
            out.append('{').append(name);
            if (type != null) out.append(':').append(type.equals("rest") ? "*" : type);
            out.append('}');
        }
        return out.toString();
    }

    private static String whyNotAParameter(String seg) {
        String rest = seg.substring(1);
        int cut = rest.indexOf('_');
        String name = cut < 0 ? rest : rest.substring(0, cut);
        if (!PARAMETER_NAME.matcher(name).matches()) {
            return "package segment " + seg + " starts with '_', so it is a path parameter, but its name '" + name
                    + "' does not match [a-z][a-zA-Z0-9]*";
        }
        return "package segment " + seg + " has an unknown parameter type '" + rest.substring(cut + 1)
                + "'; the types are int, long, uuid and rest (as in _" + name + "_long)";
    }

    // ---- routes ----

    private static void routes(RouteGroup group, Page page) {
        page.verbs().forEach((verb, t) -> {
            if (verb != HttpMethod.POST) route(group, page, verb, t);
        });
        // A page with post and no actions still goes through the dispatcher: a form naming an
        // action there is a 400, not a quiet call of post().
        Target post = page.verbs().get(HttpMethod.POST);
        if (post == null && page.actions().isEmpty()) return;
        boolean anyAsync = post != null && post.async() || page.actions().values().stream().anyMatch(Target::async);
        String label = page.actions().isEmpty() ? post.label() : page.className() + (post == null ? " actions" : ".post and actions");
        routePost(group, page, anyAsync, label);
    }

    private static void route(RouteGroup group, Page page, HttpMethod verb, Target t) {
        if (t.async()) {
            group.routeAsync(verb, page.pattern(), req -> relocatedStage((CompletionStage<?>) Controllers.invoke(t.handle(), req), page), t.label());
        } else {
            group.route(verb, page.pattern(), req -> relocated(Controllers.invoke(t.handle(), req), page), t.label());
        }
    }

    /**
     * POST, with its named actions. The route's kind is fixed here: blocking if every method it
     * may call is blocking, else async. In a mixed page the async methods then run where async
     * code runs, and each blocking one is offloaded to a virtual thread of its own, where it is
     * answered whole (template rendered there): the one hop a blocking route would cost anyway.
     */
    private static void routePost(RouteGroup group, Page page, boolean async, String label) {
        if (!async) {
            group.route(HttpMethod.POST, page.pattern(), req -> relocated(Controllers.invoke(choose(req, page).handle(), req), page), label);
            return;
        }
        Answers answers = group.answers();
        group.routeAsync(HttpMethod.POST, page.pattern(), req -> {
            Target t = choose(req, page);
            if (t.async()) return relocatedStage((CompletionStage<?>) Controllers.invoke(t.handle(), req), page);
            return req.tasks().offload(() -> answers.toResponse(relocated(Controllers.invoke(t.handle(), req), page), true, req));
        }, label);
    }

    /** The method a POST calls: the action its form field {@code _action} or query {@code action} names, else post. */
    private static Target choose(Request req, Page page) {
        String action = requestedAction(req);
        if (action == null) {
            Target post = page.verbs().get(HttpMethod.POST);
            if (post != null) return post;
            throw HttpError.badRequest("This page has only actions: name one with the form field " + ACTION_FIELD
                    + " or the query parameter " + ACTION_QUERY + " (" + actionList(page) + ")");
        }
        Target t = page.actions().get(Character.toUpperCase(action.charAt(0)) + action.substring(1));
        if (t == null) {
            throw HttpError.badRequest("Unknown action '" + action + "': "
                    + (page.actions().isEmpty() ? "this page has no actions" : "this page's actions are " + actionList(page)));
        }
        return t;
    }

    private static String requestedAction(Request req) {
        String field = req.form(ACTION_FIELD);
        String query = req.query(ACTION_QUERY);
        if (field != null && query != null && !field.equals(query)) {
            throw HttpError.badRequest("The form field " + ACTION_FIELD + " ('" + field + "') and the query parameter "
                    + ACTION_QUERY + " ('" + query + "') name different actions");
        }
        String action = field != null ? field : query;
        if (action != null && !ACTION_NAME.matcher(action).matches()) {
            throw HttpError.badRequest("Malformed action name '" + abbreviate(action)
                    + "': an action is named by 1 to 64 letters or digits, starting with a letter");
        }
        return action;
    }

    private static String actionList(Page page) {
        List<String> names = new ArrayList<>();
        for (String a : page.actions().keySet()) names.add(Character.toLowerCase(a.charAt(0)) + a.substring(1));
        return String.join(", ", names);
    }

    private static String abbreviate(String s) {
        return s.length() <= 70 ? s : s.substring(0, 70) + "...";
    }

    // ---- templates beside the page ----

    private static CompletionStage<?> relocatedStage(CompletionStage<?> stage, Page page) {
        return stage == null ? null : stage.thenApply(v -> relocated(v, page));
    }

    /** What a page method returned, with a relative view name made the class path path beside the page. */
    private static Object relocated(Object value, Page page) {
        return switch (value) {
            case View v -> beside(v, page);
            case Response r when r.body() instanceof View v -> r.body(beside(v, page));
            case Optional<?> o when o.isPresent() && o.get() instanceof View v -> Optional.of(beside(v, page));
            case null, default -> value;
        };
    }

    private static View beside(View v, Page page) {
        return v.name().startsWith("/") ? v : v.named(resolve(page.templateDir(), v.name(), page.className()));
    }

    /** {@code name} relative to {@code dir} (which ends with '/'), with {@code .} and {@code ..} segments resolved. */
    static String resolve(String dir, String name, String className) {
        List<String> parts = new ArrayList<>(List.of(dir.substring(1, dir.length() - 1).split("/")));
        for (String seg : name.split("/", -1)) {
            switch (seg) {
                case "", "." -> {
                }
                case ".." -> {
                    if (parts.isEmpty()) {
                        throw new IllegalArgumentException("template " + name + " of " + className + " climbs above the class path's root");
                    }
                    parts.removeLast();
                }
                default -> parts.add(seg);
            }
        }
        return "/" + String.join("/", parts);
    }
}
