package dev.cantila.scripts;

/**
 * A template that cannot be rendered: {@code invalid_template} (field {@code body}) or
 * {@code missing_template_variables} (field {@code vars}). The engine turns it into a 400.
 */
public final class TemplateException extends IllegalArgumentException {
    private final String code;
    private final String field;

    public TemplateException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
