package dev.cantila.engine.http;

import java.util.Map;

import static java.util.Map.entry;

/**
 * The one table of input limits: the longest text each request field may carry, in UTF-16 characters (what
 * {@link String#length()} and H2 count; PostgreSQL counts code points, never more). Every string accessor of
 * {@link JsonRequest} takes one of these, so no request text reaches the database unchecked, and
 * {@link #COLUMNS} names the column each limit guards: {@code LimitsIT} reads the widths from the migrated schema
 * and fails when a column is narrower than its limit, or when a text column is neither listed here nor known to
 * be written by the server alone. A value over its limit is a 400 naming the field, never a 5xx from the database.
 */
public final class Limits {
    /** An id the server made ({@code proj_…}, {@code tpl_…}, {@code scr_…}): longer ones cannot exist. */
    public static final int ID = 40;
    /** A phone number as typed; stored normalised to E.164 (at most 20), rejected bulk recipients as typed. */
    public static final int PHONE = 64;
    /** A word from a fixed set or a short token (country, number type, sendAt, side, answer). */
    public static final int WORD = 64;
    public static final int URL = 2048;
    public static final int PROJECT_NAME = 200;
    public static final int HELP_TEXT = 480;
    public static final int ENV_NAME = 128;
    public static final int ENV_VALUE = 4096;
    /** SMS text as sent; the send path also caps a message at 1,600 code points. */
    public static final int SMS_BODY = 4000;
    public static final int TEMPLATE_NAME = 100;
    /** Template variables ({@code vars}): entries, name and value length. */
    public static final int VARS = 100;
    public static final int VAR_NAME = 64;
    public static final int VAR_VALUE = SMS_BODY;
    public static final int SCRIPT_NAME = 100;
    /** A script in characters; the runtime's own cap (256 KiB of UTF-8) is the tighter one. */
    public static final int SCRIPT_SOURCE = 300_000;
    /** A Functions project route's function path ({@code /ivr/menu}). */
    public static final int FUNCTION_PATH = 200;
    /** A scenario's YAML text run from the Console (never stored). */
    public static final int SCENARIO = 64_000;
    public static final int DESCRIPTION = 500;
    /** Webhook event-type patterns: how many, and each one's length; stored space-separated. */
    public static final int EVENT_TYPES = 15;
    public static final int EVENT_TYPE = 64;
    /** Outbound-call {@code params}: entries, key and value length, and the whole as stored JSON. */
    public static final int PARAMS = 20;
    public static final int PARAM_KEY = 64;
    public static final int PARAM_VALUE = 1024;
    public static final int PARAMS_JSON = 8000;
    /** One-time codes: the project's own SMS template, app name, Android app hash, WebOTP domain, client IP. */
    public static final int OTP_TEMPLATE = 320;
    public static final int OTP_APP_NAME = 40;
    public static final int OTP_APP_HASH = 11;
    public static final int OTP_DOMAIN = 253;
    public static final int IP = 45;
    /** A locale tag such as {@code pt-BR}; a country code list entry. */
    public static final int LOCALE = 8;
    public static final int COUNTRY = 2;
    /** Words a simulated caller says ({@code /v1/sim/calls/:cid/speech}). */
    public static final int SPEECH = 1000;
    /** Port-in requests: the losing carrier's account as the customer gives it, and the e-signature. */
    public static final int CARRIER_NAME = 100;
    public static final int ACCOUNT_NUMBER = 64;
    public static final int ACCOUNT_PIN = 16;
    public static final int PERSON_NAME = 200;
    public static final int TITLE = 100;
    public static final int ADDRESS = 500;
    /** Documents a port-in names (ids, stored space-separated) and their file names. */
    public static final int PORT_DOCUMENTS = 10;
    public static final int FILE_NAME = 200;
    /** Notification e-mails of a port-in: how many and each one's length; stored comma-separated. */
    public static final int EMAILS = 5;
    /** An e-mail address (RFC 5321's path limit): port-in notifications, A2P brand and contact addresses. */
    public static final int EMAIL = 254;
    /** A conference name ({@code call.conference(name)}, {@code <Conference>name</Conference>}, the API path). */
    public static final int CONFERENCE_NAME = 128;
    /** The {@code Idempotency-Key} header. */
    public static final int IDEMPOTENCY_KEY = 255;

    /** A2P registration (issue #12): names and addresses of brands and toll-free businesses. */
    public static final int A2P_NAME = 255;
    public static final int A2P_CITY = 100;
    public static final int A2P_STATE = 64;
    public static final int A2P_POSTAL_CODE = 16;
    public static final int A2P_CONTACT_NAME = 200;
    public static final int STOCK_SYMBOL = 10;
    /** A2P campaigns: description, message flow, one message sample, a keyword list (joined), a keyword answer. */
    public static final int CAMPAIGN_DESCRIPTION = 4096;
    public static final int MESSAGE_FLOW = 2048;
    public static final int MESSAGE_SAMPLE = 1024;
    public static final int KEYWORDS = 255;
    public static final int KEYWORD_MESSAGE = 320;
    /** Toll-free verification opt-in evidence: up to 5 URLs, stored one per line. */
    public static final int OPT_IN_IMAGE_URLS = 5;

