package dev.duet.db;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The async twins: every blocking operation of Table, Query, Grouped and Database has one, with
 * the same parameters and a CompletionStage of its (boxed) result; no twin lacks its original;
 * and each twin runs exactly its original, with the very same arguments, and completes with its
 * very result. No database work is needed to tell, bar the one that runs the twins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncTwinsTest {
    /**
     * Public methods of each type that do no I/O, so have no twin; and withConnection, whose point
     * is the calling thread's own transaction, which a twin on another thread would not have.
     */
    private static final Map<Class<?>, Set<String>> NOT_IO = Map.of(
            Table.class, Set.of("database", "type", "tableName", "fields", "query", "where", "orderBy", "build"),
            Query.class, Set.of("database", "where", "or", "orderBy", "limit", "offset", "toSql", "groupBy", "column"),
            Grouped.class, Set.of("database"),
            Database.class, Set.of("table", "dialect", "poolSize", "dataSource", "config", "createTableSql", "inTransaction",
                    "async", "close", "isClosed", "poolStats", "healthCheck", "withConnection", "migrations"));
    private static final List<Class<?>> TYPES = List.of(Table.class, Query.class, Grouped.class, Database.class);
    private static final List<Class<?>> OPERATIONS = List.of(TableOperations.class, QueryOperations.class,
            GroupedOperations.class, DatabaseOperations.class);

    private Database db;

    @BeforeAll
    void connect() {
        db = Database.connect("sqlite::memory:");
    }

    @AfterAll
    void close() {
        db.close();
    }

    @Test
    void everyBlockingOperationHasATwinWithItsParametersReturningAStageOfItsResult() {
        int checked = 0;
        for (Class<?> type : TYPES) {
            for (Method m : publicMethods(type)) {
                if (m.getName().endsWith("Async") || NOT_IO.get(type).contains(m.getName())) continue;
                Method twin = find(type, m.getName() + "Async", m);
                assertThat(twin).as("%s has an async twin with the same parameters", describe(type, m)).isNotNull();
                assertThat(twin.getGenericReturnType()).as("what %s returns", describe(type, twin))
                        .isInstanceOf(ParameterizedType.class);
                ParameterizedType stage = (ParameterizedType) twin.getGenericReturnType();
                assertThat(stage.getRawType()).as("what %s returns", describe(type, twin)).isEqualTo(CompletionStage.class);
                assertThat(stage.getActualTypeArguments()[0].getTypeName()).as("the result of %s", describe(type, twin))
                        .isEqualTo(boxed(m.getGenericReturnType()));
                checked++;
            }
        }
        assertThat(checked).as("blocking operations found").isGreaterThan(50);
    }

    @Test
    void noTwinLacksItsBlockingOriginal() {
        for (Class<?> type : TYPES) {
            for (Method twin : publicMethods(type)) {
                if (!twin.getName().endsWith("Async")) continue;
                String name = twin.getName().substring(0, twin.getName().length() - "Async".length());
                assertThat(find(type, name, twin)).as("%s has its blocking original", describe(type, twin)).isNotNull();
                assertThat(NOT_IO.get(type)).as("%s's original is an operation", describe(type, twin)).doesNotContain(name);
            }
        }
    }

    /**
     * Each twin of each operations interface, called on a stand-in that records the blocking calls,
     * calls exactly its original, once, with the same arguments, and completes with what it returned.
     */
    @Test
    void eachTwinRunsExactlyItsOriginalWithTheSameArguments() throws Exception {
        int checked = 0;
        for (Class<?> ops : OPERATIONS) {
            for (Method twin : ops.getMethods()) {
                if (!twin.isDefault() || !twin.getName().endsWith("Async")) continue;
                List<Call> calls = new ArrayList<>();
                Object standIn = Proxy.newProxyInstance(ops.getClassLoader(), new Class<?>[] {ops}, recorder(calls));
                Object[] args = arguments(twin);
                CompletionStage<?> stage = (CompletionStage<?>) twin.invoke(standIn, args);
                Object result = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
                String what = ops.getSimpleName() + "." + twin.getName() + Arrays.toString(twin.getParameterTypes());
                assertThat(calls).as("blocking calls made by %s", what).hasSize(1);
                Call call = calls.getFirst();
                assertThat(call.method().getName() + "Async").as("what %s ran", what).isEqualTo(twin.getName());
                assertThat(call.method().getParameterTypes()).as("the parameters of what %s ran", what)
                        .isEqualTo(twin.getParameterTypes());
                for (int i = 0; i < args.length; i++) {
                    assertThat(call.args()[i]).as("argument %d of what %s ran", i, what).isSameAs(args[i]);
                }
                if (call.method().getReturnType() == void.class) assertThat(result).isNull();
                else assertThat(result).as("what %s completed with", what).isSameAs(call.result());
                checked++;
            }
        }
        assertThat(checked).as("twins checked").isGreaterThan(50);
    }

    /**
     * The twins Table and Query implement themselves (to hand the engine their statement) fail
     * their stage, as their blocking selves throw, and never throw: a bad field, a null id, an
     * update with nothing to set, a delete with no where.
     */
    @Test
    void aTwinOfTableOrQueryFailsItsStageWhereItsBlockingSelfThrows() {
        db.createTables(dev.duet.db.model.User.class);
        Table<dev.duet.db.model.User> users = db.table(dev.duet.db.model.User.class);
        Map<String, Runnable> blocking = new java.util.LinkedHashMap<>();
        Map<String, Supplier<CompletionStage<?>>> twins = new java.util.LinkedHashMap<>();
        blocking.put("findBy unknown field", () -> users.findBy("nosuch", 1));
        twins.put("findBy unknown field", () -> users.findByAsync("nosuch", 1));
        blocking.put("findBy map", () -> users.findBy(Map.of("nosuch", 1)));
        twins.put("findBy map", () -> users.findByAsync(Map.of("nosuch", 1)));
        blocking.put("find null", () -> users.find(null));
        twins.put("find null", () -> users.findAsync(null));
        blocking.put("get null", () -> users.get(null));
        twins.put("get null", () -> users.getAsync(null));
        blocking.put("deleteById null", () -> users.deleteById(null));
        twins.put("deleteById null", () -> users.deleteByIdAsync(null));
        blocking.put("delete null", () -> users.delete(null));
        twins.put("delete null", () -> users.deleteAsync(null));
        blocking.put("create null", () -> users.create((dev.duet.db.model.User) null));
        twins.put("create null", () -> users.createAsync((dev.duet.db.model.User) null));
        java.util.List<dev.duet.db.model.User> withNull = java.util.Arrays.asList(dev.duet.db.model.User.of("a", "a@b.c"), null);
        blocking.put("updateAll null entity", () -> users.updateAll(withNull));
        twins.put("updateAll null entity", () -> users.updateAllAsync(withNull));
        blocking.put("updateAll null list", () -> users.updateAll(null));
        twins.put("updateAll null list", () -> users.updateAllAsync(null));
        blocking.put("update nothing", () -> users.query().update(Map.of()));
        twins.put("update nothing", () -> users.query().updateAsync(Map.of()));
        blocking.put("update unknown field", () -> users.query().update("nosuch", 1));
        twins.put("update unknown field", () -> users.query().updateAsync("nosuch", 1));
        blocking.put("delete without where", () -> users.query().delete());
        twins.put("delete without where", () -> users.query().deleteAsync());
        for (String what : blocking.keySet()) {
            RuntimeException thrown = null;
            try {
                blocking.get(what).run();
            } catch (RuntimeException e) {
                thrown = e;
            }
            assertThat(thrown).as(what + ": the blocking call throws").isNotNull();
            CompletionStage<?> stage = twins.get(what).get();   // would throw here, failing the test, if the twin threw
            Throwable failed = stage.toCompletableFuture().handle((v, e) -> e).join();
            assertThat(failed).as(what + ": the twin's failure").isNotNull().hasSameClassAs(thrown).hasMessage(thrown.getMessage());
        }
    }

    private record Call(Method method, Object[] args, Object result) {
    }

    /** Records the blocking calls; runs the default methods (the twins) as they are, and the hooks for real. */
    private InvocationHandler recorder(List<Call> calls) {
        return (proxy, m, args) -> {
            if (m.isDefault()) return InvocationHandler.invokeDefault(proxy, m, args);
            if (m.getName().equals("database")) return db;
            if (m.getName().equals("async")) {
                return CompletableFuture.completedFuture(((Database.Work<?>) args[0]).run());
            }
            Object result = sample(m.getReturnType());
            calls.add(new Call(m, args == null ? new Object[0] : args, result));
            return result;
        };
    }

    /** A fresh value of {@code type}, distinct from any other. */
    private static Object sample(Class<?> type) {
        if (type == void.class) return null;
        if (type == long.class) return 7L;
        if (type == int.class) return 7;
        if (type == boolean.class) return true;
        if (type == Object.class) return new Object();
        if (type == Optional.class) return Optional.of(new Object());
        if (type == OptionalDouble.class) return OptionalDouble.of(7.5);
        if (type == List.class) return new ArrayList<>(List.of(new Object()));
        if (type == Map.class) return new java.util.HashMap<>(Map.of(new Object(), new Object()));
        if (type == Number.class) return new java.math.BigDecimal("7.5");
        if (type == Page.class) return new Page<>(List.of(new Object()), 1, 1, 1);
        if (type == Saved.class) return new Saved<>(new Object(), true);
        throw new AssertionError("no sample of " + type + ": teach AsyncTwinsTest.sample one");
    }

    private static Object[] arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) args[i] = argument(types[i]);
        return args;
    }

    private static Object argument(Class<?> type) {
        if (type == int.class) return 3;
        if (type == Object.class) return new Object();
        if (type == String.class) return new String("field");
        if (type == String[].class) return new String[] {"a", "b"};
        if (type == Object[].class) return new Object[] {1};
        if (type == Class[].class) return new Class<?>[] {String.class};
        if (type == Class.class) return String.class;
        if (type == Q.class) return Q.eq("a", 1);
        if (type == Map.class) return Map.of("k", 1);
        if (type == Collection.class) return List.of(1, 2);
        if (type == Supplier.class) return (Supplier<Object>) Object::new;
        if (type == Function.class) return Function.identity();
        if (type == Consumer.class) return (Consumer<Object>) x -> { };
        if (type == Database.Work.class) return (Database.Work<Object>) Object::new;
        if (type == Database.Action.class) return (Database.Action) () -> { };
        throw new AssertionError("no argument of " + type + ": teach AsyncTwinsTest.argument one");
    }

    private static List<Method> publicMethods(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class && !m.isBridge()
                        && !Set.of("toString", "hashCode", "equals").contains(m.getName()))
                .toList();
    }

    /** The public method {@code name} of {@code type} with {@code like}'s parameters (generics included), or null. */
    private static Method find(Class<?> type, String name, Method like) {
        String params = generic(like.getGenericParameterTypes());
        return publicMethods(type).stream()
                .filter(m -> m.getName().equals(name) && generic(m.getGenericParameterTypes()).equals(params))
                .findFirst().orElse(null);
    }

    private static String generic(Type[] types) {
        return Arrays.stream(types).map(Type::getTypeName).collect(Collectors.joining(", "));
    }

    private static String boxed(Type t) {
        if (t instanceof Class<?> c && c.isPrimitive()) {
            return switch (c.getName()) {
                case "void" -> "java.lang.Void";
                case "long" -> "java.lang.Long";
                case "int" -> "java.lang.Integer";
                case "boolean" -> "java.lang.Boolean";
                case "double" -> "java.lang.Double";
                default -> fail("unexpected primitive " + c);
            };
        }
        return t.getTypeName();
    }

    private static String describe(Class<?> type, Method m) {
        return type.getSimpleName() + "." + m.getName() + "(" + generic(m.getGenericParameterTypes()) + ")";
    }
}
