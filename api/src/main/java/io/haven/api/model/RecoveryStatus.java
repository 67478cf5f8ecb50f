package io.haven.api.model;

/** How a recovery stands (the recovery monitor, guide 3.1). */
public enum RecoveryStatus { IN_PROGRESS, SUCCESSFUL, FAILED }
