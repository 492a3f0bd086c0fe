package dev.cantila.engine.sms;

import dev.cantila.engine.App;
import dev.cantila.engine.storage.Database;

/** PLACEHOLDER until branch numbers merges: activates SMS on a number by SQL. */
final class SmsFixtures {
    static void activate(App app, String project, String e164) {
        Database.update(app.database().exec(), "INSERT INTO numbers (e164, country, area_code, number_type, cap_sms,"
                + " cap_voice, cap_mms, setup_fee, monthly_fee, currency, status, project_id) VALUES (?, 'US', '415',"
                + " 'local', TRUE, TRUE, TRUE, 100, 115, 'USD', 'held', ?)", e164, project);
        Database.update(app.database().exec(), "INSERT INTO sms_activations (project_id, e164, api_key_id, activated_at)"
                + " VALUES (?, ?, 'key_x', 0)", project, e164);
    }
}
