/**
 * Asking AWS what an identity may do: IAM policy simulation and harmless probe calls, for the permission
 * check (guide 14.3).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.haven.aws.iam;
