package dev.duet.template.pebble;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.util.List;
import java.util.Map;

/** An app's own Pebble extension, as the tests use one: two filters (one fails) and a function. */
final class TestExtension extends AbstractExtension {
    @Override
    public Map<String, Filter> getFilters() {
        return Map.of("shout", new Filter() {
            @Override
            public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
                return input == null ? null : input.toString().toUpperCase() + "!";
            }

            @Override
            public List<String> getArgumentNames() {
                return List.of();
            }
        }, "explode", new Filter() {
            @Override
            public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
                throw new IllegalStateException("the explode filter always fails");
            }

            @Override
            public List<String> getArgumentNames() {
                return List.of();
            }
        });
    }

    @Override
    public Map<String, Function> getFunctions() {
        return Map.of("greet", new Function() {
            @Override
            public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
                return "Hi " + args.get("who");
            }

            @Override
            public List<String> getArgumentNames() {
                return List.of("who");
            }
        });
    }
}
