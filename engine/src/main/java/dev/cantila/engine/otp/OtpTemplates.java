package dev.cantila.engine.otp;

import dev.cantila.engine.core.ApiException;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a code SMS: a localised sentence (or the project's own template with {@code {code}}, {@code {app}},
 * {@code {minutes}}), then, when asked, the Android SMS Retriever line (the app's 11-character hash) and, last, the
 * WebOTP origin-bound line {@code @domain #code} (the WebOTP format requires it to be the last line).
 *
 * <p>{@link Text#shown()} is the same text with every digit of the code replaced by {@code •}: what the database and
 * the messages API keep.
 */
final class OtpTemplates {
    static final int MAX_TEMPLATE = 320;
    static final int MAX_APP_NAME = 40;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]*)}");
    private static final Pattern APP_HASH = Pattern.compile("[A-Za-z0-9+/]{11}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}(:[0-9]{1,5})?");

    /** Per language: the sentence with an app name, and without one. */
    private static final Map<String, String[]> SENTENCES = Map.of(
            "en", new String[] {"Your {app} code is {code}. It expires in {minutes} minutes. Do not share it.",
                    "Your verification code is {code}. It expires in {minutes} minutes. Do not share it."},
            "es", new String[] {"Tu código de {app} es {code}. Caduca en {minutes} minutos. No lo compartas.",
                    "Tu código de verificación es {code}. Caduca en {minutes} minutos. No lo compartas."},
            "fr", new String[] {"Votre code {app} est {code}. Il expire dans {minutes} minutes. Ne le partagez pas.",
                    "Votre code de vérification est {code}. Il expire dans {minutes} minutes. Ne le partagez pas."},
            "de", new String[] {"Ihr {app}-Code lautet {code}. Er läuft in {minutes} Minuten ab. Geben Sie ihn nicht"
                    + " weiter.", "Ihr Bestätigungscode lautet {code}. Er läuft in {minutes} Minuten ab. Geben Sie ihn"
                    + " nicht weiter."},
            "pt", new String[] {"Seu código {app} é {code}. Ele expira em {minutes} minutos. Não o compartilhe.",
                    "Seu código de verificação é {code}. Ele expira em {minutes} minutos. Não o compartilhe."});

    private OtpTemplates() {
    }

    /** The real text and the one stored. */
    record Text(String clear, String shown) {
    }

    /** How one verification's SMS reads, apart from the code (validated by {@link #validate}). */
    record Style(String locale, String appName, String template, String appHash, String webOtpDomain, int ttlSeconds) {
    }

    /** The language of {@code locale} ({@code pt-BR} → {@code pt}); 400 naming {@code locale} when not offered. */
    static String language(String locale) {
        if (locale == null) {
            return "en";
        }
        String lang = locale.split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        if (!SENTENCES.containsKey(lang)) {
            throw ApiException.invalid("locale", "locale must be one of en, es, fr, de, pt (a region such as pt-BR is"
                    + " fine); got '" + locale + "'");
        }
        return lang;
    }

    /** Checks what the request may set; each failure a 400 naming its field. */
    static void validate(Style s) {
        if (s.appName() != null && (s.appName().isBlank() || s.appName().length() > MAX_APP_NAME
                || s.appName().chars().anyMatch(Character::isISOControl))) {
            throw ApiException.invalid("appName", "appName must be 1-" + MAX_APP_NAME + " characters without control"
                    + " characters");
        }
        if (s.template() != null) {
            if (s.template().length() > MAX_TEMPLATE) {
                throw ApiException.invalid("template", "template must be at most " + MAX_TEMPLATE + " characters");
            }
            if (!s.template().contains("{code}")) {
                throw ApiException.invalid("template", "template must contain {code}");
            }
            Matcher m = PLACEHOLDER.matcher(s.template());
            while (m.find()) {
                if (!m.group(1).equals("code") && !m.group(1).equals("app") && !m.group(1).equals("minutes")) {
                    throw ApiException.invalid("template", "template may use {code}, {app} and {minutes}; got "
                            + m.group());
                }
            }
            if (s.template().contains("{app}") && s.appName() == null) {
                throw ApiException.invalid("appName", "the template uses {app}: give appName");
            }
        }
        if (s.appHash() != null && !APP_HASH.matcher(s.appHash()).matches()) {
            throw ApiException.invalid("appHash", "appHash is the 11-character hash of the Android app (SMS Retriever"
                    + " API), letters, digits, + and /");
        }
        if (s.webOtpDomain() != null && !DOMAIN.matcher(s.webOtpDomain()).matches()) {
            throw ApiException.invalid("webOtpDomain", "webOtpDomain must be a lower-case host name such as"
                    + " example.com (optionally with :port), as in the WebOTP line @example.com #123456");
        }
    }

    static Text render(Style s, String code) {
        String base = s.template() != null ? s.template()
                : SENTENCES.get(language(s.locale()))[s.appName() != null ? 0 : 1];
        long minutes = (s.ttlSeconds() + 59) / 60;
        String mask = "•".repeat(code.length());
        String clear = fill(base, code, s.appName(), minutes);
        String shown = fill(base, mask, s.appName(), minutes);
        if (s.appHash() != null) {
            clear += "\n" + s.appHash();
            shown += "\n" + s.appHash();
        }
        if (s.webOtpDomain() != null) {
            clear += "\n\n@" + s.webOtpDomain() + " #" + code;
            shown += "\n\n@" + s.webOtpDomain() + " #" + mask;
        }
        return new Text(clear, shown);
    }

    private static String fill(String template, String code, String app, long minutes) {
        // one pass, so that an app name containing "{code}" is not expanded
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "code" -> code;
                case "app" -> app == null ? "" : app;
                case "minutes" -> Long.toString(minutes);
                default -> m.group();
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
