/**
 * How Haven names and tags the artifacts it creates (DB snapshots, cluster snapshots, ...), shared
 * by the target types so that every artifact can be found again by its backup id after a crash.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.haven.aws.artifact;
