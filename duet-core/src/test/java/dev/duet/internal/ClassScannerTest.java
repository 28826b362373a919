package dev.duet.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scanner's own rules; finding pages in folders, jars and modules is tested through
 * {@code app.pages(...)} (PagesSuite, PageDiscoveryTest, ModulePagesTest).
 */
class ClassScannerTest {
    /** A class loader that claims the package lives at {@code url}. */
    private static ClassLoader claiming(String url) {
        return new ClassLoader(null) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return Collections.enumeration(List.of(URI.create(url).toURL()));
            }
        };
    }

    @Test
    void listsOnlyTopLevelClassesOfThePackageAndBelowSorted() {
        ClassScanner.Found found = ClassScanner.scan(ClassScannerTest.class.getClassLoader(), "dev.duet.conformance.site.users");
        assertThat(found.classes()).containsExactly(
                "dev.duet.conformance.site.users.Page",
                "dev.duet.conformance.site.users._id_long.Page",
                "dev.duet.conformance.site.users._id_long.edit.Page");
        assertThat(found.locations()).singleElement().asString().endsWith("dev/duet/conformance/site/users");
    }

    @Test
    void aSiblingPackageWithTheSamePrefixIsNotUnderThePackage() {
        // dev.duet.conformance.site.users is not under dev.duet.conformance.site.u
        assertThat(ClassScanner.scan(ClassScannerTest.class.getClassLoader(), "dev.duet.conformance.site.u").classes()).isEmpty();
    }

    @Test
    void aPackageOnNoClassPathIsFoundNowhere() {
        ClassScanner.Found found = ClassScanner.scan(ClassScannerTest.class.getClassLoader(), "no.such.pkg");
        assertThat(found.classes()).isEmpty();
        assertThat(found.locations()).isEmpty();
    }

    @Test
    void aLocationThatIsNeitherAFolderNorAJarFileIsRefusedNamingIt() {
        assertThatThrownBy(() -> ClassScanner.scan(claiming("http://example.com/lib/com/example"), "com.example"))
                .hasMessage("cannot list the classes of package com.example in http://example.com/lib/com/example:"
                        + " only directories, jar files and modules are supported");
        // A jar that is no file (remote, or nested in another jar as Spring Boot's are)
        assertThatThrownBy(() -> ClassScanner.scan(claiming("jar:http://example.com/app.jar!/com/example"), "com.example"))
                .hasMessage("cannot list classes in jar:http://example.com/app.jar!/com/example:"
                        + " only jar files on the file system are supported");
    }
}
