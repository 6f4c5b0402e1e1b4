package io.flashsale.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both web pages in a real browser: Debian's headless Chromium driven by playwright-core
 * ({@code src/test/browser/pages.test.mjs}) against a node on the default demo catalogue with the
 * default rate limits. scripts/test.sh installs Chromium and the npm package when missing.
 * Screenshots land in {@code target/browser/}.
 */
class BrowserPagesTest
{
    private static final String ADMIN = "browser-admin-token";
    private static final Path SCRIPTS = Path.of("src/test/browser");

    @TempDir
    Path dir;

    @Test
    void shouldWorkInChromiumOnTheDemoCatalogue() throws Exception
    {
        assertThat(new File("/usr/bin/chromium")).as("Debian's chromium (scripts/test.sh installs it)").exists();
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core")))
        {
            run(SCRIPTS, 300, "npm", "install", "--no-audit", "--no-fund");
        }
        final Map<String, String> settings = TestDefaults.settings();
        settings.put("FLASHSALE_DATA_DIR", dir.resolve("data").toString());
        settings.put("FLASHSALE_HTTP_PORT", "0");
        settings.put("FLASHSALE_ADMIN_TOKEN", ADMIN);
        try (PrimaryNode node = PrimaryNode.start(SettingsLoader.from(settings), line -> { }))
        {
            final String output = run(SCRIPTS, 180, "node", "pages.test.mjs", "http://127.0.0.1:" + node.port(), ADMIN,
                Path.of("target/browser").toAbsolutePath().toString());
            System.out.println(output);
        }
    }

    /** Runs a command to its end; its output, or a failure that carries it. */
    private static String run(final Path directory, final long seconds, final String... command) throws Exception
    {
        final Path log = Files.createTempFile("browser-test", ".log");
        final Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        final boolean done = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!done)
        {
            process.destroyForcibly().waitFor();
        }
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(done).as(String.join(" ", command) + " did not end in " + seconds + " s:\n" + output).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        return output;
    }
}
