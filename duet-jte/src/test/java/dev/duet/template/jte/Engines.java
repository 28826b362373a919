package dev.duet.template.jte;

import dev.duet.conformance.Harness;
import dev.duet.conformance.HttpHarness;
import dev.duet.conformance.InProcessHarness;
import dev.duet.netty.NettyCore;
import dev.duet.servlet.DuetServlet;
import dev.duet.servlet.JettyCore;

import java.nio.file.Path;

/** The engines and harnesses the suites run on: jte both ways, in-process and over HTTP. */
final class Engines {
    /** The module's test templates, as jte's source folder (the working directory is the module's). */
    static final Path SOURCE = Path.of("src", "test", "jte");

    private Engines() {
    }

    /** Compiled on the fly from src/test/jte; one per JVM, since compiling is what takes time. */
    static JteTemplates dev() {
        return Dev.ENGINE;
    }

    /** Precompiled by jte-maven-plugin in the test build (target/jte-precompiled, on the test class path). */
    static JteTemplates precompiled() {
        return Precompiled.ENGINE;
    }

    static Harness inProcess() {
        return new InProcessHarness();
    }

    static Harness netty() {
        return new HttpHarness(new NettyCore());
    }

    static Harness jetty() {
        return new HttpHarness(new JettyCore(DuetServlet.Threading.CONTAINER), Harness.Threading.CONTAINER);
    }

    private static final class Dev {
        static final JteTemplates ENGINE = JteTemplates.dev(SOURCE);
    }

    private static final class Precompiled {
        static final JteTemplates ENGINE = JteTemplates.precompiled();
    }
}
