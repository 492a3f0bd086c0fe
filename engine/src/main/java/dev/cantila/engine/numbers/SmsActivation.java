package dev.cantila.engine.numbers;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.projects.ApiKeys;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbRow;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opt-in SMS for a project, as on the product page: activation takes a number (the one asked for, or the first
 * available SMS-capable one of the country and type), bills it, issues an SMS-scoped key and sets
 * {@code CANTILA_SMS_NUMBER} and {@code CANTILA_SMS_API_KEY} in the project's environment — all in one
 * transaction. Activating again returns the same number, charges nothing and does not re-issue the key.
 * Deactivation undoes all of it: number released (billing stops), key revoked, variables removed.
 */
public final class SmsActivation {
    public static final String NUMBER_VAR = "CANTILA_SMS_NUMBER";
    public static final String KEY_VAR = "CANTILA_SMS_API_KEY";

    private final Database db;
    private final Clock clock;
    private final Numbers numbers;
    private final ApiKeys keys;
    private final Projects projects;

    public SmsActivation(Database db, Clock clock, Numbers numbers, ApiKeys keys, Projects projects) {
        this.db = db;
        this.clock = clock;
        this.numbers = numbers;
        this.keys = keys;
        this.projects = projects;
    }

    /** The activation as the API shows it; {@code env} carries the key in clear only when just created. */
    public record Activation(String projectId, String e164, String country, String numberType,
                             CatalogNumber.Capabilities capabilities, Map<String, String> env, Instant activatedAt,
                             boolean created) {
    }

    public Activation activate(String projectId, String country, String numberType, String e164) {
        projects.get(projectId);
        Optional<Activation> existing = current(projectId);
        if (existing.isPresent()) {
            if (e164 != null && !e164.equals(existing.get().e164())) {
                throw ApiException.conflict("sms_already_active", "SMS is already active on " + existing.get().e164()
                        + "; deactivate it first to switch to " + e164);
            }
            return existing.get();
        }
        if (country == null) {
            throw ApiException.invalid("country", "country is required (one of " + Numbers.COUNTRIES + ")");
        }
        if (numberType == null) {
            throw ApiException.invalid("numberType", "numberType is required (one of " + Numbers.TYPES + ")");
        }
        if (!Numbers.TYPES.contains(numberType)) {
            throw ApiException.invalid("numberType", "numberType must be one of " + Numbers.TYPES + ", got " + numberType);
        }
        var search = new Numbers.Search(country, null, numberType, null, "sms");
        for (int attempt = 0; attempt < 5; attempt++) {
            String chosen = e164 != null ? checkRequested(e164, search) : numbers.catalog(search, null, 1).data()
                    .stream().findFirst().orElseThrow(() -> ApiException.conflict("no_numbers_available",
                            "no available SMS-capable " + numberType + " numbers in " + search.country())).e164();
            try {
                return activateWith(projectId, chosen);
            } catch (ApiException e) {
                if (e164 != null || !"number_unavailable".equals(e.code())) {
                    throw e;
                }
            } catch (RuntimeException e) {
                if (!Database.isUniqueViolation(e)) {
                    throw e;
                }
                return current(projectId).orElseThrow(() -> e); // a concurrent activation of this project won
            }
        }
        throw ApiException.conflict("no_numbers_available", "numbers are being taken too fast; try again");
    }

    private String checkRequested(String e164, Numbers.Search search) {
        CatalogNumber n = numbers.get(e164);
        if (!n.capabilities().sms()) {
            throw ApiException.unprocessable("number_not_sms_capable", e164 + " cannot send or receive SMS", "e164");
        }
        if (!n.country().equals(search.country()) || !n.type().equals(search.type())) {
            throw ApiException.invalid("e164", e164 + " is a " + n.country() + " " + n.type() + " number, not "
                    + search.country() + " " + search.type());
        }
        return e164;
    }

    private Activation activateWith(String projectId, String e164) {
        long now = clock.millis();
        String token = db.inTx(tx -> {
            numbers.purchase(tx, projectId, e164);
            ApiKeys.IssuedKey key = keys.issue(tx, projectId, ApiKeys.SCOPE_SMS);
            Database.update(tx, "INSERT INTO sms_activations (project_id, e164, api_key_id, activated_at)"
                    + " VALUES (?, ?, ?, ?)", projectId, e164, key.id(), now);
            projects.setEnv(tx, projectId, NUMBER_VAR, e164, false);
            projects.setEnv(tx, projectId, KEY_VAR, key.token(), true);
            return key.token();
        });
        Activation a = current(projectId).orElseThrow();
        Map<String, String> env = new LinkedHashMap<>(a.env());
        env.put(KEY_VAR, token);
        return new Activation(a.projectId(), a.e164(), a.country(), a.numberType(), a.capabilities(), env,
                a.activatedAt(), true);
    }

    public void deactivate(String projectId) {
        projects.get(projectId);
        db.<List<Runnable>>inTx(tx -> {
            DbRow a = Database.one(tx, "SELECT * FROM sms_activations WHERE project_id = ?", r -> r, projectId)
                    .orElseThrow(() -> ApiException.conflict("sms_not_active", "SMS is not active for project "
                            + projectId));
            List<Runnable> afterCommit = numbers.release(tx, projectId, Database.str(a, "e164"));
            keys.revoke(tx, Database.str(a, "api_key_id"));
            projects.removeEnv(tx, projectId, NUMBER_VAR);
            projects.removeEnv(tx, projectId, KEY_VAR);
            Database.update(tx, "DELETE FROM sms_activations WHERE project_id = ?", projectId);
            return afterCommit;
        }).forEach(Runnable::run);
    }

    public Activation get(String projectId) {
        projects.get(projectId);
        return current(projectId).orElseThrow(() -> ApiException.conflict("sms_not_active",
                "SMS is not active for project " + projectId + ": POST /v1/projects/" + projectId + "/sms/activate"));
    }

    /** The project's active SMS number, if any. */
    public Optional<HeldNumber> smsNumber(String projectId) {
        return Database.one(db.exec(), "SELECT n.* FROM sms_activations a JOIN numbers n ON n.e164 = a.e164"
                + " WHERE a.project_id = ?", Numbers::heldNumber, projectId);
    }

    private Optional<Activation> current(String projectId) {
        return Database.one(db.exec(), "SELECT a.activated_at, n.* FROM sms_activations a JOIN numbers n"
                + " ON n.e164 = a.e164 WHERE a.project_id = ?", r -> r, projectId).map(r -> {
            CatalogNumber n = Numbers.row(r);
            Map<String, String> env = new LinkedHashMap<>();
            projects.envMasked(projectId).stream().filter(v -> v.name().startsWith("CANTILA_SMS_"))
                    .forEach(v -> env.put(v.name(), v.value()));
            return new Activation(projectId, n.e164(), n.country(), n.type(), n.capabilities(), env,
                    Instant.ofEpochMilli(Database.lng(r, "activated_at")), false);
        });
    }
}
