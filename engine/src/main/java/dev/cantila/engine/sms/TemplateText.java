package dev.cantila.engine.sms;

import dev.cantila.engine.core.ApiException;
import dev.cantila.scripts.TemplateException;

import java.util.List;
import java.util.Map;

/**
 * The engine's view of the template language ({@link dev.cantila.scripts.TemplateText}, shared with
 * {@code cantila test}): the same functions, failing with an {@link ApiException} (400 naming the field).
 */
public final class TemplateText {
    private TemplateText() {
    }

    /** @throws ApiException {@code invalid_template} for a malformed placeholder */
    public static List<String> variables(String template) {
        try {
            return dev.cantila.scripts.TemplateText.variables(template);
        } catch (TemplateException e) {
            throw api(e);
        }
    }

    /** @throws ApiException {@code missing_template_variables} naming every missing variable, or {@code invalid_template} */
    public static String render(String template, Map<String, String> vars) {
        try {
            return dev.cantila.scripts.TemplateText.render(template, vars);
        } catch (TemplateException e) {
            throw api(e);
        }
    }

    private static ApiException api(TemplateException e) {
        return ApiException.invalid(e.code(), e.field(), e.getMessage());
    }
}
