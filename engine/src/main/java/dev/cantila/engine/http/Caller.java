package dev.cantila.engine.http;

import dev.cantila.engine.core.ApiException;

/**
 * Who is calling, as established by {@link AuthFilter}: the operator (every project), a project's own key,
 * or a project's SMS key ({@code CANTILA_SMS_API_KEY}, limited to that project's SMS routes).
 *
 * <p>Tenancy rule, the same on every route: a project or SMS key used on another project's resource gets
 * <b>403 forbidden</b> — whether or not that project exists, so keys cannot probe for ids. Only the operator
 * sees 404 for an unknown project.
 */
public record Caller(Role role, String projectId) {

    public enum Role { OPERATOR, PROJECT, SMS }

    public static Caller operator() {
        return new Caller(Role.OPERATOR, null);
    }

    public boolean isOperator() {
        return role == Role.OPERATOR;
    }

    /** May this caller act on project {@code id}'s non-SMS routes? */
    public void requireProject(String id) {
        if (role == Role.OPERATOR) {
            return;
        }
        if (role == Role.SMS) {
            throw new ApiException(ApiException.Kind.FORBIDDEN, "forbidden",
                    "an SMS key may only use its project's /sms routes", null);
        }
        requireOwn(id);
    }

    /** May this caller act on project {@code id}'s SMS routes? */
    public void requireSms(String id) {
        if (role != Role.OPERATOR) {
            requireOwn(id);
        }
    }

    public void requireOperator() {
        if (role != Role.OPERATOR) {
            throw new ApiException(ApiException.Kind.FORBIDDEN, "forbidden", "this route needs the operator key", null);
        }
    }

    private void requireOwn(String id) {
        if (!projectId.equals(id)) {
            throw new ApiException(ApiException.Kind.FORBIDDEN, "forbidden",
                    "this key belongs to another project", null);
        }
    }
}
