package dev.duet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.CompletionStage;

/**
 * Registers a controller's {@code get}/{@code post}/... methods as routes (see
 * {@link Routes#controller}). Reflection runs once, here, at registration: each method becomes a
 * method handle behind an ordinary handler, blocking or async by its declared return type.
 */
final class Controllers {
    private Controllers() {
    }

    static void register(Routes routes, String pattern, Object controller) {
        int found = 0;
        for (Method m : controller.getClass().getMethods()) {
            HttpMethod verb = switch (m.getName()) {
                case "get" -> HttpMethod.GET;
                case "post" -> HttpMethod.POST;
                case "put" -> HttpMethod.PUT;
                case "patch" -> HttpMethod.PATCH;
                case "delete" -> HttpMethod.DELETE;
                default -> null;
            };
            if (verb == null || m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers())) continue;
            if (m.getParameterCount() != 1 || m.getParameterTypes()[0] != Request.class) {
                throw new IllegalArgumentException(controller.getClass().getName() + "." + m.getName()
                        + " must take exactly one parameter, a dev.duet.Request, to serve " + verb + " " + pattern);
            }
            MethodHandle mh;
            try {
                m.setAccessible(true);
                mh = MethodHandles.lookup().unreflect(m).bindTo(controller);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("cannot call " + m + ": " + e.getMessage(), e);
            }
            found++;
            if (CompletionStage.class.isAssignableFrom(m.getReturnType())) {
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

    private static Object invoke(MethodHandle mh, Request req) throws Exception {
        try {
            return mh.invoke(req);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
