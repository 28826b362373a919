package dev.duet.db.internal;

import dev.duet.db.Check;
import dev.duet.db.Column;
import dev.duet.db.Default;
import dev.duet.db.Id;
import dev.duet.db.Index;
import dev.duet.db.References;
import dev.duet.db.TableName;
import dev.duet.db.Text;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What duet-db knows of a model class, worked out by reflection once per class (see {@link #of})
 * and used through method handles afterwards: no reflection per row.
 */
public final class ModelInfo<T> {
    private static final ClassValue<ModelInfo<?>> CACHE = new ClassValue<>() {
        @Override
        protected ModelInfo<?> computeValue(Class<?> type) {
            return new ModelInfo<>(type);
        }
    };

    public final Class<T> type;
    public final String name;
    public final String table;
    public final boolean record;
    public final List<Col> columns;
    public final Col id;
    public final List<IndexInfo> indexes;
    public final List<CheckInfo> checks;
    private final Map<String, Col> byName;
    private final MethodHandle constructor;
    /** A record's canonical constructor, {@code (field types...)T}; null for a class. */
    public final MethodHandle recordConstructor;

    /**
     * An index or unique constraint, named for the model's own table; {@code named}: by the model
     * ({@code @Index(name = …)}) rather than after its table and columns.
     */
    public record IndexInfo(String name, List<Col> columns, boolean unique, boolean named) {
        public List<String> fields() {
            return columns.stream().map(c -> c.field).toList();
        }

        /** This index as it is named on {@code table}, whose tables' names start with {@code prefix}. */
        public IndexInfo on(String table, String prefix) {
            // A name the model gave is kept as written unless a prefix makes it longer (an existing
            // database must still find its index).
            String n = named ? (prefix.isEmpty() ? name : Names.shorten(prefix + name))
                    : Names.constraint(unique ? "uq" : "ix", table, columns.stream().map(c -> c.column).toList());
            return n.equals(name) ? this : new IndexInfo(n, columns, unique, named);
        }
    }

    /** A CHECK constraint, named for the model's own table; {@code named}: by the model, else the {@code ordinal}th of its checks. */
    public record CheckInfo(String name, String expression, boolean named, int ordinal) {
        /** This check as it is named on {@code table}, whose tables' names start with {@code prefix}. */
        public CheckInfo on(String table, String prefix) {
            String n = named ? (prefix.isEmpty() ? name : Names.shorten(prefix + name))
                    : Names.constraint("ck", table, List.of(Integer.toString(ordinal)));
            return n.equals(name) ? this : new CheckInfo(n, expression, named, ordinal);
        }
    }

    /** The metadata of {@code type}, built once and cached; fails with a clear message if it cannot be a model. */
    @SuppressWarnings("unchecked")
    public static <T> ModelInfo<T> of(Class<T> type) {
        try {
            return (ModelInfo<T>) CACHE.get(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private ModelInfo(Class<T> type) {
        this.type = type;
        this.name = type.getSimpleName();
        this.record = type.isRecord();
        if (type.isInterface() || type.isEnum() || type.isPrimitive() || type.isArray()
                || (!record && Modifier.isAbstract(type.getModifiers()))) {
            throw new IllegalArgumentException(type.getName() + " cannot be a model: use a record or a concrete class");
        }
        TableName tn = type.getAnnotation(TableName.class);
        this.table = tn != null ? tn.value() : Names.plural(Names.snake(name));
        MethodHandles.Lookup lookup;
        try {
            lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("duet-db cannot access model " + type.getName()
                    + "; open its package to duet-db (opens ... to dev.duet.db)", e);
        }
        List<Col> cols = new ArrayList<>();
        try {
            if (record) {
                RecordComponent[] comps = type.getRecordComponents();
                Class<?>[] ctorTypes = new Class<?>[comps.length];
                for (int i = 0; i < comps.length; i++) {
                    RecordComponent rc = comps[i];
                    ctorTypes[i] = rc.getType();
                    MethodHandle getter = lookup.unreflect(rc.getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
                    cols.add(column(rc, rc.getName(), rc.getType(), i, getter, null));
                }
                MethodHandle ctor = lookup.findConstructor(type, MethodType.methodType(void.class, ctorTypes));
                this.recordConstructor = ctor;
                this.constructor = ctor.asSpreader(Object[].class, comps.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
            } else {
                List<Field> fields = new ArrayList<>();
                List<Class<?>> chain = new ArrayList<>();
                for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) chain.add(c);
                Collections.reverse(chain);
                for (Class<?> c : chain) {
                    for (Field f : c.getDeclaredFields()) {
                        int m = f.getModifiers();
                        if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()) continue;
                        if (Modifier.isFinal(m)) {
                            throw new IllegalArgumentException("field " + f.getName() + " of model " + type.getName()
                                    + " is final; a model class needs settable fields (make it non-final or transient, or use a record)");
                        }
                        fields.add(f);
                    }
                }
                for (int i = 0; i < fields.size(); i++) {
                    Field f = fields.get(i);
                    MethodHandles.Lookup fl = f.getDeclaringClass() == type ? lookup
                            : MethodHandles.privateLookupIn(f.getDeclaringClass(), MethodHandles.lookup());
                    MethodHandle getter = fl.unreflectGetter(f).asType(MethodType.methodType(Object.class, Object.class));
                    MethodHandle setter = fl.unreflectSetter(f).asType(MethodType.methodType(void.class, Object.class, Object.class));
                    cols.add(column(f, f.getName(), f.getType(), i, getter, setter));
                }
                MethodHandle ctor;
                try {
                    ctor = lookup.findConstructor(type, MethodType.methodType(void.class));
                } catch (NoSuchMethodException e) {
                    throw new IllegalArgumentException("model class " + type.getName()
                            + " needs a no-argument constructor (any visibility), or make it a record", e);
                }
                if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
                    throw new IllegalArgumentException("model class " + type.getName() + " is an inner class; make it static");
                }
                this.constructor = ctor.asType(MethodType.methodType(Object.class));
                this.recordConstructor = null;
            }
        } catch (IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalArgumentException("duet-db cannot access model " + type.getName() + ": " + e.getMessage(), e);
        }
        if (cols.isEmpty()) throw new IllegalArgumentException("model " + type.getName() + " has no fields");
        this.columns = List.copyOf(cols);

        Col idCol = null;
        for (Col c : cols) {
            if (c.id) {
                if (idCol != null) {
                    throw new IllegalArgumentException("model " + type.getName() + " has two @Id fields (" + idCol.field + ", " + c.field
                            + "); composite keys are not supported");
                }
                idCol = c;
            }
        }
        if (idCol == null) {
            throw new IllegalArgumentException("model " + type.getName() + " has no id: annotate a field with @Id or name it 'id'");
        }
        this.id = idCol;

        Map<String, Col> names = new LinkedHashMap<>();
        for (Col c : cols) {
            Col prev = names.put(c.column, c);
            if (prev != null && prev != c) {
                throw new IllegalArgumentException("model " + type.getName() + ": fields " + prev.field + " and " + c.field
                        + " both map to column " + c.column);
            }
        }
        for (Col c : cols) names.putIfAbsent(c.field, c);
        this.byName = Map.copyOf(names);

        List<IndexInfo> idx = new ArrayList<>();
        for (Col c : cols) {
            if (c.unique) idx.add(new IndexInfo(Names.constraint("uq", table, List.of(c.column)), List.of(c), true, false));
        }
        for (Col c : cols) {
            Index[] on = annotated(c).getAnnotationsByType(Index.class);
            for (Index i : on) {
                if (i.value().length > 0) {
                    throw new IllegalArgumentException("@Index on field " + c.field + " of " + type.getName()
                            + " names fields; put a multi-field @Index on the model class instead");
                }
                idx.add(index(i, List.of(c)));
            }
        }
        for (Index i : type.getAnnotationsByType(Index.class)) {
            if (i.value().length == 0) {
                throw new IllegalArgumentException("@Index on model " + type.getName() + " must name its fields: @Index({\"a\", \"b\"})");
            }
            List<Col> on = new ArrayList<>();
            for (String f : i.value()) on.add(column(f));
            idx.add(index(i, on));
        }
        this.indexes = List.copyOf(idx);
        List<CheckInfo> ck = new ArrayList<>();
        int n = 1;
        for (Check c : type.getAnnotationsByType(Check.class)) {
            String cname = c.name().isEmpty() ? Names.constraint("ck", table, List.of(Integer.toString(n))) : c.name();
            ck.add(new CheckInfo(cname, c.value(), !c.name().isEmpty(), n));
            n++;
        }
        this.checks = List.copyOf(ck);
    }

    private final Map<Col, AnnotatedElement> elements = new java.util.HashMap<>();

    private AnnotatedElement annotated(Col c) {
        return elements.get(c);
    }

    private IndexInfo index(Index i, List<Col> on) {
        String iname = !i.name().isEmpty() ? i.name()
                : Names.constraint(i.unique() ? "uq" : "ix", table, on.stream().map(c -> c.column).toList());
        return new IndexInfo(iname, List.copyOf(on), i.unique(), !i.name().isEmpty());
    }

    private Col column(AnnotatedElement el, String fieldName, Class<?> javaType, int index, MethodHandle getter, MethodHandle setter) {
        boolean isText = el.isAnnotationPresent(Text.class);
        ColumnType ct = ColumnType.of(javaType, isText);
        if (ct == null) {
            throw new IllegalArgumentException("field " + fieldName + " of model " + type.getName() + " has type "
                    + javaType.getTypeName() + ", which duet-db cannot store (supported: int, long, short, boolean, double,"
                    + " float, their boxes, BigDecimal, String, Instant, LocalDate, UUID, enums, byte[]); mark it transient to skip it");
        }
        if (isText && javaType != String.class) {
            throw new IllegalArgumentException("@Text on field " + fieldName + " of " + type.getName() + ", which is not a String");
        }
        Column col = el.getAnnotation(Column.class);
        boolean isId = el.isAnnotationPresent(Id.class);
        if (!isId && fieldName.equals("id") && !hasIdAnnotation()) isId = true;
        String colName = col != null && !col.name().isEmpty() ? col.name() : Names.snake(fieldName);
        boolean nullable = !isId && !javaType.isPrimitive() && col != null && col.nullable();
        int length = col != null ? col.length() : 255;
        if (length < 1) throw new IllegalArgumentException("@Column(length) of " + type.getName() + "." + fieldName + " must be positive");
        int precision = col != null ? col.precision() : 19;
        int scale = col != null ? col.scale() : 2;
        Default def = el.getAnnotation(Default.class);
        References ref = el.getAnnotation(References.class);
        if (ref != null && ct != ColumnType.INT && ct != ColumnType.LONG && ct != ColumnType.UUID && ct != ColumnType.STRING) {
            throw new IllegalArgumentException("@References on " + type.getName() + "." + fieldName + ": a reference holds an id"
                    + " (int, long, UUID or String), not a " + javaType.getSimpleName());
        }
        if (isId && def != null) throw new IllegalArgumentException("the id of " + type.getName() + " cannot have a @Default");
        if (isId && ct != ColumnType.INT && ct != ColumnType.LONG && ct != ColumnType.UUID && ct != ColumnType.STRING) {
            throw new IllegalArgumentException("the id of " + type.getName() + " must be an int, long, UUID or String, not "
                    + javaType.getSimpleName());
        }
        Col c = new Col(fieldName, colName, javaType, ct, nullable, col != null && col.unique() && !isId, isId, length,
                precision, scale, def == null ? null : def.value(), index, getter, setter, type.getName(),
                ref == null ? null : ref.value(), ref != null && ref.cascade());
        elements.put(c, el);
        return c;
    }

    private Boolean hasId;

    private boolean hasIdAnnotation() {
        if (hasId == null) {
            boolean found = false;
            if (record) {
                for (RecordComponent rc : type.getRecordComponents()) found |= rc.isAnnotationPresent(Id.class);
            } else {
                for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) found |= f.isAnnotationPresent(Id.class);
                }
            }
            hasId = found;
        }
        return hasId;
    }

    // ---- names ----

    /** The column for a field name or a column name; fails naming the model's fields if there is none. */
    public Col column(String name) {
        Col c = name == null ? null : byName.get(name);
        if (c == null) {
            throw new IllegalArgumentException("model " + this.name + " has no field '" + name + "' (fields: "
                    + columns.stream().map(x -> x.field).collect(Collectors.joining(", ")) + ")");
        }
        return c;
    }

    /** The column named {@code column} in the database, or null. */
    public Col byColumn(String column) {
        for (Col c : columns) {
            if (c.column.equalsIgnoreCase(column)) return c;
        }
        return null;
    }

    // ---- entities ----

    /** The values of {@code entity}'s fields, in column order. */
    public Object[] values(T entity) {
        Object[] v = new Object[columns.size()];
        try {
            for (int i = 0; i < v.length; i++) v[i] = columns.get(i).getter.invokeExact((Object) entity);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return v;
    }

    public Object get(T entity, Col c) {
        try {
            return c.getter.invokeExact((Object) entity);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A new entity with {@code values} in column order (null for a primitive becomes 0/false). */
    public T newEntity(Object[] values) {
        try {
            if (record) {
                Object[] args = values;
                for (int i = 0; i < args.length; i++) {
                    if (args[i] == null && columns.get(i).primitive) {
                        if (args == values) args = values.clone();
                        args[i] = columns.get(i).zero();
                    }
                }
                return type.cast(constructor.invokeExact(args));
            }
            T e = type.cast(constructor.invokeExact());
            set(e, values);
            return e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code entity} with {@code values}: a new record, or the same object with its fields set. */
    public T with(T entity, Object[] values) {
        if (record) return newEntity(values);
        set(entity, values);
        return entity;
    }

    private void set(T e, Object[] values) {
        try {
            for (int i = 0; i < values.length; i++) {
                Col c = columns.get(i);
                Object v = values[i];
                if (v == null && c.primitive) v = c.zero();
                c.setter.invokeExact((Object) e, v);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    @Override
    public String toString() {
        return "Model[" + name + " -> " + table + "]";
    }
}
