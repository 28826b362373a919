/**
 * duet-db: Duet's ORM. Models are plain records or classes; every everyday operation is a typed
 * method with an async twin; SQLite, PostgreSQL and MySQL/MariaDB behave the same. The guide, with
 * tested examples, is {@code docs/orm.md}; this page is the summary.
 *
 * <h2>Connect</h2>
 * <pre>{@code
 * Database db = Database.connect("sqlite:app.db");   // a file: WAL, busy timeout, foreign keys on
 * Database db = Database.fromEnvironment();           // DATABASE_URL, default sqlite:duet.db
 * Database db = Database.connect("postgresql://app:secret@localhost:5432/app");
 * Database db = Database.connect("mysql://root@localhost:3306/app");   // or mariadb://…, or jdbc:…
 * Database db = Database.connect(DbConfig.builder().url(url).poolSize(20).build());
 * }</pre>
 * A {@link dev.duet.db.Database} is an object the app creates and passes around; there is no
 * global registry, so tests and multi-database apps need no special care. It owns a HikariCP
 * pool (10 connections by default) and closes it on {@link dev.duet.db.Database#close()}.
 * {@link dev.duet.db.DbConfig#tablePrefix()} and {@link dev.duet.db.DbConfig#schema()} put its
 * tables in a namespace of their own: several apps can share one database.
 *
 * <h2>Models</h2>
 * <pre>{@code
 * record User(@Id Long id,                                   // generated; unset = null (or 0)
 *             @Column(length = 50) String name,              // VARCHAR(50) NOT NULL
 *             @Column(length = 100, unique = true) String email,
 *             @Column(nullable = true) @Text String bio,      // TEXT, may be NULL
 *             @Default("now") Instant joined) {}             // filled in at insert
 * }</pre>
 * Records and classes (with a no-argument constructor and non-final fields) both work. Field types:
 * {@code int long short boolean double float} and their boxes, {@code BigDecimal}, {@code String}
 * ({@link dev.duet.db.Text @Text} for unbounded), {@code Instant}, {@code LocalDate}, {@code UUID},
 * enums (stored by name) and {@code byte[]}. Columns are the fields' names in snake_case and are
 * NOT NULL unless {@code @Column(nullable = true)}; the table is the class name in snake_case,
 * pluralised ({@code users}), or {@link dev.duet.db.TableName @TableName}. Also
 * {@link dev.duet.db.Index @Index} (one or several fields, optionally unique),
 * {@link dev.duet.db.Check @Check} and {@link dev.duet.db.References @References} (foreign keys).
 * Reflection runs once per model; rows are read and written through method handles.
 *
 * <h2>Everyday calls</h2>
 * <pre>{@code
 * db.createTables(User.class);                      // CREATE TABLE IF NOT EXISTS + indexes
 * Table<User> users = db.table(User.class);
 * User ann = users.create(new User(null, "Ann", "ann@example.com", null, null)); // a new record with its id
 * users.find(ann.id());                             // Optional<User>
 * users.get(ann.id());                              // or NotFound (404 in Duet)
 * users.findBy("email", "ann@example.com");         // get-or-none by fields
 * users.save(changed);  users.delete(ann);  users.count();  users.exists(eq("name", "Ann"));
 * users.getOrCreate(Map.of("email", e), Map.of("name", n));      // Saved(entity, created)
 * users.updateOrCreate(Map.of("email", e), Map.of("name", n));
 * users.insertAll(list);                            // JDBC batches, one transaction; a count
 * users.createAll(list);                            // the same, each row back with its generated id
 * users.page(2, 20);                                // Page(items, number, size, total)
 * }</pre>
 *
 * <h2>Queries</h2>
 * <pre>{@code
 * import static dev.duet.db.Q.*;
 * users.where(eq("name", "Ann")).orderBy("-id").limit(10).all();
 * users.where(gt("age", 17).and(or(contains("name", "an"), isNull("bio")))).count();
 * users.query().values("id", "email");              // List<Map<String, Object>>
 * List<String> emails = users.query().pluck("email");
 * users.query().sum("age");  users.query().max("joined");  users.query().avg("age");
 * users.where(eq("active", false)).update("name", "gone");  users.where(lt("age", 0)).delete();
 * db.query(User.class, "SELECT * FROM users WHERE email LIKE ?", "%@x.org");  // raw, still bound
 * favorites.where(in("postId", ids)).countBy("postId");                      // Map<Long, Long>, one GROUP BY
 * orders.query().groupBy("customerId").sum("total");                        // a row per customer
 * posts.where(in("id", favorites.where(eq("userId", me)).column("postId"))); // IN (SELECT …), one statement
 * }</pre>
 * Field names are checked against the model when a query is built (a typo fails at once, listing
 * the fields); every value is a bound parameter, converted to its field's type.
 *
 * <h2>Async twins</h2>
 * Every operation {@code foo} has {@code fooAsync} returning a {@code CompletionStage}, which runs
 * exactly {@code foo} on a virtual thread. At most {@link dev.duet.db.Database#poolSize()} run at
 * once; the rest wait their turn in a fair queue (so 10 000 concurrent {@code createAsync} calls
 * all succeed), up to {@link dev.duet.db.DbConfig#maxQueuedAsync()}, past which they fail fast with
 * {@link dev.duet.db.Overloaded}. Called inside a Duet request, the task sees
 * {@code Request.current()} and the log MDC, and is cancelled with the request.
 * <pre>{@code
 * app.getAsync("/users", req -> users.query().valuesAsync("id", "name", "email"));
 * }</pre>
 *
 * <h2>Transactions</h2>
 * <pre>{@code
 * db.transaction(() -> { users.create(a); users.create(b); });   // both or neither
 * User u = db.transaction(() -> users.create(a));
 * db.transactionAsync(() -> …);
 * }</pre>
 * The transaction is bound to the code inside it (a {@code ScopedValue}): every ORM call there,
 * and every async twin started there, uses its connection, whatever thread it runs on. A nested
 * transaction is a savepoint.
 *
 * <h2>Errors</h2>
 * All failures are {@link dev.duet.db.DbException}s: {@link dev.duet.db.UniqueViolation} (naming
 * the field), {@link dev.duet.db.NotNullViolation}, {@link dev.duet.db.ForeignKeyViolation},
 * {@link dev.duet.db.CheckViolation}, {@link dev.duet.db.ValueTooLong},
 * {@link dev.duet.db.NotFound}, {@link dev.duet.db.ConnectionFailure}. {@link dev.duet.db.DuetDb#install}
 * maps them to 409/400/404/503 responses.
 *
 * <h2>Migrations</h2>
 * {@link dev.duet.db.Database#migrate()} applies Flyway migrations from
 * {@code classpath:db/migration} ({@code V1__create_users.sql}, …).
 *
 * <h2>Why this shape</h2>
 * A {@code Table<User>} obtained from the database, rather than static methods on the model
 * ({@code User.all()}), because Java has no class-level inheritance of statics that could know
 * which database to use without global state; holding the table in a field reads almost the same
 * ({@code users.all()}) and makes the database explicit. Field names are strings checked against
 * the model rather than generated metamodel constants, to need no annotation processor.
 */
package dev.duet.db;
