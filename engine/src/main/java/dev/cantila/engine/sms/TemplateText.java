package dev.cantila.engine.sms;
import java.util.*;
// PLACEHOLDER until branch smstext merges
public final class TemplateText {
    public static List<String> variables(String t) { return List.of(); }
    public static String render(String t, Map<String,String> vars) { String s = t; for (var e : vars.entrySet()) s = s.replace("{{" + e.getKey() + "}}", e.getValue()); 
        if (s.contains("{{")) throw dev.cantila.engine.core.ApiException.invalid("missing_template_variables", "vars", "missing template variables"); return s; }
}
