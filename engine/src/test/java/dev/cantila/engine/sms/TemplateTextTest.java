package dev.cantila.engine.sms;

import dev.cantila.engine.core.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TemplateTextTest {

    @Test
    void variablesInOrderOfFirstAppearanceEachOnce() {
        assertThat(TemplateText.variables("Hi {{name}}, code {{ otp.code }} for {{name}} at {{_site-1}}"))
                .containsExactly("name", "otp.code", "_site-1");
        assertThat(TemplateText.variables("no placeholders, {single} braces and }} closers")).isEmpty();
        assertThat(TemplateText.variables("")).isEmpty();
    }

    @Test
    void rendersWithOptionalSpacesAndIgnoresExtraVariables() {
        String out = TemplateText.render("Hi {{name}}, your code is {{\tcode }}. Bye {{name}}!",
                Map.of("name", "Ada", "code", "123456", "unused", "x"));
        assertThat(out).isEqualTo("Hi Ada, your code is 123456. Bye Ada!");
    }

    @Test
    void placeholdersAtTheEdgesAndAdjacent() {
        assertThat(TemplateText.render("{{a}}{{b}}", Map.of("a", "1", "b", "2"))).isEqualTo("12");
        assertThat(TemplateText.render("plain", Map.of())).isEqualTo("plain");
    }

    @Test
    void valuesAreNotExpandedAgain() {
        assertThat(TemplateText.render("Hi {{name}}", Map.of("name", "{{secret}}", "secret", "leak")))
                .isEqualTo("Hi {{secret}}");
        assertThat(TemplateText.render("{{a}}", Map.of("a", "$1 \\ {{")))
                .isEqualTo("$1 \\ {{");
    }

    @Test
    void missingVariablesAreAllNamedOnce() {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> TemplateText.render("{{a}} {{b}} {{x}} {{a}} {{c}}", Map.of("x", "1")));
        assertThat(e.kind()).isEqualTo(ApiException.Kind.INVALID);
        assertThat(e.code()).isEqualTo("missing_template_variables");
        assertThat(e.field()).isEqualTo("vars");
        assertThat(e.getMessage()).isEqualTo("missing template variables: a, b, c");
    }

    @Test
    void emptyValueIsPresentNotMissing() {
        assertThat(TemplateText.render("[{{a}}]", Map.of("a", ""))).isEqualTo("[]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hi {{name", "Hi {{", "{{a}} and {{b", "Hi {{name {{other}}"})
    void unclosedPlaceholderIsRejected(String template) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> TemplateText.variables(template));
        assertThat(e.code()).isEqualTo("invalid_template");
        assertThat(e.field()).isEqualTo("body");
        assertThat(e.getMessage()).contains("unclosed {{");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{}}", "{{ }}", "{{1abc}}", "{{first name}}", "{{a!}}", "{{{a}}}"})
    void invalidPlaceholderIsRejected(String template) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> TemplateText.render(template, Map.of()));
        assertThat(e.code()).isEqualTo("invalid_template");
        assertThat(e.getMessage()).contains("invalid placeholder").contains("at character 1");
    }
}
