package dev.cantila.scripts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template language: text with {@code {{name}}} placeholders, optionally spaced ({@code {{ name }}}); a
 * name is {@code [A-Za-z_][A-Za-z0-9_.-]*}. Every <code>{{</code> must open a well-formed placeholder, so a typo
 * such as an unclosed <code>{{</code> is caught when the template is saved, not when a message goes out. Pure and
 * thread-safe. Shared by the engine (templates, bulk sends, ctx.reply) and the offline world of {@code cantila test}.
 *
 * <p>Rendering is one pass over the template: a value containing {@code {{x}}} stays literal (no recursive
 * expansion, so a recipient's data can never pull in another variable).
 */
public final class TemplateText {
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{\\{[ \\t]*([A-Za-z_][A-Za-z0-9_.-]*)[ \\t]*}}");

    private TemplateText() {
    }

    /**
     * The placeholder names in order of first appearance, each once.
     *
     * @throws TemplateException {@code invalid_template} (400, field {@code body}) for a malformed placeholder
     */
    public static List<String> variables(String template) {
        Set<String> names = new LinkedHashSet<>();
        scan(template, (literal, name) -> {
            if (name != null) {
                names.add(name);
            }
        });
        return List.copyOf(names);
    }

    /**
     * Substitutes every placeholder; extra entries in {@code vars} are ignored.
     *
     * @throws TemplateException {@code missing_template_variables} (400, field {@code vars}) naming every missing
     *                      variable, or {@code invalid_template} for a malformed placeholder
     */
    public static String render(String template, Map<String, String> vars) {
        StringBuilder out = new StringBuilder(template.length());
        Set<String> missing = new LinkedHashSet<>();
        scan(template, (literal, name) -> {
            out.append(literal);
            if (name == null) {
                return;
            }
            String value = vars.get(name);
            if (value == null) {
                missing.add(name);
            } else {
                out.append(value);
            }
        });
        if (!missing.isEmpty()) {
            throw new TemplateException("missing_template_variables", "vars",
                    "missing template variables: " + String.join(", ", missing));
        }
        return out.toString();
    }

    /** Receives the template as alternating literal text and placeholder names (null after the last literal). */
    private interface Visitor {
        void visit(String literal, String name);
    }

    private static void scan(String template, Visitor visitor) {
        Matcher m = PLACEHOLDER.matcher(template);
        int pos = 0;
        while (true) {
            int open = template.indexOf("{{", pos);
            if (open < 0) {
                visitor.visit(template.substring(pos), null);
                return;
            }
            m.region(open, template.length());
            if (!m.lookingAt()) {
                throw malformed(template, open);
            }
            visitor.visit(template.substring(pos, open), m.group(1));
            pos = m.end();
        }
    }

    private static TemplateException malformed(String template, int open) {
        int close = template.indexOf("}}", open + 2);
        int nextOpen = template.indexOf("{{", open + 2);
        String at = " at character " + (open + 1);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
            return new TemplateException("invalid_template", "body", "body has an unclosed {{" + at);
        }
        String shown = template.substring(open, close + 2);
        return new TemplateException("invalid_template", "body", "body has an invalid placeholder " + shown + at
                + ": a variable name is letters, digits, _, . and -, starting with a letter or _");
    }
}
