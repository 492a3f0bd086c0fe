package dev.cantila.engine.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An automated accessibility check of the page the browser shows: axe-core (the npm package the Console's build
 * installs, console/node_modules/axe-core, pinned in its package-lock.json; read from disk, no CDN) injected with
 * WebDriver and run over the whole document against WCAG 2.1 A and AA. A violation of impact serious or critical
 * (missing labels, contrast under 4.5:1, keyboard traps, ARIA misuse…) fails, naming each rule and its elements.
 */
final class Accessibility {
    private static final Path AXE = Path.of("..", "console", "node_modules", "axe-core", "axe.min.js");
    private static String source;

    private Accessibility() {
    }

    private static synchronized String axe() {
        if (source == null) {
            try {
                source = Files.readString(AXE);
            } catch (IOException e) {
                throw new UncheckedIOException("axe-core is missing at " + AXE.toAbsolutePath()
                        + ": the engine's build installs the Console's packages (console/build.sh)", e);
            }
        }
        return source;
    }

    /** @return one line per serious or critical violation on the page (empty: none) */
    @SuppressWarnings("unchecked")
    static List<String> violations(Browser browser) {
        if (!Boolean.TRUE.equals(browser.script("return typeof window.axe === 'object'"))) {
            browser.script(axe());
        }
        Object result = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "window.axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
                        + " resultTypes: ['violations']})"
                        + ".then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                        + ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
                        + " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))}))))"
                        + ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));");
        List<String> out = new ArrayList<>();
        for (Object v : (List<Object>) result) {
            Map<String, Object> m = (Map<String, Object>) v;
            out.add(m.get("impact") + " " + m.get("id") + ": " + m.get("help") + " " + m.get("nodes"));
        }
        return out;
    }
}
