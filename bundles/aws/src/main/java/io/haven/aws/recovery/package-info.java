/**
 * Helpers that recovery plugins share: reading choices against a recoverable's options, derived
 * names, tags recorded as artifact details, and EC2 look-ups for checks.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.haven.aws.recovery;
