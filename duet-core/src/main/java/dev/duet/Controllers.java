package dev.duet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.CompletionStage;

/**
 * Registers a controller's {@code get}/{@code post}/... methods as routes (see
 * {@link Routes#controller}), and holds what page classes ({@link Pages}) share with controllers.
 * Reflection runs once, here, at registration: each method becomes a method handle behind an
 * ordinary handler, blocking or async by its declared return type.
 */
final class Controllers {
    private static final MethodType HANDLER = MethodType.methodType(Object.class, Request.class);

    private Controllers() {
    }

    static void register(Routes routes, String pattern, Object controller) {
        int found = 0;
        for (Method m : controller.getClass().getMethods()) {
            HttpMethod verb = verb(m.getName());
            if (verb == null || m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers())) continue;
            if (!takesOnlyARequest(m)) {
                throw new IllegalArgumentException(controller.getClass().getName() + "." + m.getName()
                        + " must take exactly one parameter, a dev.duet.Request, to serve " + verb + " " + pattern);
            }
            MethodHandle mh = bind(m, controller);
            found++;
            if (isAsync(m)) {
                routes.routeAsync(verb, pattern, req -> (CompletionStage<?>) invoke(mh, req));
            } else {
                routes.route(verb, pattern, req -> invoke(mh, req));
            }
        }
        if (found == 0) {
            throw new IllegalArgumentException(controller.getClass().getName()
                    + " has no public get/post/put/patch/delete(Request) method");
        }
    }

    /** The HTTP method a method named {@code name} serves ({@code get}, {@code post}...), or null. */
    static HttpMethod verb(String name) {
        return switch (name) {
            case "get" -> HttpMethod.GET;
            case "post" -> HttpMethod.POST;
            case "put" -> HttpMethod.PUT;
            case "patch" -> HttpMethod.PATCH;
            case "delete" -> HttpMethod.DELETE;
            default -> null;
        };
    }

    static boolean takesOnlyARequest(Method m) {
        return m.getParameterCount() == 1 && m.getParameterTypes()[0] == Request.class;
    }

    /** Async if it declares a {@code CompletionStage}: the kind is read from the signature, never from a call. */
    static boolean isAsync(Method m) {
        return CompletionStage.class.isAssignableFrom(m.getReturnType());
    }

    /** {@code m} bound to {@code target}, as a handle of type {@code (Request)Object} for {@link #invoke}. */
    static MethodHandle bind(Method m, Object target) {
        try {
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m).bindTo(target).asType(HANDLER);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot call " + m + ": " + e.getMessage(), e);
        }
    }

    /** Calls a handle made by {@link #bind}, letting what the method throws through as is. */
    static Object invoke(MethodHandle mh, Request req) throws Exception {
        try {
            return (Object) mh.invokeExact(req);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
