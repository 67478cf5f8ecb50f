package io.haven.api.model;

import java.time.Instant;

/**
 * How a backup sits in the freezer (guide 8.3).
 *
 * @param name        unique among frozen backups
 * @param description optional
 * @param frozenAt    when it was moved there
 */
public record Frozen(String name, String description, Instant frozenAt) {
}
