package dev.cantila.engine.sms;
import java.util.Map;
// PLACEHOLDER until branch smstext merges
public final class Templates {
    private final dev.cantila.engine.storage.Database db;
    public Templates(dev.cantila.engine.storage.Database db) { this.db = db; }
    public String render(String projectId, String templateId, Map<String,String> vars) { return TemplateText.render(text(projectId, templateId), vars); }
    public String text(String projectId, String templateId) {
        return dev.cantila.engine.storage.Database.one(db.exec(), "SELECT body FROM sms_templates WHERE id = ? AND project_id = ?", r -> dev.cantila.engine.storage.Database.str(r, "body"), templateId, projectId)
            .orElseThrow(() -> dev.cantila.engine.core.ApiException.notFound("template", templateId));
    }
}
