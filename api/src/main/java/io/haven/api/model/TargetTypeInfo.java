package io.haven.api.model;

/** A target type that a plugin serves right now. */
public record TargetTypeInfo(String id, String displayName) {
}
