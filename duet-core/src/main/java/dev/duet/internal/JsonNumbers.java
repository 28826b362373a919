package dev.duet.internal;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Numbers that overflow the type they are read into are refused, where Jackson would read
 * {@code 1e999} into a {@code double} as {@code Infinity} (and write it back as {@code "Infinity"}).
 * An integer type already refuses a number out of its range; these cover the floating-point types
 * and {@link Number} (which untyped JSON, a {@code Map<String, Object>}, reads numbers as).
 */
final class JsonNumbers {
    private JsonNumbers() {
    }

    static void register(SimpleModule module) {
        module.addDeserializer(Double.class, new Floating<>(Double.class, false));
        module.addDeserializer(double.class, new Floating<>(Double.class, true));
        module.addDeserializer(Float.class, new Floating<>(Float.class, false));
        module.addDeserializer(float.class, new Floating<>(Float.class, true));
        module.addDeserializer(Number.class, new AnyNumber());
    }

    /** A double or float read from a number (or from a string of one, as Jackson allows), finite or refused. */
    private static final class Floating<T> extends ValueDeserializer<T> {
        private final Class<T> type;
        private final boolean primitive;

        Floating(Class<T> type, boolean primitive) {
            this.type = type;
            this.primitive = primitive;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonToken t = p.currentToken();
            double d;
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                d = type == Float.class ? p.getFloatValue() : p.getDoubleValue();
            } else if (t == JsonToken.VALUE_STRING) {
                String s = p.getString().strip();
                try {
                    d = type == Float.class ? Float.parseFloat(s) : Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    return type.cast(ctxt.handleWeirdStringValue(type, s, "not a number"));
                }
            } else if (t == JsonToken.VALUE_NULL && !primitive) {
                return null;
            } else {
                return type.cast(ctxt.handleUnexpectedToken(type, p));
            }
            if (Double.isInfinite(d) || Double.isNaN(d)) throw outOfRange(p, type);
            return type.cast(type == Float.class ? (Object) (float) d : (Object) d);
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) {
            return primitive ? type.cast(type == Float.class ? (Object) 0f : (Object) 0d) : null;
        }
    }

    /** A number of no declared type: as Jackson reads it, unless it is a floating-point one that overflows a double. */
    private static final class AnyNumber extends ValueDeserializer<Number> {
        @Override
        public Number deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT) return p.getNumberValue();
            if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                if (ctxt.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)) return p.getDecimalValue();
                double d = p.getDoubleValue();
                if (Double.isInfinite(d)) throw outOfRange(p, Double.class);
                return d;
            }
            return (Number) ctxt.handleUnexpectedToken(Number.class, p);
        }
    }

    private static tools.jackson.core.exc.InputCoercionException outOfRange(JsonParser p, Class<?> type) {
        String text = p.currentToken() == JsonToken.VALUE_STRING ? p.getString() : p.getText();
        return new tools.jackson.core.exc.InputCoercionException(p,
                "Numeric value (" + text + ") out of range of " + type.getSimpleName(), p.currentToken(), type);
    }
}
