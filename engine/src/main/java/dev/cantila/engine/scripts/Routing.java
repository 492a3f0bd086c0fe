package dev.cantila.engine.scripts;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cantila.webhooks.outbound.TargetPolicy;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Urls;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbRow;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Where a held number's traffic goes. SMS: a script, a URL (signed POST; the answer's actions are executed) or a
 * forward to a phone number. Voice (issue #4): script, URL, forward or voicemail. No routing: messages are only
 * stored (and webhooks fire). A route is validated when set: the script must be the project's, the URL absolute
 * http(s) and allowed by the target policy (no loopback, private or metadata address unless the operator allowed
 * it), the forward number valid.
 */
public final class Routing {
    static final Set<String> SMS_KINDS = Set.of("script", "url", "forward");
    static final Set<String> VOICE_KINDS = Set.of("script", "url", "forward", "voicemail");

    private final Database db;
    private final Clock clock;
    private final Scripts scripts;
    private final TargetPolicy targets;

    /** @param targets which URLs a route may have (the operator's allow-list) */
    public Routing(Database db, Clock clock, Scripts scripts, TargetPolicy targets) {
        this.db = db;
        this.clock = clock;
        this.scripts = scripts;
        this.targets = targets;
    }

    /**
     * One route: {@code kind} and its target (script id, URL, E.164; none for voicemail). A URL route has a
     * {@code format}: {@code cantila} (signed JSON events, JSON actions; the default) or {@code twilio} (Twilio's
     * form parameters signed with X-Twilio-Signature, TwiML answers), and a twilio route a {@code method} (POST or
     * GET). Both are null for other kinds. A script route to a Twilio Functions project has the {@code path} of the
     * function it runs ({@code /sms}); null otherwise.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Route(String kind, String target, String format, String method, String path) {
        public Route(String kind, String target) {
            this(kind, target, null, null, null);
        }

        public Route(String kind, String target, String format, String method) {
            this(kind, target, format, method, null);
        }

        /** Whether the URL is asked in Twilio's format (and answers TwiML). */
        public boolean twilio() {
            return "twilio".equals(format);
        }
    }

    public record NumberRouting(String e164, String projectId, Route sms, Route voice, Instant updatedAt) {
    }

    public NumberRouting put(String projectId, String e164, Route sms, Route voice) {
        Route s = check(projectId, e164, sms, SMS_KINDS, "sms");
        Route v = check(projectId, e164, voice, VOICE_KINDS, "voice");
        long now = clock.millis();
        db.inTx(tx -> {
            Database.update(tx, "DELETE FROM number_routing WHERE e164 = ?", e164);
            Database.update(tx, "INSERT INTO number_routing (e164, project_id, sms_kind, sms_target, sms_format,"
                    + " sms_method, sms_path, voice_kind, voice_target, voice_format, voice_method, voice_path,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e164, projectId,
                    s == null ? null : s.kind(), s == null ? null : s.target(), s == null ? null : s.format(),
                    s == null ? null : s.method(), s == null ? null : s.path(), v == null ? null : v.kind(),
                    v == null ? null : v.target(), v == null ? null : v.format(), v == null ? null : v.method(),
                    v == null ? null : v.path(), now);
            return null;
        });
        return get(e164).orElseThrow();
    }

    /** The routing of {@code e164}, if set and the number is still held by the project that set it. */
    public Optional<NumberRouting> get(String e164) {
        return Database.one(db.exec(), "SELECT r.* FROM number_routing r JOIN numbers n ON n.e164 = r.e164"
                + " AND n.project_id = r.project_id AND n.status = 'held' WHERE r.e164 = ?", Routing::row, e164);
    }

    /** Where an inbound SMS to a held number goes, with the deployed version when it is a script. */
    record SmsTarget(Route route, Integer deployedVersion, String scriptName) {
    }

    /**
     * The SMS route of {@code e164} (as {@link #get}) and, for a script, its deployed version and name: one query per
     * inbound message, so the script's source is read only when that version is not compiled yet.
     */
    Optional<SmsTarget> sms(String e164) {
        return Database.one(db.exec(), "SELECT r.sms_kind, r.sms_target, r.sms_format, r.sms_method, r.sms_path, s.name, s.deployed_version FROM number_routing r"
                + " JOIN numbers n ON n.e164 = r.e164 AND n.project_id = r.project_id AND n.status = 'held'"
                + " LEFT JOIN scripts s ON r.sms_kind = 'script' AND s.id = r.sms_target AND s.project_id = r.project_id"
                + " WHERE r.e164 = ? AND r.sms_kind IS NOT NULL", r -> {
                    Object version = Database.value(r, "deployed_version");
                    return new SmsTarget(route(r, "sms"),
                            version == null ? null : ((Number) version).intValue(), Database.str(r, "name"));
                }, e164);
    }

    private Route check(String projectId, String e164, Route route, Set<String> kinds, String field) {
        if (route == null) {
            return null;
        }
        if (!kinds.contains(route.kind())) {
            throw ApiException.invalid(field, field + " must be one of " + kinds.stream().sorted().map(k -> "{" + k + "}")
                    .toList());
        }
        return switch (route.kind()) {
            case "script" -> functions(projectId, route, field);
            case "url" -> {
                Urls.http(route.target(), field + ".url", targets);
                if (route.format() != null && !Set.of("cantila", "twilio").contains(route.format())) {
                    throw ApiException.invalid(field + ".format", field + ".format must be cantila or twilio");
                }
                if (route.method() != null && !"twilio".equals(route.format())) {
                    throw ApiException.invalid(field + ".method", field + ".method is only for \"format\": \"twilio\""
                            + " (a cantila URL is always POSTed)");
                }
                if (route.method() != null && !Set.of("POST", "GET").contains(route.method())) {
                    throw ApiException.invalid(field + ".method", field + ".method must be POST or GET");
                }
                yield new Route("url", route.target(), route.format() == null ? "cantila" : route.format(),
                        "twilio".equals(route.format()) && route.method() == null ? "POST" : route.method());
            }
            case "forward" -> {
                String to = PhoneNumbers.toE164(route.target(), PhoneNumbers.regionOf(e164), field + ".forward");
                if (to.equals(e164)) {
                    throw ApiException.invalid(field + ".forward", "a number cannot forward to itself");
                }
                yield new Route("forward", to);
            }
            default -> new Route(route.kind(), null);
        };
    }

    /**
     * A script route as stored: a Functions project's deployed version needs the {@code path} of one of its public
     * functions; a module takes none.
     */
    private Route functions(String projectId, Route route, String field) {
        scripts.get(projectId, route.target());
        var deployed = scripts.deployed(projectId, route.target());
        var project = deployed.map(Scripts.Deployed::functions).orElse(null);
        String path = route.path();
        if (project == null && path != null && deployed.isPresent()) {
            throw ApiException.invalid(field + ".path", field + ".path is only for a Twilio Functions project;"
                    + " script " + route.target() + " is an ES module");
        }
        if (project != null) {
            java.util.List<String> paths = project.functions().stream().filter(f -> !f.visibility().equals("private"))
                    .map(dev.cantila.runtime.FunctionsProject.Function::path).toList();
            if (path == null || project.route(path).isEmpty()) {
                throw ApiException.invalid(field + ".path", (path == null ? field + ".path is required"
                        : field + ".path " + path + " is not a public function") + " of Functions project "
                        + route.target() + ": one of " + paths);
            }
        }
        return new Route("script", route.target(), null, null, path);
    }

    private static NumberRouting row(DbRow r) {
        String sk = Database.str(r, "sms_kind");
        String vk = Database.str(r, "voice_kind");
        return new NumberRouting(Database.str(r, "e164"), Database.str(r, "project_id"),
                sk == null ? null : route(r, "sms"), vk == null ? null : route(r, "voice"),
                Instant.ofEpochMilli(Database.lng(r, "updated_at")));
    }

    /** The {@code sms} or {@code voice} route of a row; a URL route stored before formats existed is cantila. */
    private static Route route(DbRow r, String side) {
        String kind = Database.str(r, side + "_kind");
        String format = Database.str(r, side + "_format");
        return new Route(kind, Database.str(r, side + "_target"),
                kind.equals("url") && format == null ? "cantila" : format, Database.str(r, side + "_method"),
                Database.str(r, side + "_path"));
    }
}
