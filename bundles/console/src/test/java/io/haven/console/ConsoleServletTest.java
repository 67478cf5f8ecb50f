package io.haven.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleServletTest {

    @Test
    void onlyPlainFileNamesOfKnownTypesAreServed() {
        assertThat(ConsoleServlet.typeOf("index.html")).startsWith("text/html");
        assertThat(ConsoleServlet.typeOf("screens/accounts.js")).startsWith("text/javascript");
        assertThat(ConsoleServlet.typeOf("console.css")).startsWith("text/css");
        assertThat(ConsoleServlet.typeOf("../io/haven/console/ConsoleServlet.class")).isNull();
        assertThat(ConsoleServlet.typeOf("screens/../../META-INF/MANIFEST.MF")).isNull();
        assertThat(ConsoleServlet.typeOf("x.class")).isNull();
        assertThat(ConsoleServlet.typeOf("/etc/passwd")).isNull();
    }

    @Test
    void everyFileTheConsoleNeedsIsInTheBundle() {
        for (String file : new String[] {"index.html", "console.css", "app.js", "api.js", "ui.js"}) {
            assertThat(ConsoleServlet.class.getClassLoader().getResource(ConsoleServlet.ROOT + "/" + file)).as(file).isNotNull();
        }
    }

    @Test
    void thePolicyAllowsNoInlineScriptOrStyleAndNoOtherOrigin() {
        assertThat(SecurityHeaders.CSP).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http");
    }
}
