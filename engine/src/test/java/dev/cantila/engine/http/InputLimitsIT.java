package dev.cantila.engine.http;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every text field the API accepts, one character over its {@link Limits} entry, is a 400 naming that field on
 * every endpoint that takes it (never a 5xx from a column that is too narrow); and every text column of the
 * migrated schema is either guarded by a limit no wider than itself or written by the server alone.
 */
class InputLimitsIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();
    private static Api api;
    private static String project;
    private static String number;
    private static String template;
    private static String webhook;

    @BeforeAll
    static void world() {
        var p = SERVER.newProject("limits");
        project = p.id();
        api = p.api();
        number = SERVER.app().smsActivation().activate(project, "US", "local", null).e164();
        template = api.post(p.path("/sms/templates"), obj("name", "t", "body", "Hi {{name}}")).text("/id");
        webhook = api.post(p.path("/webhooks"), obj("url", "https://example.com/hook", "events", List.of("sms.*")))
                .text("/id");
    }

    private static String x(int n) {
        return "x".repeat(n);
    }

    /** One oversize request: method, path ({@code P} = the project, {@code N} = its number), body, field named. */
    record Case(String method, String path, String body, String field) {
        @Override
        public String toString() {
            return method + " " + path + " → " + field;
        }
    }

    static Stream<Case> oversize() {
        String to = "+14155550123";
        Map<String, String> bigParams = new LinkedHashMap<>();
        for (int i = 0; i <= Limits.PARAMS_JSON / Limits.PARAM_VALUE; i++) {
            bigParams.put("k" + i, x(Limits.PARAM_VALUE));
        }
        List<String> manyEvents = new ArrayList<>();
        for (int i = 0; i <= Limits.EVENT_TYPES; i++) {
            manyEvents.add("sms.*");
        }
        return Stream.of(
                new Case("POST", "/v1/projects", obj("name", x(Limits.PROJECT_NAME + 1)), "name"),
                new Case("POST", "/v1/projects", obj("name", "n", "helpText", x(Limits.HELP_TEXT + 1)), "helpText"),
                new Case("PATCH", "/v1/projects/P", obj("name", x(Limits.PROJECT_NAME + 1)), "name"),
                new Case("PATCH", "/v1/projects/P", obj("helpText", x(Limits.HELP_TEXT + 1)), "helpText"),
                new Case("PUT", "/v1/projects/P/env/FOO", obj("value", x(Limits.ENV_VALUE + 1)), "value"),
                new Case("PUT", "/v1/projects/P/env/" + x(Limits.ENV_NAME + 1), obj("value", "v"), "name"),
                new Case("POST", "/v1/numbers", obj("projectId", "P", "e164", x(Limits.PHONE + 1)), "e164"),
                new Case("POST", "/v1/numbers", obj("projectId", x(Limits.ID + 1), "country", "US"), "projectId"),
                new Case("POST", "/v1/numbers", obj("projectId", "P", "country", x(Limits.WORD + 1)), "country"),
                new Case("POST", "/v1/projects/P/sms/activate", obj("country", x(Limits.WORD + 1)), "country"),
                new Case("POST", "/v1/projects/P/sms/send", obj("to", to, "body", x(Limits.SMS_BODY + 1)), "body"),
                new Case("POST", "/v1/projects/P/sms/send", obj("to", x(Limits.PHONE + 1), "body", "b"), "to"),
                new Case("POST", "/v1/projects/P/sms/send", obj("to", to, "templateId", x(Limits.ID + 1)), "templateId"),
                new Case("POST", "/v1/projects/P/sms/send", obj("to", to, "body", "b",
                        "statusCallback", "https://example.com/" + x(Limits.URL)), "statusCallback"),
                new Case("POST", "/v1/projects/P/sms/send", obj("to", to, "templateId", "T",
                        "vars", Map.of(x(Limits.VAR_NAME + 1), "v")), "vars"),
                new Case("POST", "/v1/projects/P/sms/send", obj("to", to, "body", "b", "sendAt", x(Limits.WORD + 1)),
                        "sendAt"),
                new Case("POST", "/v1/projects/P/sms/bulk", obj("recipients", List.of(to),
                        "body", x(Limits.SMS_BODY + 1)), "body"),
                new Case("POST", "/v1/projects/P/sms/bulk", obj("recipients", List.of(to),
                        "templateId", x(Limits.ID + 1)), "templateId"),
                new Case("POST", "/v1/projects/P/sms/bulk", obj("recipients", List.of(to), "body", "b",
                        "statusCallback", "https://example.com/" + x(Limits.URL)), "statusCallback"),
                new Case("POST", "/v1/projects/P/sms/templates", obj("name", x(Limits.TEMPLATE_NAME + 1), "body", "b"),
                        "name"),
                new Case("POST", "/v1/projects/P/sms/templates", obj("name", "n", "body", x(Limits.SMS_BODY + 1)),
                        "body"),
                new Case("PUT", "/v1/projects/P/sms/templates/T", obj("name", "n", "body", x(Limits.SMS_BODY + 1)),
                        "body"),
                new Case("POST", "/v1/projects/P/sms/templates/T/preview",
                        obj("vars", Map.of("name", x(Limits.VAR_VALUE + 1))), "vars.name"),
                new Case("POST", "/v1/projects/P/scripts", obj("name", x(Limits.SCRIPT_NAME + 1),
                        "source", "export function onSms(s, ctx) {}"), "name"),
                new Case("POST", "/v1/projects/P/scripts", obj("name", "s", "source", x(Limits.SCRIPT_SOURCE + 1)),
                        "source"),
                new Case("PUT", "/v1/numbers/N/routing", obj("sms", Map.of("url", "https://example.com/"
                        + x(Limits.URL))), "sms.url"),
                new Case("PUT", "/v1/numbers/N/routing", obj("voice", Map.of("script", x(Limits.URL + 1))),
                        "voice.script"),
                new Case("POST", "/v1/projects/P/webhooks", obj("url", "https://example.com/" + x(Limits.URL),
                        "events", List.of("sms.*")), "url"),
                new Case("POST", "/v1/projects/P/webhooks", obj("url", "https://example.com/h",
                        "events", List.of("sms.*"), "description", x(Limits.DESCRIPTION + 1)), "description"),
                new Case("POST", "/v1/projects/P/webhooks", obj("url", "https://example.com/h",
                        "events", manyEvents), "events"),
                new Case("POST", "/v1/projects/P/webhooks", obj("url", "https://example.com/h",
                        "events", List.of(x(Limits.EVENT_TYPE + 1))), "events[0]"),
                new Case("PATCH", "/v1/projects/P/webhooks/W", obj("description", x(Limits.DESCRIPTION + 1)),
                        "description"),
                new Case("PATCH", "/v1/projects/P/webhooks/W", obj("events", manyEvents), "events"),
                new Case("POST", "/v1/projects/P/voice/calls", obj("to", to, "from", "N",
                        "url", "https://example.com/" + x(Limits.URL)), "url"),
                new Case("POST", "/v1/projects/P/voice/calls", obj("to", to, "from", "N",
                        "script", x(Limits.ID + 1)), "script"),
                new Case("POST", "/v1/projects/P/voice/calls", obj("to", to, "from", "N",
                        "url", "https://example.com/call", "params", bigParams), "params"),
                new Case("POST", "/v1/sim/inbound-sms", obj("from", to, "to", "N", "body", x(Limits.SMS_BODY + 1)),
                        "body"),
                new Case("POST", "/v1/sim/inbound-call", obj("from", x(Limits.PHONE + 1), "to", "N"), "from"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oversize")
    void anOversizeFieldIsA400NamingIt(Case c) {
        String path = c.path().replace("/P", "/" + project).replace("/N/", "/" + number + "/")
                .replace("/T", "/" + template).replace("/W", "/" + webhook);
        String body = c.body().replace("\"P\"", "\"" + project + "\"").replace("\"N\"", "\"" + number + "\"")
                .replace("\"T\"", "\"" + template + "\"");
        Resp r = (path.startsWith("/v1/projects/") || path.startsWith("/v1/numbers/") ? api
                : SERVER.operator()).send(c.method(), path, body, Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.text("/error/field")).as(r.toString()).isEqualTo(c.field());
    }

    @Test
    void aBulkBodyOverTheMessageLimitIsRefusedAsAWholeNotPerRecipient() {
        Resp r = api.post("/v1/projects/" + project + "/sms/bulk", obj("recipients", List.of("+14155550123"),
                "body", x(1601)));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.text("/error/field")).isEqualTo("body");
    }

    /** Column → width of every bounded text column in the migrated schema. */
    private static Map<String, Integer> textColumns() throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Connection c = SERVER.app().database().dataSource().getConnection();
             ResultSet rs = c.getMetaData().getColumns(null, c.getSchema(), "%", "%")) {
            while (rs.next()) {
                String type = rs.getString("TYPE_NAME").toLowerCase();
                String table = rs.getString("TABLE_NAME").toLowerCase();
                if ((type.contains("char") || type.contains("text")) && !table.startsWith("flyway")) {
                    out.put(table + "." + rs.getString("COLUMN_NAME").toLowerCase(), rs.getInt("COLUMN_SIZE"));
                }
            }
        }
        return out;
    }

    /**
     * Text columns the server alone writes: ids it makes, states and kinds from its own enums, normalised phone
     * numbers, carrier and switch data, hashes and secrets, and texts it truncates itself. {@code kv_entries} is
     * written by handlers through {@code ctx.kv}, which checks its own limits ({@code KvStore}).
     */
    private static final Set<String> SERVER_WRITTEN = columns(Map.ofEntries(
            Map.entry("api_keys", "id project_id scope secret_hash"),
            // A2P: ids, statuses, reason codes, and request values checked against a fixed set or format (enum
            // names, E.164 numbers, an EIN, an ISO country code) and written in their canonical form
            Map.entry("a2p_brands", "id project_id entity_type ein country vertical phone stock_exchange contact_phone"
                    + " status identity_status failure_reasons"),
            Map.entry("a2p_vettings", "id brand_id project_id provider status"),
            Map.entry("a2p_campaigns", "id project_id brand_id use_case sub_use_cases status failure_reasons"),
            Map.entry("a2p_samples", "owner_id"),
            Map.entry("a2p_campaign_numbers", "e164 campaign_id project_id status"),
            Map.entry("a2p_tollfree", "id project_id e164 phone use_case message_volume opt_in_type status"
                    + " rejection_reasons"),
            Map.entry("a2p_rate_buckets", "bucket"),
            Map.entry("a2p_daily_counts", "brand_id"),
            Map.entry("call_events", "call_id detail event_type status"),
            Map.entry("call_recordings", "call_id id kind project_id recording_path"),
            // status_callback*: from a <Conference> of a TwiML document, checked whole by TwimlVoiceRules (a URL of at
            // most StatusCallback.MAX_URL, GET or POST, events of a fixed set)
            Map.entry("conferences", "id project_id status end_reason status_callback status_callback_method"
                    + " status_callback_events"),
            Map.entry("conference_participants", "conference_id call_id project_id leg_uuid status leave_reason"),
            Map.entry("calls", "cause direction from_e164 id leg_uuid node project_id route_kind status to_e164"),
            Map.entry("charges", "currency description e164 id kind lease_id project_id"),
            Map.entry("idempotency_keys", "message_id project_id request_hash"),
            Map.entry("engine_instances", "id"),
            Map.entry("kv_entries", "kv_key kv_value project_id"),
            Map.entry("number_leases", "currency e164 id project_id"),
            Map.entry("number_routing", "e164 project_id sms_kind voice_kind sms_format sms_method voice_format"
                    + " voice_method"),
            Map.entry("leg_claims", "instance_id leg_uuid"),
            Map.entry("numbers", "area_code country currency e164 lease_id number_type project_id status released_by"
                    + " port_out_pin_hash"),
            Map.entry("otp_verifications", "channel channels last_call_id code_hash code_sealed country failure id last_message_id prefix"
                    + " project_id status to_e164"),
            Map.entry("otp_sends", "country project_id to_e164 verification_id"),
            Map.entry("otp_pending", "project_id to_e164 verification_id"),
            Map.entry("otp_idempotency", "project_id request_hash verification_id"),
            Map.entry("otp_blocked_prefixes", "country prefix project_id"),
            Map.entry("otp_policies", "project_id"),
            Map.entry("port_documents", "content_type id project_id sha256"),
            Map.entry("port_ins", "foc_date id project_id reason reason_message signed_from status target_date"),
            Map.entry("port_in_numbers", "country e164 number_type port_in_id"),
            Map.entry("port_in_active", "e164 port_in_id"),
            Map.entry("port_in_events", "detail id port_in_id reason status"),
            Map.entry("port_outs", "e164 id project_id reason status"),
            Map.entry("number_transfers", "e164 from_project_id id pending_e164 status"),
            Map.entry("project_env", "project_id"),
            Map.entry("projects", "callback_secret id"),
            Map.entry("script_executions", "detail e164 event_id event_type id outcome project_id script_id target"),
            Map.entry("script_versions", "content_hash handlers script_id"),
            Map.entry("scripts", "id project_id"),
            Map.entry("settings", "name setting_value"),
            Map.entry("sim_carrier_submissions", "carrier_id error_code from_e164 message_id outcome reported to_e164"),
            Map.entry("sms_activations", "api_key_id e164 project_id"),
            Map.entry("sms_batch_rejections", "batch_id code message"),
            Map.entry("sms_batches", "from_e164 id project_id status failure_reason"),
            Map.entry("sms_events", "detail message_id status"),
            Map.entry("sms_messages", "batch_id carrier_id direction encoding error_code error_message from_e164 id"
                    + " lease_owner project_id sealed_body status to_e164"),
            Map.entry("sms_opt_outs", "e164 project_id"),
            Map.entry("sms_senders", "e164"),
            Map.entry("sms_templates", "id project_id"),
            Map.entry("twilio_accounts", "account_sid auth_token project_id"),
            Map.entry("switch_event_claims", "event_key instance_id"),
            Map.entry("switch_sms_submissions", "carrier_id error message_id state"),
            Map.entry("voicemails", "call_id from_e164 id project_id recording_path to_e164"),
            Map.entry("webhook_attempts", "delivery_id error id"),
            Map.entry("webhook_deliveries", "callback_secrets endpoint_id event_id id lane last_error lease_token"
                    + " project_id resource_id status"),
            Map.entry("webhook_endpoints", "id project_id"),
            Map.entry("webhook_events", "event_type id payload project_id resource_id"),
            Map.entry("webhook_secrets", "endpoint_id id secret"),
            Map.entry("webhook_sequences", "project_id resource_id")));

    private static Set<String> columns(Map<String, String> byTable) {
        Set<String> out = new TreeSet<>();
        byTable.forEach((table, names) -> List.of(names.split(" ")).forEach(n -> out.add(table + "." + n)));
        return out;
    }

    @Test
    void everyTextColumnIsGuardedByALimitThatFitsOrWrittenByTheServerAlone() throws SQLException {
        Map<String, Integer> columns = textColumns();
        assertThat(columns).isNotEmpty();
        Set<String> unclassified = new TreeSet<>(columns.keySet());
        unclassified.removeAll(Limits.COLUMNS.keySet());
        unclassified.removeAll(SERVER_WRITTEN);
        assertThat(unclassified).as("text columns with no limit in Limits.COLUMNS and not server-written")
                .isEmpty();
        assertThat(columns.keySet()).containsAll(Limits.COLUMNS.keySet());
        Limits.COLUMNS.forEach((column, limit) -> assertThat(limit).as(column + " is narrower than its limit")
                .isLessThanOrEqualTo(columns.get(column)));
    }
}
