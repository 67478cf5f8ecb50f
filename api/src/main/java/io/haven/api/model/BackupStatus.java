package io.haven.api.model;

/** The outcome of a backup run (guide 8). */
public enum BackupStatus { IN_PROGRESS, SUCCESSFUL, PARTIALLY_SUCCESSFUL, FAILED }
