package io.haven.api.model;

/** Why a backup run started. */
public enum BackupTrigger { SCHEDULE, MANUAL, RETRY }
