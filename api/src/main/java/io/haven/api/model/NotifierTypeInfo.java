package io.haven.api.model;

import java.util.List;

/** A notifier type a plugin offers, with the settings it takes. */
public record NotifierTypeInfo(String type, String description, List<NotifierSetting> settings) {
}
