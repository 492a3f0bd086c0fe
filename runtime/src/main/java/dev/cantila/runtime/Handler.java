package dev.cantila.runtime;

/** The triggers a script can export, by their JS export name. */
public enum Handler {
    SMS("onSms"),
    CALL("onCall");

    private final String exportName;

    Handler(String exportName) {
        this.exportName = exportName;
    }

    public String exportName() {
        return exportName;
    }
}
