package dev.duet;

import dev.duet.test.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every way a page class can break the convention fails at registration, with a message naming
 * the class and what is wrong. Each bad page sits alone in a package under
 * {@code dev.duet.badpages}; registering them all at once reports every problem together.
 * (What pages serve is checked over every core by {@code PagesSuite}.)
 */
class PagesTest {
    private static final String BAD = "dev.duet.badpages.";

    private static String problem(String pkg) {
        App app = App.create(Config.builder().build());
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> app.pages(BAD + pkg));
        assertThat(thrown).as("pages(%s)", pkg).isInstanceOf(IllegalArgumentException.class);
        return thrown.getMessage();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            notpublic      | notpublic.Page: a page class must be public
            abstractpage   | abstractpage.Page: a page class must be a concrete class, not abstract
            interfacepage  | interfacepage.Page: a page class must be a concrete class, not an interface
            noctor         | noctor.Page: its constructor takes a java.lang.String, but the pages were registered without a context: use pages(package, context)
            ctorthrows     | ctorthrows.Page: its constructor threw java.lang.IllegalStateException: no database
            staticinit     | staticinit.Page: its static initializer threw java.lang.IllegalStateException: no config
            wrongsig       | wrongsig.Page.get must take exactly one parameter, a dev.duet.Request
            actionargs     | actionargs.Page.actionDelete must take exactly one parameter, a dev.duet.Request
            nomethods      | nomethods.Page: a page needs at least one public method get, post, put, patch, delete or action<Name>, each taking a dev.duet.Request
            staticget      | staticget.Page.get must not be static: a page's methods belong to its one instance
            privateget     | privateget.Page.get must be public to be served
            uppercaseverb  | uppercaseverb.Page.GET: HTTP methods are spelled in lower case (get)
            badaction      | badaction.Page.actiondelete: an action method is named action<Name>, Name matching [A-Z][A-Za-z0-9]{0,63} (actionDelete serves action=delete); name helpers otherwise
            actionhelper   | actionhelper.Page.actions: an action method is named action<Name>, Name matching [A-Z][A-Za-z0-9]{0,63} (actionDelete serves action=delete); name helpers otherwise
            lowercase      | lowercase.page: a page class must be named exactly Page
            unknowntype    | unknowntype._id_short.Page: package segment _id_short has an unknown parameter type 'short'; the types are int, long, uuid and rest (as in _id_long)
            emptytype      | emptytype._id_.Page: package segment _id_ has an unknown parameter type ''; the types are int, long, uuid and rest (as in _id_long)
            uppercasename  | uppercasename._Id.Page: package segment _Id starts with '_', so it is a path parameter, but its name 'Id' does not match [a-z][a-zA-Z0-9]*
            digitname      | digitname._1st.Page: package segment _1st starts with '_', so it is a path parameter, but its name '1st' does not match [a-z][a-zA-Z0-9]*
            restnotlast    | restnotlast._path_rest.more.Page: package segment _path_rest (the rest of the path) must be the last one, the page's own package
            twice          | twice._id.x._id.Page: path parameter 'id' appears twice in package dev.duet.badpages.twice._id.x._id
            """)
    void aPageThatBreaksTheConventionFailsNamingItsClass(String pkg, String expected) {
        String message = problem(pkg);
        assertThat(message).startsWith("pages(\"" + BAD + pkg + "\"): 1 problem (see docs/pages.md)\n  ");
        assertThat(message).endsWith("\n  " + BAD + expected);
    }

    @Test
    void twoPagesNamingTheSameParameterDifferentlyFailNamingTheSecond() {
        assertThat(problem("conflict")).endsWith("\n  " + BAD + "conflict._b.Page: route /{b} names parameter 'b' where another"
                + " route names it 'a'");
    }

    @Test
    void everyProblemOfAPackageIsReportedAtOnce() {
        App app = App.create(Config.builder().build());
        Throwable all = org.assertj.core.api.Assertions.catchThrowable(() -> app.pages("dev.duet.badpages"));
        assertThat(all).hasMessageStartingWith("pages(\"dev.duet.badpages\"): 22 problems (see docs/pages.md)\n");
        for (String pkg : new String[]{"notpublic", "abstractpage", "interfacepage", "noctor", "ctorthrows", "wrongsig",
                "actionargs", "nomethods", "staticget", "privateget", "uppercaseverb", "badaction", "lowercase",
                "unknowntype._id_short", "emptytype._id_", "uppercasename._Id", "digitname._1st", "restnotlast._path_rest.more",
                "twice._id.x._id", "conflict._b", "staticinit", "actionhelper"}) {
            assertThat(all.getMessage()).as(pkg).contains("\n  " + BAD + pkg + (pkg.equals("lowercase") ? ".page" : ".Page"));
        }
    }

    @Test
    void aPackageWithoutPagesOrNotThereAtAllFails() {
        assertThat(problem("empty")).startsWith("pages(\"dev.duet.badpages.empty\"): no class named Page in package"
                + " dev.duet.badpages.empty or under it (looked in ").contains("test-classes");
        assertThat(problem("nowhere")).isEqualTo("pages(\"dev.duet.badpages.nowhere\"): no class named Page in package"
                + " dev.duet.badpages.nowhere or under it (the package is not on the class path)");
        App app = App.create(Config.builder().build());
        assertThatThrownBy(() -> app.pages("dev..duet")).hasMessage("pages(\"dev..duet\"): not a Java package name");
        assertThatThrownBy(() -> app.pages("dev.duet.")).hasMessage("pages(\"dev.duet.\"): not a Java package name");
        assertThatThrownBy(() -> app.pages("")).hasMessage("pages(\"\"): not a Java package name");
        assertThatThrownBy(() -> app.pages(null)).hasMessage("pages(\"null\"): not a Java package name");
    }

    @Test
    void aPageAtAUrlARouteAlreadyHasFailsNamingThePage() {
        App app = App.create(Config.builder().build());
        app.get("/about", req -> "mine");
        assertThatThrownBy(() -> app.pages("dev.duet.conformance.site"))
                .hasMessageContaining("\n  dev.duet.conformance.site.about.Page: duplicate route: GET /about");
    }

    @Test
    void aPageInheritsThePublicMethodsOfItsSuperclass() {
        App app = App.create(Config.builder().build());
        app.pages("dev.duet.inherited");
        assertThat(app.routes()).extracting(r -> r.method() + " " + r.pattern()).containsExactlyInAnyOrder("GET /child", "POST /child");
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.get("/child").text()).isEqualTo("shared get of dev.duet.inherited.child");
            assertThat(client.post("/child", "", "text/plain").text()).isEqualTo("own post");
        }
    }

    @Test
    void aPrimitiveOrVoidReturnIsAnsweredAsFromAHandler() {
        App app = App.create(Config.builder().build());
        app.pages("dev.duet.returns");
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.get("/").text()).as("an int, as JSON").isEqualTo("42");
            assertThat(client.send(dev.duet.test.TestRequest.of("DELETE", "/")).status()).as("void").isEqualTo(204);
        }
    }

    @Test
    void pagesCannotBeAddedOnceTheAppHasStarted() {
        App app = App.create(Config.builder().build());
        app.get("/", req -> "home");
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.get("/").text()).isEqualTo("home");
            assertThatThrownBy(() -> app.pages("dev.duet.conformance.site"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot add or change pages dev.duet.conformance.site now");
        }
    }

    @Test
    void withoutAContextClassLoaderPagesAreFoundThroughDuetsOwn() {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(null);
        try {
            App app = App.create(Config.builder().build());
            app.pages("dev.duet.conformance.admin");
            assertThat(app.routes()).extracting(Route::pattern).containsExactlyInAnyOrder("/", "/stats");
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            com.x.pages                        | /
            com.x.pages.users                  | /users
            com.x.pages.users._id              | /users/{id}
            com.x.pages.users._userId_long.posts | /users/{userId:long}/posts
            com.x.pages.c._n_int               | /c/{n:int}
            com.x.pages.t._token_uuid          | /t/{token:uuid}
            com.x.pages.files._path_rest       | /files/{path:*}
            com.x.pages.new_                   | /new
            com.x.pages.Reports.v2             | /Reports/v2
            com.x.pages.sign_up                | /sign_up
            """)
    void aPackageSpellsItsUrl(String pkg, String url) {
        assertThat(Pages.pattern(pkg + ".Page", "com.x.pages", pkg)).isEqualTo(url);
    }

    @ParameterizedTest(name = "{1} beside {0}")
    @CsvSource(delimiter = '|', textBlock = """
            /com/x/pages/users/ | page.html        | /com/x/pages/users/page.html
            /com/x/pages/users/ | parts/row.html   | /com/x/pages/users/parts/row.html
            /com/x/pages/users/ | ../layout.html   | /com/x/pages/layout.html
            /com/x/pages/users/ | ./a/../b.html    | /com/x/pages/users/b.html
            """)
    void aRelativeTemplateNameResolvesBesideThePage(String dir, String name, String resolved) {
        assertThat(Pages.resolve(dir, name, "com.x.pages.users.Page")).isEqualTo(resolved);
    }

    @Test
    void aTemplateNameCannotClimbAboveTheClassPathRoot() {
        assertThatThrownBy(() -> Pages.resolve("/a/b/", "../../../x.html", "a.b.Page"))
                .hasMessage("template ../../../x.html of a.b.Page climbs above the class path's root");
    }
}