    /** Each column that holds request text, with the longest value the edge lets through for it. */
    public static final Map<String, Integer> COLUMNS = Map.ofEntries(
            entry("projects.name", PROJECT_NAME),
            entry("projects.help_text", HELP_TEXT),
            entry("project_env.name", ENV_NAME),
            entry("project_env.env_value", ENV_VALUE),
            entry("sms_templates.name", TEMPLATE_NAME),
            entry("sms_templates.body", SMS_BODY),
            entry("sms_batches.template_id", ID),
            entry("sms_batches.body", SMS_BODY),
            entry("sms_batch_rejections.to_raw", PHONE),
            entry("sms_messages.body", SMS_BODY),
            entry("sms_messages.template_id", ID),
            entry("sms_messages.status_callback", URL),
            entry("idempotency_keys.idem_key", IDEMPOTENCY_KEY),
            entry("scripts.name", SCRIPT_NAME),
            entry("script_versions.source", SCRIPT_SOURCE),
            entry("number_routing.sms_target", URL),
            entry("number_routing.voice_target", URL),
            entry("number_routing.sms_path", FUNCTION_PATH),
            entry("number_routing.voice_path", FUNCTION_PATH),
            entry("calls.route_target", URL),
            entry("calls.params", PARAMS_JSON),
            entry("conferences.name", CONFERENCE_NAME),
            entry("conferences.live_name", CONFERENCE_NAME),
            entry("webhook_endpoints.url", URL),
            entry("webhook_endpoints.event_types", EVENT_TYPES * (EVENT_TYPE + 1) - 1),
            entry("webhook_endpoints.description", DESCRIPTION),
            entry("webhook_deliveries.callback_url", URL),
            entry("otp_verifications.locale", LOCALE),
            entry("otp_verifications.app_name", OTP_APP_NAME),
            entry("otp_verifications.template", OTP_TEMPLATE),
            entry("otp_verifications.app_hash", OTP_APP_HASH),
            entry("otp_verifications.web_otp_domain", OTP_DOMAIN),
            entry("otp_verifications.client_ip", IP),
            entry("otp_sends.client_ip", IP),
            entry("otp_idempotency.idem_key", IDEMPOTENCY_KEY),
            entry("otp_policies.allowed_countries", 250 * (COUNTRY + 1)),
            entry("port_documents.filename", FILE_NAME),
            entry("number_transfers.to_project_id", ID),
            entry("port_outs.gaining_carrier", CARRIER_NAME),
            entry("port_ins.carrier_name", CARRIER_NAME),
            entry("port_ins.account_number", ACCOUNT_NUMBER),
            entry("port_ins.account_pin", ACCOUNT_PIN),
            entry("port_ins.authorized_name", PERSON_NAME),
            entry("port_ins.service_address", ADDRESS),
            entry("port_ins.documents", PORT_DOCUMENTS * (ID + 1) - 1),
            entry("port_ins.notification_emails", EMAILS * (EMAIL + 1) - 1),
            entry("port_ins.signer_name", PERSON_NAME),
            entry("port_ins.signer_title", TITLE),
            entry("a2p_brands.company_name", A2P_NAME),
            entry("a2p_brands.display_name", A2P_NAME),
            entry("a2p_brands.website", URL),
            entry("a2p_brands.email", EMAIL),
            entry("a2p_brands.street", A2P_NAME),
            entry("a2p_brands.city", A2P_CITY),
            entry("a2p_brands.state", A2P_STATE),
            entry("a2p_brands.postal_code", A2P_POSTAL_CODE),
            entry("a2p_brands.stock_symbol", STOCK_SYMBOL),
            entry("a2p_brands.contact_name", A2P_CONTACT_NAME),
            entry("a2p_brands.contact_email", EMAIL),
            entry("a2p_campaigns.description", CAMPAIGN_DESCRIPTION),
            entry("a2p_campaigns.message_flow", MESSAGE_FLOW),
            entry("a2p_campaigns.opt_in_keywords", KEYWORDS),
            entry("a2p_campaigns.opt_out_keywords", KEYWORDS),
            entry("a2p_campaigns.help_keywords", KEYWORDS),
            entry("a2p_campaigns.opt_in_message", KEYWORD_MESSAGE),
            entry("a2p_campaigns.opt_out_message", KEYWORD_MESSAGE),
            entry("a2p_campaigns.help_message", KEYWORD_MESSAGE),
            entry("a2p_samples.body", MESSAGE_SAMPLE),
            entry("a2p_tollfree.business_name", A2P_NAME),
            entry("a2p_tollfree.website", URL),
            entry("a2p_tollfree.email", EMAIL),
            entry("a2p_tollfree.opt_in_image_urls", OPT_IN_IMAGE_URLS * (URL + 1) - 1));

    private Limits() {
    }
}
