package io.haven.api.model;

/**
 * One setting a notifier type takes.
 *
 * @param name        its key in the settings map
 * @param description what it is, for people
 * @param required    whether it must be given
 * @param secret      whether it is a secret: stored encrypted, never shown, never logged
 */
public record NotifierSetting(String name, String description, boolean required, boolean secret) {

    public static NotifierSetting required(String name, String description) {
        return new NotifierSetting(name, description, true, false);
    }

    public static NotifierSetting optional(String name, String description) {
        return new NotifierSetting(name, description, false, false);
    }

    public static NotifierSetting secret(String name, String description, boolean required) {
        return new NotifierSetting(name, description, required, true);
    }
}
