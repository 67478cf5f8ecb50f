/**
 * Which AWS permissions Haven needs for each feature, and the check of an account against them (guide
 * 14.3). Plugins register a {@link io.haven.api.permission.PermissionNeeds} service saying what their
 * features call and how to test one action without changing anything; core asks AWS (IAM policy simulation
 * where allowed, those harmless calls otherwise) and answers a {@link io.haven.api.permission.PermissionReport}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.haven.api.permission;
